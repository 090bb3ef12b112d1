using EmissionEdge.Compliance.Coal;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;

namespace EmissionEdge.Compliance.Alerts;

/// <summary>
/// Derives a unit's alerts from its hour results and coal months: a pure, deterministic function, so the same history
/// always yields the same alerts with the same ids, and re-running it after new hours only closes, extends or adds alerts.
/// </summary>
/// <remarks>
/// <para><b>Exceedance</b> (per pollutant): opens at the first valid hour that exceeds; stays open while following valid
/// hours exceed; closes at the first valid compliant hour (end = that hour's start). Invalid hours and hours with no data
/// in between neither close nor extend it: missing data is not evidence of compliance, so an exceedance stays open until a
/// valid hour shows the unit back under the limit. Peak = highest reported corrected average.</para>
/// <para><b>Coal</b>: over <i>closed</i> calendar months with a rate, the same lifecycle: opens at the first failing
/// month, closes at the start of the first passing month; months without a rate are skipped.</para>
/// <para><b>Data gap</b> (per pollutant the unit has measured): hours from the pollutant's first hour up to the as-of time
/// are walked one by one; an hour with no result, with the pollutant absent, or invalid counts toward the gap, except an
/// invalid hour whose flag is F (unit stopped: source-off time is not a monitoring failure), which neither counts nor
/// breaks the run. When the run reaches <see cref="ComplianceOptions.DataGapHours"/>, an alert opens at the run's first
/// hour; the next valid hour closes it.</para>
/// </remarks>
public static class AlertEvaluator
{
    /// <summary>Evaluates the alerts of one unit.</summary>
    /// <param name="profile">The unit's profile.</param>
    /// <param name="hours">The unit's hour results ordered by start, each hour once (gaps allowed).</param>
    /// <param name="coalPeriods">The unit's coal results (<see cref="CoalAccounting.Periods"/>); only closed months are used.</param>
    /// <param name="asOfUtc">Time up to which data was received; hours from the last result up to it count as missing. Null: the end of the last hour.</param>
    /// <param name="options">Data-gap length; defaults when null.</param>
    /// <returns>The alerts ordered by start, then kind, then pollutant.</returns>
    /// <exception cref="ArgumentException">Hours are not strictly increasing or are of another unit.</exception>
    public static IReadOnlyList<Alert> Evaluate(UnitProfile profile, IReadOnlyList<HourResult> hours, IReadOnlyList<CoalPeriodResult> coalPeriods, DateTime? asOfUtc = null, ComplianceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(coalPeriods);
        options ??= ComplianceOptions.Default;
        options.EnsureValid();
        for (var i = 0; i < hours.Count; i++)
        {
            if (!string.Equals(hours[i].Unit, profile.Id, StringComparison.Ordinal))
            {
                throw new ArgumentException($"hour {hours[i].LocalStart} is of unit '{hours[i].Unit}', not '{profile.Id}'", nameof(hours));
            }

            if (i > 0 && hours[i].HourStartUtc <= hours[i - 1].HourStartUtc)
            {
                throw new ArgumentException($"hours must be strictly increasing: {hours[i].LocalStart} follows {hours[i - 1].LocalStart}", nameof(hours));
            }
        }

        var alerts = new List<Alert>();
        foreach (var pollutant in Pollutants.All)
        {
            Exceedances(profile.Id, pollutant, hours, alerts);
        }

        var end = hours.Count > 0 ? hours[^1].HourStartUtc.AddHours(1) : DateTime.MinValue;
        if (asOfUtc is { } asOf && asOf > end)
        {
            end = asOf;
        }

        foreach (var pollutant in Pollutants.All)
        {
            DataGaps(profile.Id, pollutant, hours, end, options.DataGapHours, alerts);
        }

        CoalAlerts(profile.Id, coalPeriods, alerts);
        alerts.Sort(static (a, b) =>
        {
            var c = a.StartUtc.CompareTo(b.StartUtc);
            if (c == 0)
            {
                c = a.Kind.CompareTo(b.Kind);
            }

            return c != 0 ? c : Nullable.Compare(a.Pollutant, b.Pollutant);
        });
        return alerts;
    }

