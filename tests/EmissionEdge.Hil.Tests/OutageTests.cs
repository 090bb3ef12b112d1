using EmissionEdge.Hil.Tests.Rig;

namespace EmissionEdge.Hil.Tests;

/// <summary>Store and forward: the broker goes away for 30 minutes and comes back.</summary>
public sealed class OutageTests
{
    [Fact]
    public async Task After_a_30_minute_broker_outage_every_minute_arrives_and_none_is_missing()
    {
        await using var rig = await HilRig.StartAsync("steady");
        await rig.MinutesAsync(5);
        int before = rig.Broker.Messages.Count;

        await rig.Broker.StopAsync();
        await rig.RunToAsync(TimeSpan.FromMinutes(35)); // minutes 5–34 are journaled while nobody listens
        Assert.Equal(before, rig.Broker.Messages.Count);
        await rig.Broker.StartAsync();
        var records = await rig.MinutesAsync(45);

        // Downstream keeps one record per (device, seq): each of the 45 minutes exactly once, sequence numbers without a gap.
        Expect.Consecutive(records, rig.Start, 45);
        foreach (var r in records)
        {
            Expect.Value(r, "SO2", 18.62, 12, 'N');
            Expect.Value(r, "O2", 8.3, 12, 'N');
        }

        // The outage minutes came after the broker was back, caught up in batches.
        var afterRestart = rig.Broker.Messages.Skip(before).SelectMany(m => TelemetryRecord.Decode(m.Body)).ToArray();
        var outage = Enumerable.Range(5, 30).Select(m => rig.Start.UtcDateTime.AddMinutes(m)).ToHashSet();
        Assert.True(outage.IsSubsetOf(afterRestart.Select(r => r.MinuteUtc)), "every outage minute is delivered after the broker came back");
        Assert.Contains(rig.Broker.Messages.Skip(before), m => TelemetryRecord.Decode(m.Body).Count > 1);
        if (rig.Gateway is { } gateway)
        {
            Assert.Equal(0, gateway.Loop.MinutesLost);
        }
    }
}
