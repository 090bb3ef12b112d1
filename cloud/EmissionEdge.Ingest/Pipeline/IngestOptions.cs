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

    /// <summary>
    /// How long after it last stored a new record a gateway whose last reported journal backlog (application property
    /// <c>backlog</c>, kept in its health until a later message reports another) is above 0 still counts as catching up. While one of a unit's gateways is catching up, the
    /// hours after the unit's last data do not count toward a data gap: those records are late, not missing. A gateway
    /// that makes no progress for longer (quiet, or only replaying) with records still in its journal counts as silent
    /// again, and its unit's gap is judged up to the clock.
    /// </summary>
    public TimeSpan CatchUpTimeout { get; set; } = TimeSpan.FromMinutes(15);
}
