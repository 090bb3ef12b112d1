using System.Text.Json;
using EmissionEdge.Compliance;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Ingest.Evaluation;

namespace EmissionEdge.Ingest.Tests.Evaluation;

public class HourResultCodecTests
{
    private static readonly DateTime H = new(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>An hour with every kind of content: a valid exceeding pollutant, an invalid one (flag D), one unmeasured, coal sums.</summary>
    private static HourResult MixedHour()
    {
        var minutes = Enumerable.Range(0, 60).Select(i =>
        {
            var record = new MinuteRecord("GS-01", H.AddMinutes(i));
            record[Channel.SO2] = new ChannelReading(40 + i % 3, 39, 43, 12, DataFlag.N);
            record[Channel.NOx] = i < 30 ? new ChannelReading(30, 29, 31, 12, DataFlag.N) : ChannelReading.WithoutValue(DataFlag.D);
            record[Channel.O2] = new ChannelReading(7.5, 7.4, 7.6, 12, DataFlag.N);
            record[Channel.CoalFeed] = new ChannelReading(210.5, 209, 212, 12, DataFlag.N);
            record[Channel.GrossPower] = new ChannelReading(600, 598, 602, 12, DataFlag.N);
            record[Channel.AuxPower] = new ChannelReading(33, 32.5, 33.5, 12, DataFlag.N);
            return record;
        });
        return HourAggregator.Aggregate(new UnitProfile("GS-01") { CoalLhvKjPerKg = 20900 }, H, minutes, ComplianceOptions.Default);
    }

    [Fact]
    public void The_payload_is_the_text_the_hour_options_give_and_reads_back_equal()
    {
        var hour = MixedHour();
        Assert.True(hour.SO2.Exceeds);
        Assert.False(hour.NOx.Valid);

        var payload = new HourResultCodec().Encode(hour);

        Assert.Equal(JsonSerializer.Serialize(hour, HourResultCodec.JsonOptions), payload);
        Assert.Contains("\"flag\":\"D\"", payload);
        Assert.Equal(hour, new HourResultCodec().Decode(payload)); // a fresh codec: parsed, not cached
        Assert.Equal(hour, JsonSerializer.Deserialize<HourResult>(payload, HourResultCodec.JsonOptions));
    }
}
