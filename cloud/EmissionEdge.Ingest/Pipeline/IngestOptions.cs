namespace EmissionEdge.Ingest.Pipeline;

/// <summary>Ingest pipeline settings (configuration section <see cref="SectionName"/>).</summary>
public sealed class IngestOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ingest";

    /// <summary>
    /// How long after its end an hour stays open for late minutes before CloseHours closes it. A change to a closed
    /// hour is a revision (its revision number goes up and the change is announced).
    /// </summary>
    public TimeSpan HourGracePeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How far before the earliest changed hour alerts are re-derived (the window also reaches back to the start of any
    /// alert still open, and to the start of that China-time month, so monthly coal figures are whole).
    /// </summary>
    public TimeSpan AlertLookback { get; set; } = TimeSpan.FromHours(24);
}
