using EmissionEdge.Ingest.Devices;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Ingest.Telemetry;

namespace EmissionEdge.Ingest.Pipeline;

/// <summary>
/// One message decoded and checked against the device registry (<see cref="IngestPipeline.Screen"/>), without the store:
/// its records ready to store and what was rejected, with the reasons. Stored by <see cref="IngestPipeline.CommitScreenedAsync"/>.
/// </summary>
public sealed class ScreenedMessage
{
    internal ScreenedMessage(IngestMessage message, DateTime screenedUtc)
    {
        Message = message;
        ScreenedUtc = screenedUtc;
    }

    /// <summary>The message as the transport delivered it.</summary>
    public IngestMessage Message { get; }

    /// <summary>How many of its records passed the checks (what storing it costs).</summary>
    public int RecordCount => Records.Count;

    /// <summary>When it was screened (the time its dead letters record).</summary>
    internal DateTime ScreenedUtc { get; }

    /// <summary>Records that passed the checks, in the message's order.</summary>
    internal List<ScreenedRecord> Records { get; } = [];

    /// <summary>The message or records rejected, with their raw bytes.</summary>
    internal List<DeadLetter> DeadLetters { get; } = [];

    /// <summary>Signed devices' records that came without a mac: each raises a mac chain alert when stored.</summary>
    internal List<(string Unit, DateTime MinuteUtc, string Detail)> MissingMacs { get; } = [];

    internal void Reject(string reason, string category, ReadOnlyMemory<byte> raw) =>
        DeadLetters.Add(DeadLetterOf(Message, reason, category, raw, ScreenedUtc));

    /// <summary>A new dead letter of <paramref name="message"/> (or of one of its records, <paramref name="raw"/>).</summary>
    internal static DeadLetter DeadLetterOf(IngestMessage message, string reason, string category, ReadOnlyMemory<byte> raw, DateTime recordedUtc) =>
        new(Guid.NewGuid().ToString("N"), message.DeviceId ?? string.Empty, reason, category, raw.ToArray(), message.EnqueuedTime.UtcDateTime, recordedUtc);
}

/// <summary>A record of a screened message: what to store, the decoded record, its device and raw bytes.</summary>
internal sealed record ScreenedRecord(StoredMinute Minute, TelemetryRecord Record, DeviceRegistration Device, ReadOnlyMemory<byte> RawBytes);
