using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Compliance.Periods;

/// <summary>The kind of a pollutant roll-up period.</summary>
public enum PeriodKind
{
    /// <summary>A China-local calendar day.</summary>
    Day = 0,
    /// <summary>A China-local calendar month.</summary>
    Month = 1,
}

/// <summary>A day or month roll-up of one pollutant of one unit, from its hour results.</summary>
public sealed record PollutantPeriodResult
{
    /// <summary>The unit id.</summary>
    public required string Unit { get; init; }

    /// <summary>The pollutant.</summary>
    public required Pollutant Pollutant { get; init; }

    /// <summary>Day or month.</summary>
    public required PeriodKind Kind { get; init; }

    /// <summary>The China-local day, or the first day of the month.</summary>
    public required DateOnly First { get; init; }

    /// <summary>The period as reported: <c>2026-03-15</c> or <c>2026-03</c>.</summary>
    public required string Period { get; init; }

    /// <summary>Valid hours of the pollutant in the period.</summary>
    public required int ValidHours { get; init; }

    /// <summary>Valid days in the period (a month: days with at least <see cref="ComplianceOptions.MinValidHoursPerDay"/> valid hours; a day: 1 or 0).</summary>
    public required int ValidDays { get; init; }

    /// <summary>A day: at least <see cref="ComplianceOptions.MinValidHoursPerDay"/> (20) valid hours. A month: at least one valid day.</summary>
    public required bool Valid { get; init; }

    /// <summary>Arithmetic mean of the valid hours' unrounded corrected averages; <see langword="null"/> without valid hours.</summary>
    public required double? RawCorrectedAverage { get; init; }

    /// <summary><see cref="RawCorrectedAverage"/> rounded half-to-even to the reporting decimals.</summary>
    public required decimal? CorrectedAverage { get; init; }

    /// <summary>Arithmetic mean of the valid hours' unrounded dry standard averages, rounded.</summary>
    public required decimal? Average { get; init; }

    /// <summary>Sum of the hours' masses, kg (<see langword="null"/> when no hour had one).</summary>
    public required double? MassKg { get; init; }

    /// <summary>Exceeding valid hours in the period.</summary>
    public required int ExceedingHours { get; init; }

    /// <summary>The limit in force on the period's first day, mg/m3 (for a day average: informative; compliance is judged per hour).</summary>
    public required decimal Limit { get; init; }

    /// <summary>Whether the period is valid and its reported corrected average is above <see cref="Limit"/>.</summary>
    public required bool Exceeds { get; init; }
}
