namespace EmissionEdge.Ingest.Integrity;

/// <summary>What is wrong with a link of a device's stored mac chain.</summary>
public enum ChainBreak
{
    /// <summary>The record's mac does not follow from the previous record's mac and the record's canonical bytes.</summary>
    MacMismatch,
    /// <summary>Sequence numbers are missing before this record: the chain cannot be followed across them.</summary>
    MissingSeq,
    /// <summary>The stored readings (what the engine evaluates) differ from the signed record the gateway sent.</summary>
    ContentChanged,
    /// <summary>The device signs its records, but this stored record has no mac.</summary>
    MacMissing,
    /// <summary>The record's canonical bytes were not kept (stored before the audit existed): its link cannot be checked.</summary>
    NotAuditable,
}

/// <summary>One broken link found by <see cref="StoredChainAuditor"/>.</summary>
/// <param name="Device">The device.</param>
/// <param name="Seq">The sequence number of the record the break shows at.</param>
/// <param name="MinuteUtc">The record's minute (UTC).</param>
/// <param name="Break">What is wrong.</param>
/// <param name="Detail">One sentence for a regulator: what was compared and what differed.</param>
public sealed record ChainFinding(string Device, long Seq, DateTime MinuteUtc, ChainBreak Break, string Detail);

/// <summary>The result of auditing the stored chains of some devices.</summary>
/// <param name="Devices">How many devices were audited.</param>
/// <param name="RecordsChecked">How many stored records were checked.</param>
/// <param name="Findings">Every broken link, by device then seq.</param>
public sealed record ChainAuditReport(int Devices, int RecordsChecked, IReadOnlyList<ChainFinding> Findings)
{
    /// <summary>Whether no link is broken.</summary>
    public bool IsClean => Findings.Count == 0;
}
