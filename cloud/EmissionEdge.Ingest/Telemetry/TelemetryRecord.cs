using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Ingest.Telemetry;

/// <summary>One decoded minute record of the telemetry contract, with the bytes the mac chain is computed over.</summary>
public sealed class TelemetryRecord
{
    /// <summary>Creates a decoded record.</summary>
    /// <param name="device">The body's <c>device</c>.</param>
    /// <param name="seq">The body's <c>seq</c>.</param>
    /// <param name="minute">The readings, with the body's <c>unit</c> and <c>minute</c>.</param>
    /// <param name="mac">The decoded <c>mac</c>, or <see langword="null"/> when the record has none.</param>
    /// <param name="rawBytes">The record exactly as sent (for a batch, the element's bytes).</param>
    /// <param name="canonicalBytes">The record as sent without its <c>mac</c> member (the bytes the mac covers).</param>
    public TelemetryRecord(string device, long seq, MinuteRecord minute, byte[]? mac, ReadOnlyMemory<byte> rawBytes, ReadOnlyMemory<byte> canonicalBytes)
    {
        Device = device;
        Seq = seq;
        Minute = minute;
        Mac = mac;
        RawBytes = rawBytes;
        CanonicalBytes = canonicalBytes;
    }

    /// <summary>The device id the body claims (checked against the transport's device id).</summary>
    public string Device { get; }

    /// <summary>The unit id the body claims (checked against the registry).</summary>
    public string Unit => Minute.Unit;

    /// <summary>Per-device sequence number; (device, seq) is the idempotency key.</summary>
    public long Seq { get; }

    /// <summary>UTC start of the minute.</summary>
    public DateTime MinuteUtc => Minute.MinuteUtc;

    /// <summary>The channel readings.</summary>
    public MinuteRecord Minute { get; }

    /// <summary>HMAC-SHA256 chain value, or <see langword="null"/> when absent.</summary>
    public byte[]? Mac { get; }

    /// <summary>The record's bytes as sent.</summary>
    public ReadOnlyMemory<byte> RawBytes { get; }

    /// <summary>The record's bytes as sent, without the <c>mac</c> member (and the comma that separated it).</summary>
    public ReadOnlyMemory<byte> CanonicalBytes { get; }
}
