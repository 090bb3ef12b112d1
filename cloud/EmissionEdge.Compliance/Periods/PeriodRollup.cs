using System.Globalization;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Compliance.Reporting;
using EmissionEdge.Compliance.Time;

namespace EmissionEdge.Compliance.Periods;

/// <summary>
/// Day and month roll-ups of a unit's hour results on China-local boundaries (HJ 75: a day is valid with at least 20 valid
/// hours). A period's average is the arithmetic mean of its valid hours' unrounded averages.
/// </summary>
public static class PeriodRollup
{
    /// <summary>Rolls the hours up into China-local days.</summary>
    /// <param name="profile">The unit's profile (limits).</param>
    /// <param name="hours">The unit's hour results, each hour once, in any order.</param>
    /// <param name="options">Validity and reporting rules; defaults when null.</param>
    /// <returns>One result per measured pollutant per day, ordered by day then pollutant.</returns>
    public static IReadOnlyList<PollutantPeriodResult> Days(UnitProfile profile, IEnumerable<HourResult> hours, ComplianceOptions? options = null) =>
        Roll(profile, hours, PeriodKind.Day, options ?? ComplianceOptions.Default);

    /// <summary>Rolls the hours up into China-local months.</summary>
    /// <param name="profile">The unit's profile (limits).</param>
    /// <param name="hours">The unit's hour results, each hour once, in any order.</param>
    /// <param name="options">Validity and reporting rules; defaults when null.</param>
    /// <returns>One result per measured pollutant per month, ordered by month then pollutant.</returns>
    public static IReadOnlyList<PollutantPeriodResult> Months(UnitProfile profile, IEnumerable<HourResult> hours, ComplianceOptions? options = null) =>
        Roll(profile, hours, PeriodKind.Month, options ?? ComplianceOptions.Default);

    private static IReadOnlyList<PollutantPeriodResult> Roll(UnitProfile profile, IEnumerable<HourResult> hours, PeriodKind kind, ComplianceOptions options)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(hours);
        var periods = new SortedDictionary<(DateOnly First, Pollutant Pollutant), Sums>();
        foreach (var hour in hours.OrderBy(h => h.HourStartUtc)) // sums in time order: same result for any input order
        {
            var day = ChinaTime.LocalDate(hour.HourStartUtc);
            var first = kind == PeriodKind.Day ? day : new DateOnly(day.Year, day.Month, 1);
            foreach (var pollutant in Pollutants.All)
            {
                var result = hour[pollutant];
                if (!result.Measured)
                {
                    continue;
                }

                periods.TryGetValue((first, pollutant), out var sums);
                sums.Add(result, day);
                periods[(first, pollutant)] = sums;
            }
        }

        var output = new List<PollutantPeriodResult>(periods.Count);
        foreach (var ((first, pollutant), sums) in periods)
        {
            var validDays = kind == PeriodKind.Day
                ? (sums.ValidHours >= options.MinValidHoursPerDay ? 1 : 0)
                : sums.ValidDays(options.MinValidHoursPerDay);
            var valid = validDays > 0;
            double? rawCorrected = sums.ValidHours > 0 ? sums.SumCorrected / sums.ValidHours : null;
            double? rawAverage = sums.ValidHours > 0 ? sums.SumAverage / sums.ValidHours : null;
            decimal? corrected = rawCorrected is { } c ? ReportRounding.HalfEven(c, options.Decimals) : null;
            var limit = profile.LimitOn(pollutant, first);
            output.Add(new PollutantPeriodResult
            {
                Unit = profile.Id,
                Pollutant = pollutant,
                Kind = kind,
                First = first,
                Period = kind == PeriodKind.Day ? first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : ChinaTime.FormatMonth(first),
                ValidHours = sums.ValidHours,
                ValidDays = validDays,
                Valid = valid,
                RawCorrectedAverage = rawCorrected,
                CorrectedAverage = corrected,
                Average = rawAverage is { } a ? ReportRounding.HalfEven(a, options.Decimals) : null,
                MassKg = sums.HasMass ? sums.MassKg : null,
                ExceedingHours = sums.ExceedingHours,
                Limit = limit,
                Exceeds = valid && corrected is { } reported && ReportRounding.Exceeds(reported, limit),
            });
        }

        return output;
    }

    private struct Sums
    {
        public int ValidHours;
        public int ExceedingHours;
        public double SumCorrected;
        public double SumAverage;
        public double MassKg;
        public bool HasMass;
        private Dictionary<DateOnly, int>? _validHoursPerDay;

        public void Add(in PollutantHour hour, DateOnly day)
        {
            if (hour.MassKg is { } mass)
            {
                MassKg += mass;
                HasMass = true;
            }

            if (!hour.Valid || hour.RawCorrectedAverage is not { } corrected || hour.RawAverage is not { } average)
            {
                return;
            }

            ValidHours++;
            SumCorrected += corrected;
            SumAverage += average;
            if (hour.Exceeds)
            {
                ExceedingHours++;
            }

            _validHoursPerDay ??= [];
            _validHoursPerDay[day] = _validHoursPerDay.GetValueOrDefault(day) + 1;
        }

        public readonly int ValidDays(int minValidHoursPerDay)
        {
            var days = 0;
            if (_validHoursPerDay is not null)
            {
                foreach (var count in _validHoursPerDay.Values)
                {
                    days += count >= minValidHoursPerDay ? 1 : 0;
                }
            }

            return days;
        }
    }
}
