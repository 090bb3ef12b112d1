namespace EmissionEdge.Compliance.Coal;

/// <summary>The kind of period of a net coal consumption result.</summary>
public enum CoalPeriodKind
{
    /// <summary>A China-local calendar month.</summary>
    Month = 0,
    /// <summary>The 12 China-local calendar months ending with (and including) a month.</summary>
    Rolling12Months = 1,
}

/// <summary>Net coal consumption of one unit over a period: Σ standard coal × 1e6 / Σ net kWh (never a mean of rates).</summary>
public sealed record CoalPeriodResult
{
    /// <summary>The unit id.</summary>
    public required string Unit { get; init; }

    /// <summary>Month or rolling 12 months.</summary>
    public required CoalPeriodKind Kind { get; init; }

    /// <summary>The period as reported: <c>2026-03</c> for a month, <c>2025-04/2026-03</c> for rolling 12 months.</summary>
    public required string Period { get; init; }

    /// <summary>First day of the first month of the period (China-local).</summary>
    public required DateOnly FirstMonth { get; init; }

    /// <summary>First day of the last month of the period (China-local).</summary>
    public required DateOnly LastMonth { get; init; }

    /// <summary>UTC start of the period (00:00 +08:00 of its first day).</summary>
    public required DateTime StartUtc { get; init; }

    /// <summary>UTC end of the period (exclusive).</summary>
    public required DateTime EndUtc { get; init; }

    /// <summary>Whether the period has ended by the evaluation's as-of time (only closed months raise coal alerts).</summary>
    public required bool Closed { get; init; }

    /// <summary>Hours with coal or power data in the period.</summary>
    public required int Hours { get; init; }

    /// <summary>Hours that burnt coal but had no LHV (no per-day value, no unit default): standard coal is unknown for them.</summary>
    public required int HoursWithoutLhv { get; init; }

    /// <summary>Raw coal, t.</summary>
    public required double RawCoalTonnes { get; init; }

    /// <summary>Standard coal over the hours with a known LHV, t.</summary>
    public required double StandardCoalTonnes { get; init; }

    /// <summary>Gross generation, kWh.</summary>
    public required double GrossKwh { get; init; }

    /// <summary>Auxiliary consumption, kWh.</summary>
    public required double AuxKwh { get; init; }

    /// <summary>Net energy supplied, kWh.</summary>
    public double NetKwh => GrossKwh - AuxKwh;

    /// <summary>Unrounded net coal consumption, gce/kWh; <see langword="null"/> when net energy is not positive or an hour lacked its LHV.</summary>
    public required double? RawNetGcePerKwh { get; init; }

    /// <summary>Net coal consumption rounded half-to-even to the reporting decimals, gce/kWh.</summary>
    public required decimal? NetGcePerKwh { get; init; }

    /// <summary>The unit's coal limit, gce/kWh.</summary>
    public required decimal Limit { get; init; }

    /// <summary>
    /// Whether the reported rate fails the limit. The provincial plans require the rate to be <b>below</b> the limit
    /// (domain.md §1: existing units &lt; 320), so a rate equal to the limit fails: <c>NetGcePerKwh ≥ Limit</c>.
    /// </summary>
    public required bool Exceeds { get; init; }
}
