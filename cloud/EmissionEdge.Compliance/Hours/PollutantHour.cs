using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Compliance.Hours;

/// <summary>
/// The hourly result of one pollutant of one unit. A value type with value equality: two results of the same hour are
/// equal exactly when nothing in them changed (the test for a revision).
/// </summary>
public readonly record struct PollutantHour
{
    /// <summary>The pollutant.</summary>
    public Pollutant Pollutant { get; init; }

    /// <summary>Whether any minute of the hour carries a reading of the pollutant (for NOx: NOx, or NO). An unmeasured pollutant has no hour.</summary>
    public bool Measured { get; init; }

    /// <summary>Minutes that count: flag N or T, standardizable (at most 60, duplicates counted once).</summary>
    public int ValidMinutes { get; init; }

    /// <summary>Minutes of the hour without any reading of the pollutant (no record, or the channel absent); counted as B for <see cref="Flag"/>.</summary>
    public int MissingMinutes { get; init; }

    /// <summary>Whether the hour is valid: at least <see cref="ComplianceOptions.MinValidMinutesPerHour"/> (45) valid minutes.</summary>
    public bool Valid { get; init; }

    /// <summary>
    /// The hour's flag. Valid hour: T when any counted minute was T (over range, suspect), else N. Invalid hour: the most
    /// frequent excluding flag among the 60 minutes, missing minutes counting as B, ties going to the first of F, M, S, D, C, B.
    /// </summary>
    public DataFlag Flag { get; init; }

    /// <summary>Average of the valid minutes' dry standard (uncorrected) values, unrounded; <see langword="null"/> without valid minutes.</summary>
    public double? RawAverage { get; init; }

    /// <summary>Average of the valid minutes' O2-corrected values (each minute corrected, then averaged), unrounded.</summary>
    public double? RawCorrectedAverage { get; init; }

    /// <summary><see cref="RawAverage"/> rounded half-to-even to the reporting decimals.</summary>
    public decimal? Average { get; init; }

    /// <summary><see cref="RawCorrectedAverage"/> rounded half-to-even to the reporting decimals: the value judged against <see cref="Limit"/>.</summary>
    public decimal? CorrectedAverage { get; init; }

    /// <summary>Mass emitted over the valid minutes that had a valid flow, kg (Σ C_dry,std × Q_dry,std × 1e-6 / 60); <see langword="null"/> when no minute had one.</summary>
    public double? MassKg { get; init; }

    /// <summary>Valid minutes that also had a valid flow (the minutes behind <see cref="MassKg"/>; missing minutes are not filled in).</summary>
    public int MassMinutes { get; init; }

    /// <summary>The limit in force at the hour's China-local date, mg/m3.</summary>
    public decimal Limit { get; init; }

    /// <summary>Whether the hour is valid and its reported <see cref="CorrectedAverage"/> is above <see cref="Limit"/> (equal passes). An invalid hour is not judged and never exceeds.</summary>
    public bool Exceeds { get; init; }
}
