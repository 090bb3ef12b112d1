using System.Security.Cryptography;
using System.Text;

namespace EmissionEdge.Ingest.Alerts;

/// <summary>
/// The signature of a regulator webhook delivery: header <c>X-EmissionEdge-Signature: sha256=&lt;hex&gt;</c>, where
/// hex is the lowercase hexadecimal HMAC-SHA256 of the exact request body bytes, keyed with the UTF-8 bytes of the
/// regulator's secret.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "X-EmissionEdge-Signature";

    /// <summary>The header value for a body.</summary>
    /// <param name="secret">The regulator's secret.</param>
    /// <param name="body">The exact body bytes.</param>
    /// <returns><c>sha256=</c> followed by 64 lowercase hex digits.</returns>
    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Checks a header value in constant time (what a receiver does).</summary>
    /// <param name="secret">The regulator's secret.</param>
    /// <param name="body">The exact body bytes received.</param>
    /// <param name="headerValue">The received header value.</param>
    /// <returns><see langword="true"/> when the signature matches.</returns>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? headerValue) =>
        headerValue is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, body)), Encoding.ASCII.GetBytes(headerValue));
}
