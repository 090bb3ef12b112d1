using System.Text;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace EmissionEdge.Server.Tests.Broker;

/// <summary>Two gateways publishing many messages at once (group commit): every PUBACK means stored, each record once.</summary>
public sealed class ConcurrentPublishTests(RunningPlant plant) : IClassFixture<RunningPlant>
{
    [Fact]
    public async Task Every_message_published_at_once_by_two_gateways_is_acknowledged_and_stored_exactly_once()
    {
        var first = DateTime.UtcNow.AddHours(-3);
        first = new DateTime(first.Year, first.Month, first.Day, first.Hour, 0, 0, DateTimeKind.Utc);
        var factory = new MqttClientFactory();
        using var u1 = factory.CreateMqttClient();
        using var u2 = factory.CreateMqttClient();
        await u1.ConnectAsync(plant.GatewayOptions("gw-u1", TestPlant.KeyU1, RunningPlant.InOneHour));
        await u2.ConnectAsync(plant.GatewayOptions("gw-u2", TestPlant.KeyU2, RunningPlant.InOneHour));

        // 40 single records per gateway, all in flight together, plus a catch-up batch of an hour each.
        var publishes = new List<Task<MqttClientPublishResult>>();
        foreach (var (client, device, unit) in new[] { (u1, "gw-u1", "U1"), (u2, "gw-u2", "U2") })
        {
            for (var seq = 0; seq < 40; seq++)
            {
                publishes.Add(client.PublishAsync(Message(device, TestPlant.Record(device, unit, seq, first.AddMinutes(seq), so2: 20))));
            }

            publishes.Add(client.PublishAsync(Message(device, TestPlant.Hour(device, unit, 100, first.AddHours(1), so2: 20))));
        }

        var results = await Task.WhenAll(publishes).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(results, r => Assert.True(r.IsSuccess));

        var store = plant.Server.App.Services.GetRequiredService<IIngestStore>();
        foreach (var unit in new[] { "U1", "U2" })
        {
            var stored = await store.GetMinutesAsync(unit, first, first.AddHours(2), CancellationToken.None);
            Assert.Equal(Enumerable.Range(0, 40).Select(s => (long)s).Concat(Enumerable.Range(100, 60).Select(s => (long)s)), stored.Select(m => m.Seq).Order());
        }

        Assert.Equal(100, (await store.GetHealthAsync("gw-u1", CancellationToken.None))!.RecordsAccepted);
        Assert.Equal(100, (await store.GetHealthAsync("gw-u2", CancellationToken.None))!.RecordsAccepted);
        await u1.DisconnectAsync();
        await u2.DisconnectAsync();
    }

    private static MqttApplicationMessage Message(string device, string body) => new MqttApplicationMessageBuilder()
        .WithTopic($"devices/{device}/messages/events/")
        .WithPayload(Encoding.UTF8.GetBytes(body))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();
}
