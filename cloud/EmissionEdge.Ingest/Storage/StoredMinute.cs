using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Ingest.Storage;

/// <summary>A minute record as stored: its idempotency key (device, seq), the readings, and its integrity state.</summary>
public sealed record StoredMinute
{
    private byte[]? _contentHash;

    /// <summary>Creates a stored minute with its content hash.</summary>
    /// <param name="device">The device that sent it.</param>
    /// <param name="seq">The device's sequence number.</param>
    /// <param name="record">Unit, minute and readings.</param>
    /// <param name="readings">The readings encoded by <see cref="MinuteRecordCodec.EncodeReadings"/> (what the stores keep).</param>
    /// <param name="contentHash">SHA-256 of the decoded content and mac (<see cref="MinuteRecordCodec.ContentHash"/>).</param>
    /// <param name="mac">The record's mac, or <see langword="null"/>.</param>
    /// <param name="integrity">Result of the mac chain check.</param>
    /// <param name="receivedUtc">When the message was enqueued by the transport.</param>
    public StoredMinute(string device, long seq, MinuteRecord record, byte[] readings, byte[] contentHash, byte[]? mac, MacStatus integrity, DateTime receivedUtc)
        : this(device, seq, record, readings, mac, integrity, receivedUtc)
    {
        ArgumentNullException.ThrowIfNull(contentHash);
        _contentHash = contentHash;
    }

    /// <summary>
    /// Creates a stored minute whose <see cref="ContentHash"/> is computed when first asked for: a store that tells a
    /// replay from a conflict by comparing the content itself (SQLite) never needs it.
    /// </summary>
    /// <param name="device">The device that sent it.</param>
    /// <param name="seq">The device's sequence number.</param>
    /// <param name="record">Unit, minute and readings.</param>
    /// <param name="readings">The readings encoded by <see cref="MinuteRecordCodec.EncodeReadings"/> (what the stores keep).</param>
    /// <param name="mac">The record's mac, or <see langword="null"/>.</param>
    /// <param name="integrity">Result of the mac chain check.</param>
    /// <param name="receivedUtc">When the message was enqueued by the transport.</param>
    public StoredMinute(string device, long seq, MinuteRecord record, byte[] readings, byte[]? mac, MacStatus integrity, DateTime receivedUtc)
    {
        Device = device;
        Seq = seq;
        Record = record;
        Readings = readings;
        Mac = mac;
        Integrity = integrity;
        ReceivedUtc = receivedUtc;
    }

    /// <summary>The device that sent it.</summary>
    public string Device { get; init; }

    /// <summary>The device's sequence number.</summary>
    public long Seq { get; init; }

    /// <summary>Unit, minute and readings.</summary>
    public MinuteRecord Record { get; init; }

    /// <summary>The readings encoded by <see cref="MinuteRecordCodec.EncodeReadings"/> (what the stores keep).</summary>
    public byte[] Readings { get; init; }

    /// <summary>
    /// SHA-256 of the decoded content and mac (<see cref="MinuteRecordCodec.ContentHash"/>): equal for an identical replay
    /// whatever its JSON formatting, so it tells an identical replay from a conflicting one. Computed from
    /// <see cref="Record"/>, <see cref="Readings"/> and <see cref="Mac"/> when not given.
    /// </summary>
    public byte[] ContentHash
    {
        get => _contentHash ??= MinuteRecordCodec.ContentHash(Record, Readings, Mac);
        init => _contentHash = value;
    }

    /// <summary>The record's mac, or <see langword="null"/>.</summary>
    public byte[]? Mac { get; init; }

    /// <summary>Result of the mac chain check.</summary>
    public MacStatus Integrity { get; init; }

    /// <summary>When the message was enqueued by the transport.</summary>
    public DateTime ReceivedUtc { get; init; }

    /// <summary>
    /// For a signed record: its canonical bytes (the record as sent without <c>mac</c>), kept so its mac can be checked
    /// again later: when its predecessor arrives (an <see cref="MacStatus.Unverified"/> record), and by the audit of the
    /// stored chain (<see cref="Integrity.StoredChainAuditor"/>); <see langword="null"/> for an unsigned record.
    /// </summary>
    public byte[]? Canonical { get; init; }
}

/// <summary>Outcome of the mac chain check of one record.</summary>
public enum MacStatus : byte
{
    /// <summary>The device does not sign its records.</summary>
    NotSigned = 0,
    /// <summary>The link to the previous record verified, or the record verified as a chain start (empty previous mac).</summary>
    Verified = 1,
    /// <summary>The previous record is not (yet) stored and the record is no chain start, so the link could not be checked.</summary>
    Unverified = 2,
    /// <summary>The mac does not match: tamper or loss; an alert was raised.</summary>
    Broken = 3,
}

/// <summary>What adding a minute did.</summary>
public enum MinuteAddResult
{
    /// <summary>New (device, seq): stored.</summary>
    Added,
    /// <summary>Same (device, seq) with the same content: an identical replay, absorbed.</summary>
    Duplicate,
    /// <summary>Same (device, seq) with different content: not stored.</summary>
    Conflict,
}
