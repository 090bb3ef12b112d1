using CsCheck;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;
using static EmissionEdge.Compliance.Tests.Minutes;

namespace EmissionEdge.Compliance.Tests.Hours;

public sealed class AggregationPropertyTests
{
    private static readonly UnitProfile Profile = new(Unit) { CoalLhvKjPerKg = 20900 };

    private static readonly Gen<DataFlag> Flag = Gen.Frequency(
        (8, Gen.Const(DataFlag.N)), (1, Gen.Const(DataFlag.T)), (1, Gen.Enum<DataFlag>()));

    private static readonly Gen<ChannelReading> Reading = Gen.Frequency(
        (12, Gen.Select(Gen.Double[0, 120], Flag, (v, f) => ChannelReading.FromValue(v, f))),
        (1, Flag.Select(f => ChannelReading.WithoutValue(f))),
        (1, Gen.Const(default(ChannelReading))));

    /// <summary>A set of distinct minutes of the hour, each with random readings.</summary>
    private static readonly Gen<MinuteRecord[]> DistinctMinutes =
        Gen.Int[0, 59].HashSet[0, 60].SelectMany(set => Gen.Select(
            Reading.Array[set.Count], Reading.Array[set.Count], Reading.Array[set.Count], Gen.Double[2, 21].Array[set.Count], Gen.Double[0, 400].Array[set.Count],
            (so2, nox, dust, o2, coal) => set.Order().Select((m, i) =>
                new MinuteRecord(Unit, Hour.AddMinutes(m))
                {
                    [Channel.SO2] = so2[i],
                    [Channel.NOx] = nox[i],
                    [Channel.Dust] = dust[i],
                    [Channel.O2] = ChannelReading.FromValue(o2[i]),
                    [Channel.CoalFeed] = ChannelReading.FromValue(coal[i]),
                    [Channel.GrossPower] = ChannelReading.FromValue(600),
                }).ToArray()));

    [Fact]
    public void The_hour_does_not_depend_on_the_order_minutes_arrive_in() =>
        DistinctMinutes.SelectMany(minutes => Gen.Shuffle(minutes.ToArray()).Select(shuffled => (minutes, shuffled)))
            .Sample(t => HourAggregator.Aggregate(Profile, Hour, t.minutes) == HourAggregator.Aggregate(Profile, Hour, t.shuffled), iter: 300);

    [Fact]
    public void Receiving_any_minutes_again_changes_nothing() =>
        DistinctMinutes.SelectMany(minutes => Gen.Int[0, 59].Array[0, 60].Select(repeats => (minutes, repeats)))
            .Sample(t =>
            {
                var again = t.minutes.Length == 0 ? t.minutes : t.repeats.Select(i => t.minutes[i % t.minutes.Length]).ToArray();
                return HourAggregator.Aggregate(Profile, Hour, t.minutes) == HourAggregator.Aggregate(Profile, Hour, t.minutes.Concat(again));
            }, iter: 300);

    [Fact]
    public void Valid_minutes_never_exceed_sixty_and_validity_follows_the_45_minute_rule() =>
        DistinctMinutes.Sample(minutes =>
        {
            var result = HourAggregator.Aggregate(Profile, Hour, minutes.Concat(minutes));
            foreach (var pollutant in Pollutants.All)
            {
                var hour = result[pollutant];
                if (hour.ValidMinutes > minutes.Length || hour.Valid != (hour.ValidMinutes >= 45) || (hour.Exceeds && !hour.Valid))
                {
                    return false;
                }
            }

            return true;
        }, iter: 300);

    [Fact]
    public void With_conflicting_copies_of_a_minute_the_last_received_copy_decides() =>
        DistinctMinutes.SelectMany(first => DistinctMinutes.Select(second => (first, second)))
            .Sample(t =>
            {
                // every minute of `second` arrives after `first`: where both have a minute, the one of `second` must win
                var secondMinutes = t.second.Select(r => r.MinuteUtc).ToHashSet();
                var expected = t.first.Where(r => !secondMinutes.Contains(r.MinuteUtc)).Concat(t.second);
                return HourAggregator.Aggregate(Profile, Hour, t.first.Concat(t.second)) == HourAggregator.Aggregate(Profile, Hour, expected);
            }, iter: 200);
}
