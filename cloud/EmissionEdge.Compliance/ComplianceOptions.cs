using EmissionEdge.Compliance.Reporting;

namespace EmissionEdge.Compliance;

/// <summary>Engine-wide rules that are not properties of one unit: validity thresholds, reporting precision, data-gap length.</summary>
public sealed record ComplianceOptions
{
    /// <summary>The options of HJ 75 and this project's defaults.</summary>
    public static ComplianceOptions Default { get; } = new();

    /// <summary>Decimals of reported concentrations and coal rates (default 1); verdicts compare the rounded value.</summary>
    public int Decimals { get; init; } = ReportRounding.DefaultDecimals;

    /// <summary>Valid minutes (flag N or T) a pollutant needs for a valid hour (HJ 75: 45).</summary>
    public int MinValidMinutesPerHour { get; init; } = 45;

    /// <summary>Valid hours a pollutant needs for a valid day (HJ 75: 20).</summary>
    public int MinValidHoursPerDay { get; init; } = 20;

    /// <summary>Consecutive hours without a valid hour of a pollutant (unit-stopped F hours not counted) that open a data-gap alert (default 4).</summary>
    public int DataGapHours { get; init; } = 4;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void EnsureValid()
    {
        if (Decimals is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(Decimals), Decimals, "decimals must be 0 to 10");
        }

        if (MinValidMinutesPerHour is < 1 or > 60)
        {
            throw new ArgumentOutOfRangeException(nameof(MinValidMinutesPerHour), MinValidMinutesPerHour, "must be 1 to 60");
        }

        if (MinValidHoursPerDay is < 1 or > 24)
        {
            throw new ArgumentOutOfRangeException(nameof(MinValidHoursPerDay), MinValidHoursPerDay, "must be 1 to 24");
        }

        if (DataGapHours < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DataGapHours), DataGapHours, "must be at least 1");
        }
    }
}
