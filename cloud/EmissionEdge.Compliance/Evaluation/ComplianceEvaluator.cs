using EmissionEdge.Compliance.Alerts;
using EmissionEdge.Compliance.Coal;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Periods;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Compliance.Time;

namespace EmissionEdge.Compliance.Evaluation;

/// <summary>
/// The batch façade: unit profiles and minute records in, a <see cref="ComplianceReport"/> out. Used by
/// <c>emissionedge evaluate</c> and tests; the incremental pipeline uses <see cref="HourAggregator"/> and
/// <see cref="AlertEvaluator"/> directly, with the same results.
/// </summary>
public static class ComplianceEvaluator
{
    /// <summary>Evaluates every unit's minutes.</summary>
    /// <param name="units">The unit profiles (ids unique).</param>
    /// <param name="minutes">Minute records in the order received; for the same unit and minute the last one wins.</param>
    /// <param name="options">Engine rules; defaults when null.</param>
    /// <param name="asOfUtc">Time up to which data is complete; null: the end of the latest hour with a minute of any unit.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">Duplicate unit ids, an invalid profile, or a minute of a unit without profile.</exception>
    public static ComplianceReport Evaluate(IReadOnlyList<UnitProfile> units, IEnumerable<MinuteRecord> minutes, ComplianceOptions? options = null, DateTime? asOfUtc = null)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(minutes);
        options ??= ComplianceOptions.Default;
        options.EnsureValid();

        var byUnit = new Dictionary<string, SortedDictionary<DateTime, List<MinuteRecord>>>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            unit.EnsureValid();
            if (!byUnit.TryAdd(unit.Id, []))
            {
                throw new ArgumentException($"unit '{unit.Id}' is defined more than once", nameof(units));
            }
        }

        var latest = DateTime.MinValue;
        foreach (var minute in minutes)
        {
            if (!byUnit.TryGetValue(minute.Unit, out var hours))
            {
                throw new ArgumentException($"minute {minute.MinuteUtc:o} is of unit '{minute.Unit}', which has no profile", nameof(minutes));
            }

            var hour = ChinaTime.HourStartUtc(minute.MinuteUtc);
            if (!hours.TryGetValue(hour, out var list))
            {
                list = [];
                hours[hour] = list;
            }

            list.Add(minute);
            latest = hour > latest ? hour : latest;
        }

        var asOf = asOfUtc ?? (latest == DateTime.MinValue ? DateTime.UnixEpoch : latest.AddHours(1));
        var accumulator = new HourAccumulator(options);
        var allHours = new List<HourResult>();
        var days = new List<PollutantPeriodResult>();
        var months = new List<PollutantPeriodResult>();
        var coal = new List<CoalPeriodResult>();
        var alerts = new List<Alert>();
        foreach (var unit in units)
        {
            var unitHours = new List<HourResult>();
            foreach (var (hourStart, hourMinutes) in byUnit[unit.Id])
            {
                accumulator.Start(unit, hourStart);
                foreach (var minute in hourMinutes)
                {
                    accumulator.Add(minute);
                }

                unitHours.Add(accumulator.Complete());
            }

            var unitCoal = CoalAccounting.Periods(unit, unitHours, asOf, options);
            allHours.AddRange(unitHours);
            days.AddRange(PeriodRollup.Days(unit, unitHours, options));
            months.AddRange(PeriodRollup.Months(unit, unitHours, options));
            coal.AddRange(unitCoal);
            alerts.AddRange(AlertEvaluator.Evaluate(unit, unitHours, unitCoal, asOf, options));
        }

        return new ComplianceReport
        {
            AsOfUtc = asOf,
            Hours = allHours,
            Days = days,
            Months = months,
            Coal = coal,
            Alerts = alerts,
        };
    }
}
