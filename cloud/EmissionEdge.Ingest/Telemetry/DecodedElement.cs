namespace EmissionEdge.Ingest.Telemetry;

/// <summary>One element of a decoded message: a record, or the reason the element is not one.</summary>
public readonly struct DecodedElement
{
    private DecodedElement(TelemetryRecord? record, string? error, ReadOnlyMemory<byte> rawBytes)
    {
        Record = record;
        Error = error;
        RawBytes = rawBytes;
    }

    /// <summary>The record, when the element decoded.</summary>
    public TelemetryRecord? Record { get; }

    /// <summary>Why the element was rejected, naming field and value; <see langword="null"/> for a record.</summary>
    public string? Error { get; }

    /// <summary>The element's bytes as sent.</summary>
    public ReadOnlyMemory<byte> RawBytes { get; }

    /// <summary>An element that decoded.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The element.</returns>
    public static DecodedElement Decoded(TelemetryRecord record) => new(record, null, record.RawBytes);

    /// <summary>An element that did not decode.</summary>
    /// <param name="error">The reason.</param>
    /// <param name="rawBytes">The element's bytes.</param>
    /// <returns>The element.</returns>
    public static DecodedElement Failed(string error, ReadOnlyMemory<byte> rawBytes) => new(null, error, rawBytes);
}
