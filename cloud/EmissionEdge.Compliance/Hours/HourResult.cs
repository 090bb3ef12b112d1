using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Time;

namespace EmissionEdge.Compliance.Hours;

/// <summary>
/// Everything the engine derives from one China-local hour of one unit: a result per pollutant and the coal sums.
/// A value type with value equality, so a recomputed hour that differs from the published one is a revision
/// (<see cref="IsRevisionOf"/>).
/// </summary>
public readonly record struct HourResult
{
    /// <summary>The unit id.</summary>
    public string Unit { get; init; }

    /// <summary>UTC start of the hour (also a China-local hour start).</summary>
    public DateTime HourStartUtc { get; init; }

    /// <summary>Distinct minutes received for the hour (duplicates counted once).</summary>
    public int MinutesReceived { get; init; }

    /// <summary>Particulate matter.</summary>
    public PollutantHour Dust { get; init; }

    /// <summary>SO2.</summary>
    public PollutantHour SO2 { get; init; }

    /// <summary>NOx as NO2.</summary>
    public PollutantHour NOx { get; init; }

    /// <summary>Coal and energy sums.</summary>
    public CoalHour Coal { get; init; }

    /// <summary>The result of <paramref name="pollutant"/>.</summary>
    /// <param name="pollutant">The pollutant.</param>
    public PollutantHour this[Pollutant pollutant] => pollutant switch
    {
        Pollutant.Dust => Dust,
        Pollutant.SO2 => SO2,
        Pollutant.NOx => NOx,
        _ => throw new ArgumentOutOfRangeException(nameof(pollutant), pollutant, "not a pollutant"),
    };

    /// <summary>The hour's start formatted in China Standard Time, e.g. <c>2026-03-15T09:00:00+08:00</c>.</summary>
    public string LocalStart => ChinaTime.Format(HourStartUtc);

    /// <summary>Whether this result, for the same unit and hour, differs from the <paramref name="published"/> one (a late or changed minute revised it).</summary>
    /// <param name="published">The result published before.</param>
    /// <returns><see langword="true"/> when it is the same hour and anything changed.</returns>
    /// <exception cref="ArgumentException">The two results are of different units or hours.</exception>
    public bool IsRevisionOf(HourResult published)
    {
        if (!string.Equals(Unit, published.Unit, StringComparison.Ordinal) || HourStartUtc != published.HourStartUtc)
        {
            throw new ArgumentException($"cannot compare hour {Unit} {LocalStart} with {published.Unit} {published.LocalStart}", nameof(published));
        }

        return !Equals(published);
    }
}
