using System.Security.Cryptography;

namespace EmissionEdge.Ingest.Integrity;

/// <summary>
/// The telemetry mac chain (<c>telemetry.md</c>): <c>mac(n) = HMAC-SHA256(deviceKey, mac(n-1) ‖ canonical(n))</c>,
/// where <c>canonical</c> is the record as sent without its <c>mac</c> member. The first record of a chain
/// (no previous record) uses an empty previous mac, as the gateway core's encoder does
/// (tests/contract/telemetry/mac-chain-1.json).
/// </summary>
public static class MacChain
{
    /// <summary>Computes a record's mac.</summary>
    /// <param name="deviceKey">The device key bytes.</param>
    /// <param name="previousMac">The previous record's mac bytes (empty for the first record).</param>
    /// <param name="canonicalRecord">The record's canonical bytes.</param>
    /// <returns>The 32-byte mac.</returns>
    public static byte[] Compute(ReadOnlySpan<byte> deviceKey, ReadOnlySpan<byte> previousMac, ReadOnlySpan<byte> canonicalRecord)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, deviceKey);
        hmac.AppendData(previousMac);
        hmac.AppendData(canonicalRecord);
        return hmac.GetHashAndReset();
    }

    /// <summary>Checks a record's mac against its predecessor, in constant time.</summary>
    /// <param name="deviceKey">The device key bytes.</param>
    /// <param name="previousMac">The previous record's mac bytes (empty for the first record).</param>
    /// <param name="canonicalRecord">The record's canonical bytes.</param>
    /// <param name="mac">The mac the record carries.</param>
    /// <returns><see langword="true"/> when the link holds.</returns>
    public static bool Verify(ReadOnlySpan<byte> deviceKey, ReadOnlySpan<byte> previousMac, ReadOnlySpan<byte> canonicalRecord, ReadOnlySpan<byte> mac) =>
        CryptographicOperations.FixedTimeEquals(Compute(deviceKey, previousMac, canonicalRecord), mac);
}
