using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Ingest.Storage;

/// <summary>A minute record as stored: its idempotency key (device, seq), the readings, and its integrity state.</summary>
/// <param name="Device">The device that sent it.</param>
/// <param name="Seq">The device's sequence number.</param>
/// <param name="Record">Unit, minute and readings.</param>
/// <param name="Readings">The readings encoded by <see cref="MinuteRecordCodec.EncodeReadings"/> (what the stores keep).</param>
/// <param name="ContentHash">SHA-256 of the decoded content and mac (<see cref="MinuteRecordCodec.ContentHash"/>); tells an identical replay from a conflicting one.</param>
/// <param name="Mac">The record's mac, or <see langword="null"/>.</param>
/// <param name="Integrity">Result of the mac chain check.</param>
/// <param name="ReceivedUtc">When the message was enqueued by the transport.</param>
public sealed record StoredMinute(string Device, long Seq, MinuteRecord Record, byte[] Readings, byte[] ContentHash, byte[]? Mac, MacStatus Integrity, DateTime ReceivedUtc)
{
    /// <summary>
    /// For an <see cref="MacStatus.Unverified"/> record: its canonical bytes (the record as sent without <c>mac</c>), kept
    /// so the link can be checked when its predecessor arrives; <see langword="null"/> otherwise.
    /// </summary>
    public byte[]? PendingCanonical { get; init; }
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
