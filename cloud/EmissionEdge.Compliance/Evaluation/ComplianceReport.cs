using EmissionEdge.Compliance.Alerts;
using EmissionEdge.Compliance.Coal;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Periods;

namespace EmissionEdge.Compliance.Evaluation;

/// <summary>The result of evaluating a batch of minute records: hours, day and month roll-ups, coal periods and alerts.</summary>
public sealed record ComplianceReport
{
    /// <summary>Time up to which data was evaluated (UTC): closes months, ends open data gaps.</summary>
    public required DateTime AsOfUtc { get; init; }

    /// <summary>Hour results, by unit (in profile order), then hour.</summary>
    public required IReadOnlyList<HourResult> Hours { get; init; }

    /// <summary>Day roll-ups, by unit, day, pollutant.</summary>
    public required IReadOnlyList<PollutantPeriodResult> Days { get; init; }

    /// <summary>Month roll-ups, by unit, month, pollutant.</summary>
    public required IReadOnlyList<PollutantPeriodResult> Months { get; init; }

    /// <summary>Net coal consumption per month and rolling 12 months, by unit, month.</summary>
    public required IReadOnlyList<CoalPeriodResult> Coal { get; init; }

    /// <summary>Alerts, by unit, then start.</summary>
    public required IReadOnlyList<Alert> Alerts { get; init; }
}
