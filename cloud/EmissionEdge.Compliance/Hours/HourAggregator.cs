using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;

namespace EmissionEdge.Compliance.Hours;

/// <summary>
/// The per-hour function for incremental use (the ingest pipeline calls it whenever an hour gets a new or late minute):
/// the minutes of one China-local hour of one unit → the hour's result. Pure: same input, same result.
/// </summary>
public static class HourAggregator
{
    /// <summary>Computes one hour of one unit.</summary>
    /// <param name="profile">The unit's profile.</param>
    /// <param name="hourStartUtc">UTC start of the hour (a whole hour; China-local hours start on UTC hours).</param>
    /// <param name="minutes">The minutes received for the hour, in the order received. The same minute more than once counts
    /// once: the last copy in this sequence wins.</param>
    /// <param name="options">Validity and reporting rules; defaults when null.</param>
    /// <returns>The hour's result; compare it with the published one (<see cref="HourResult.IsRevisionOf"/>) to detect a revision.</returns>
    /// <exception cref="ArgumentException">A minute is of another unit or outside the hour, or the profile is invalid.</exception>
    public static HourResult Aggregate(UnitProfile profile, DateTime hourStartUtc, IEnumerable<MinuteRecord> minutes, ComplianceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        var accumulator = new HourAccumulator(options);
        accumulator.Start(profile, hourStartUtc);
        foreach (var minute in minutes)
        {
            accumulator.Add(minute);
        }

        return accumulator.Complete();
    }
}
