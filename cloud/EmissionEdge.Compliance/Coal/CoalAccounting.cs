using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Compliance.Reporting;
using EmissionEdge.Compliance.Time;

namespace EmissionEdge.Compliance.Coal;

/// <summary>
/// Net coal consumption (供电煤耗, domain.md §3): standard coal from raw coal and its as-fired LHV, and period rates
/// = Σ standard coal × 1e6 / Σ (gross − auxiliary) kWh over calendar months and rolling 12 months.
/// </summary>
/// <remarks>
/// Each hour's raw coal is converted with the LHV of its China-local day (<see cref="UnitProfile.CoalLhvOn"/>) before
/// summing, so a per-day LHV affects exactly that day's coal. A period rate is never an average of hourly or monthly
/// rates. A period containing an hour that burnt coal without a known LHV has no rate (it would understate coal).
/// </remarks>
public static class CoalAccounting
{
    /// <summary>Standard coal, t: <c>raw t × LHV (kJ/kg) / standard-coal constant (kJ/kg)</c>.</summary>
    /// <param name="rawCoalTonnes">Raw coal burnt, t.</param>
    /// <param name="lhvKjPerKg">As-fired lower heating value, kJ/kg.</param>
    /// <param name="standardCoalKjPerKg">Heat value of standard coal (29 271 in the power sector).</param>
    /// <returns>Standard coal, t.</returns>
    public static double StandardCoalTonnes(double rawCoalTonnes, double lhvKjPerKg, double standardCoalKjPerKg) =>
        rawCoalTonnes * lhvKjPerKg / standardCoalKjPerKg;

    /// <summary>Net coal consumption rate, g/kWh: <c>standard coal t × 1e6 / net kWh</c>.</summary>
    /// <param name="standardCoalTonnes">Standard coal, t.</param>
    /// <param name="netKwh">Gross minus auxiliary energy, kWh.</param>
    /// <returns>The rate; <see langword="null"/> when <paramref name="netKwh"/> is not positive.</returns>
    public static double? NetGcePerKwh(double standardCoalTonnes, double netKwh) =>
        netKwh > 0 ? standardCoalTonnes * 1e6 / netKwh : null;

    /// <summary>The calendar-month and rolling-12-month results of one unit for every China-local month that has coal or power data.</summary>
    /// <param name="profile">The unit's profile (limit, class).</param>
    /// <param name="hours">The unit's hour results, in any order (each hour once).</param>
    /// <param name="asOfUtc">The time up to which data was evaluated; a period is closed when it ends at or before it.</param>
    /// <param name="options">Reporting decimals; defaults when null.</param>
    /// <returns>For each month with data in time order: its month result, then its rolling-12-months result.</returns>
    public static IReadOnlyList<CoalPeriodResult> Periods(UnitProfile profile, IEnumerable<HourResult> hours, DateTime asOfUtc, ComplianceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(hours);
        options ??= ComplianceOptions.Default;
        var months = new SortedDictionary<DateOnly, MonthSums>();
        foreach (var hour in hours.OrderBy(h => h.HourStartUtc)) // sums in time order: same result for any input order
        {
            if (!hour.Coal.HasData)
            {
                continue;
            }

            var month = ChinaTime.LocalMonth(hour.HourStartUtc);
            months.TryGetValue(month, out var sums);
            sums.Add(hour.Coal);
            months[month] = sums;
        }

        var results = new List<CoalPeriodResult>(months.Count * 2);
        foreach (var (month, sums) in months)
        {
            results.Add(Result(profile, CoalPeriodKind.Month, month, month, sums, asOfUtc, options));
            var first = month.AddMonths(-11);
            var rolling = default(MonthSums);
            foreach (var (other, otherSums) in months)
            {
                if (other >= first && other <= month)
                {
                    rolling.Add(otherSums);
                }
            }

            results.Add(Result(profile, CoalPeriodKind.Rolling12Months, first, month, rolling, asOfUtc, options));
        }

        return results;
    }

    private static CoalPeriodResult Result(UnitProfile profile, CoalPeriodKind kind, DateOnly first, DateOnly last, MonthSums sums, DateTime asOfUtc, ComplianceOptions options)
    {
        var end = ChinaTime.MonthStartUtc(last.AddMonths(1));
        var raw = sums.HoursWithoutLhv == 0 ? NetGcePerKwh(sums.StandardCoal, sums.Gross - sums.Aux) : null;
        decimal? reported = raw is { } value ? ReportRounding.HalfEven(value, options.Decimals) : null;
        var limit = profile.EffectiveCoalLimit;
        return new CoalPeriodResult
        {
            Unit = profile.Id,
            Kind = kind,
            Period = kind == CoalPeriodKind.Month ? ChinaTime.FormatMonth(last) : $"{ChinaTime.FormatMonth(first)}/{ChinaTime.FormatMonth(last)}",
            FirstMonth = first,
            LastMonth = last,
            StartUtc = ChinaTime.MonthStartUtc(first),
            EndUtc = end,
            Closed = end <= asOfUtc,
            Hours = sums.Hours,
            HoursWithoutLhv = sums.HoursWithoutLhv,
            RawCoalTonnes = sums.RawCoal,
            StandardCoalTonnes = sums.StandardCoal,
            GrossKwh = sums.Gross,
            AuxKwh = sums.Aux,
            RawNetGcePerKwh = raw,
            NetGcePerKwh = reported,
            Limit = limit,
            Exceeds = reported is { } rate && rate >= limit,
        };
    }

    private struct MonthSums
    {
        public int Hours;
        public int HoursWithoutLhv;
        public double RawCoal;
        public double StandardCoal;
        public double Gross;
        public double Aux;

        public void Add(in CoalHour hour)
        {
            Hours++;
            RawCoal += hour.RawCoalTonnes;
            Gross += hour.GrossKwh;
            Aux += hour.AuxKwh;
            if (hour.StandardCoalTonnes is { } standard)
            {
                StandardCoal += standard;
            }
            else if (hour.RawCoalTonnes > 0)
            {
                HoursWithoutLhv++;
            }
        }

        public void Add(in MonthSums other)
        {
            Hours += other.Hours;
            HoursWithoutLhv += other.HoursWithoutLhv;
            RawCoal += other.RawCoal;
            StandardCoal += other.StandardCoal;
            Gross += other.Gross;
            Aux += other.Aux;
        }
    }
}
