using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;

namespace EmissionEdge.Server.Tests.Security;

/// <summary>
/// Security proof "replay an old message and show it is absorbed": a gateway publishes over TLS to the real broker; later the
/// same old message is published again, and a changed message with the same seq. The replay is acknowledged and changes
/// nothing; the changed one is acknowledged too (so the gateway does not resend it forever), is not stored, and is kept as
/// a conflict dead letter.
/// </summary>
public sealed class ReplayTests(RunningPlant plant) : IClassFixture<RunningPlant>
{
    private const string Topic = "devices/gw-u2/messages/events/$.ct=application%2Fjson&$.ce=utf-8";

    private static MqttApplicationMessage Message(string json) => new MqttApplicationMessageBuilder()
        .WithTopic(Topic)
        .WithPayload(Encoding.UTF8.GetBytes(json))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

    [Fact]
    public async Task An_old_message_published_again_is_acknowledged_and_changes_nothing_and_a_changed_one_is_a_conflict()
    {
        var hour = TestPlant.HoursAgo(3);
        var records = Enumerable.Range(0, 5).Select(i => TestPlant.Record("gw-u2", "U2", 101 + i, hour.AddMinutes(i), so2: 20 + i)).ToArray();
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(plant.GatewayOptions("gw-u2", TestPlant.KeyU2, RunningPlant.InOneHour));
        foreach (var record in records)
        {
            Assert.Equal(MqttClientPublishReasonCode.Success, (await client.PublishAsync(Message(record))).ReasonCode);
        }

        using var api = plant.Api(TestPlant.OperatorKey);
        var minutesUrl = $"/api/units/U2/minutes?from={hour:yyyy-MM-ddTHH:mm:ssZ}&to={hour.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}";
        var before = await api.GetStringAsync(minutesUrl);
        Assert.Equal([101L, 102, 103, 104, 105], JsonDocument.Parse(before).RootElement.EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));

        // The old message of seq 102, byte for byte, then the same seq with SO2 changed from 21 to 99.
        var replay = await client.PublishAsync(Message(records[1]));
        var forged = await client.PublishAsync(Message(TestPlant.Record("gw-u2", "U2", 102, hour.AddMinutes(1), so2: 99)));

        Assert.Equal(MqttClientPublishReasonCode.Success, replay.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, forged.ReasonCode);
        Assert.True(client.IsConnected);
        Assert.Equal(before, await api.GetStringAsync(minutesUrl));

        var gateway = (await api.GetFromJsonAsync<JsonElement>("/api/gateways")).EnumerateArray().Single(g => g.GetProperty("id").GetString() == "gw-u2");
        Assert.Equal((5L, 1L, 1L), (gateway.GetProperty("accepted").GetInt64(), gateway.GetProperty("duplicates").GetInt64(), gateway.GetProperty("rejected").GetInt64()));

        var store = plant.Server.App.Services.GetRequiredService<IIngestStore>();
        var deadLetter = Assert.Single(await store.GetDeadLettersAsync(DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddHours(1), CancellationToken.None), d => d.Device == "gw-u2");
        Assert.Equal(DeadLetterCategory.Conflict, deadLetter.Category);
        Assert.Equal("seq 102: a different record with this seq is already stored for device 'gw-u2'", deadLetter.Reason);
        Assert.Contains("\"avg\":99", Encoding.UTF8.GetString(deadLetter.RawBytes), StringComparison.Ordinal);
        await client.DisconnectAsync();
    }
}
