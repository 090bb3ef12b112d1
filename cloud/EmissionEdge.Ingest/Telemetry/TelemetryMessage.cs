namespace EmissionEdge.Ingest.Telemetry;

/// <summary>A decoded telemetry body: one record, or the elements of a <c>{"batch":[…]}</c>.</summary>
public sealed class TelemetryMessage
{
    /// <summary>Creates a decoded message.</summary>
    /// <param name="isBatch">Whether the body was a batch.</param>
    /// <param name="elements">The elements in body order.</param>
    public TelemetryMessage(bool isBatch, IReadOnlyList<DecodedElement> elements)
    {
        IsBatch = isBatch;
        Elements = elements;
    }

    /// <summary>Whether the body was a <c>{"batch":[…]}</c>.</summary>
    public bool IsBatch { get; }

    /// <summary>The elements, each a record or the reason it was rejected.</summary>
    public IReadOnlyList<DecodedElement> Elements { get; }
}