    private static void Exceedances(string unit, Pollutant pollutant, IReadOnlyList<HourResult> hours, List<Alert> alerts)
    {
        var lifecycle = new Lifecycle(unit, AlertKind.Exceedance, pollutant, alerts);
        foreach (var hour in hours)
        {
            var result = hour[pollutant];
            if (result.Measured && result.Valid)
            {
                lifecycle.Judge(hour.HourStartUtc, result.Exceeds, result.CorrectedAverage!.Value);
            }
        }

        lifecycle.Finish();
    }

    private static void DataGaps(string unit, Pollutant pollutant, IReadOnlyList<HourResult> hours, DateTime endUtc, int gapHours, List<Alert> alerts)
    {
        var index = 0;
        while (index < hours.Count && !hours[index][pollutant].Measured)
        {
            index++;
        }

        if (index == hours.Count)
        {
            return; // never measured: no gap to speak of
        }

        DateTime? runStart = null;
        var run = 0;
        for (var hour = hours[index].HourStartUtc; hour < endUtc; hour = hour.AddHours(1))
        {
            PollutantHour result = default;
            if (index < hours.Count && hours[index].HourStartUtc == hour)
            {
                result = hours[index][pollutant];
                index++;
            }

            if (result.Measured && result.Valid)
            {
                if (run >= gapHours)
                {
                    alerts.Add(Create(unit, AlertKind.DataGap, pollutant, runStart!.Value, hour, null, run));
                }

                runStart = null;
                run = 0;
                continue;
            }

            if (result.Measured && result.Flag == DataFlag.F)
            {
                continue; // unit stopped: neither counts nor breaks the run
            }

            runStart ??= hour;
            run++;
        }

        if (run >= gapHours)
        {
            alerts.Add(Create(unit, AlertKind.DataGap, pollutant, runStart!.Value, null, null, run));
        }
    }

    private static void CoalAlerts(string unit, IReadOnlyList<CoalPeriodResult> periods, List<Alert> alerts)
    {
        var lifecycle = new Lifecycle(unit, AlertKind.Coal, null, alerts);
        var months = periods
            .Where(p => p.Kind == CoalPeriodKind.Month && p.Closed && p.NetGcePerKwh is not null)
            .OrderBy(p => p.StartUtc);
        foreach (var month in months)
        {
            if (!string.Equals(month.Unit, unit, StringComparison.Ordinal))
            {
                throw new ArgumentException($"coal period {month.Period} is of unit '{month.Unit}', not '{unit}'", nameof(periods));
            }

            lifecycle.Judge(month.StartUtc, month.Exceeds, month.NetGcePerKwh!.Value);
        }

        lifecycle.Finish();
    }

    private static Alert Create(string unit, AlertKind kind, Pollutant? pollutant, DateTime start, DateTime? end, decimal? peak, int count) => new()
    {
        Id = AlertId.For(unit, kind, pollutant, start),
        Unit = unit,
        Kind = kind,
        Pollutant = pollutant,
        StartUtc = start,
        EndUtc = end,
        Peak = peak,
        Count = count,
    };

    /// <summary>
    /// The open → extend → close lifecycle shared by exceedance and coal alerts: fed the judged periods in time order, it
    /// opens at the first failing period, keeps the peak while periods fail, and closes at the start of the first passing one.
    /// </summary>
    private struct Lifecycle(string unit, AlertKind kind, Pollutant? pollutant, List<Alert> alerts)
    {
        private DateTime? _start;
        private decimal _peak;
        private int _count;

        public void Judge(DateTime periodStartUtc, bool exceeds, decimal value)
        {
            if (exceeds)
            {
                if (_start is null)
                {
                    _start = periodStartUtc;
                    _peak = value;
                    _count = 0;
                }

                _peak = Math.Max(_peak, value);
                _count++;
            }
            else if (_start is { } opened)
            {
                alerts.Add(Create(unit, kind, pollutant, opened, periodStartUtc, _peak, _count));
                _start = null;
            }
        }

        public readonly void Finish()
        {
            if (_start is { } open)
            {
                alerts.Add(Create(unit, kind, pollutant, open, null, _peak, _count));
            }
        }
    }
}
