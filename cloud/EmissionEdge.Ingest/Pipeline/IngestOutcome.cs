namespace EmissionEdge.Ingest.Pipeline;

/// <summary>What happened to one message.</summary>
public enum IngestStatus
{
    /// <summary>Every record was stored (or absorbed as an identical replay, with at least one new record).</summary>
    Accepted,
    /// <summary>Every record was an identical replay of a stored one.</summary>
    Duplicate,
    /// <summary>Some records were stored, others dead-lettered.</summary>
    PartiallyAccepted,
    /// <summary>Nothing was stored; the message or all its records were dead-lettered.</summary>
    Rejected,
}

/// <summary>The outcome of one message.</summary>
/// <param name="Status">Summary status.</param>
/// <param name="Accepted">Records stored.</param>
/// <param name="Duplicates">Identical replays absorbed.</param>
/// <param name="Rejected">Records (or the whole message, counted as one) dead-lettered.</param>
/// <param name="Reasons">Why records were rejected, naming field and value.</param>
public sealed record IngestOutcome(IngestStatus Status, int Accepted, int Duplicates, int Rejected, IReadOnlyList<string> Reasons)
{
    internal static IngestOutcome From(int accepted, int duplicates, List<string> reasons)
    {
        var rejected = reasons.Count;
        var status = (accepted, duplicates, rejected) switch
        {
            (> 0, _, 0) => IngestStatus.Accepted,
            (0, > 0, 0) => IngestStatus.Duplicate,
            (> 0, _, > 0) or (0, > 0, > 0) => IngestStatus.PartiallyAccepted,
            _ => IngestStatus.Rejected,
        };
        return new IngestOutcome(status, accepted, duplicates, rejected, reasons);
    }
}
