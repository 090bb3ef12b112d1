namespace EmissionEdge.Ingest.Storage;

/// <summary>A message or record that was not stored as telemetry, kept with the reason and the raw bytes.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="Device">The transport's device id (may be empty when the transport gave none).</param>
/// <param name="Reason">Why it was rejected, naming field and value.</param>
/// <param name="Category">A short machine-readable category (see <see cref="DeadLetterCategory"/>).</param>
/// <param name="RawBytes">The bytes as received.</param>
/// <param name="EnqueuedUtc">When the transport enqueued the message.</param>
/// <param name="RecordedUtc">When it was dead-lettered.</param>
public sealed record DeadLetter(string Id, string Device, string Reason, string Category, byte[] RawBytes, DateTime EnqueuedUtc, DateTime RecordedUtc);

/// <summary>Categories of dead letters.</summary>
public static class DeadLetterCategory
{
    /// <summary>Not JSON, or not a telemetry record.</summary>
    public const string Malformed = "malformed";
    /// <summary>The message exceeds <see cref="Telemetry.TelemetryContract.MaxMessageBytes"/>.</summary>
    public const string Oversize = "oversize";
    /// <summary>The transport's device id is not registered, or absent.</summary>
    public const string UnknownDevice = "unknown-device";
    /// <summary>The body's <c>device</c> or <c>unit</c> disagrees with the transport and the registry.</summary>
    public const string Spoofed = "spoofed";
    /// <summary>A different body for a (device, seq) already stored.</summary>
    public const string Conflict = "conflict";
    /// <summary>The device signs its records but this one has no <c>mac</c>.</summary>
    public const string MacMissing = "mac-missing";
}
