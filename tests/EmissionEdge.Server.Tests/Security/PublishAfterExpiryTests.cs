using System.Text;
using System.Text.Json;
using EmissionEdge.Server.Tests.Support;
using MQTTnet;
using MQTTnet.Protocol;

namespace EmissionEdge.Server.Tests.Security;

/// <summary>
/// The second half of "SAS expiry is enforced": a PUBLISH that reaches the broker after the token's expiry is refused
/// and closes the connection, even when the expiry timer has not closed it yet (a late timer, a clock step). The
/// server's clock is moved an hour ahead while the connection stays open, so the timer (due in ten minutes of real
/// time) has not fired when the PUBLISH arrives.
/// </summary>
public sealed class PublishAfterExpiryTests
{
    private sealed class SteppedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }

    private static MqttApplicationMessage Message(string json) => new MqttApplicationMessageBuilder()
        .WithTopic("devices/gw-u1/messages/events/")
        .WithPayload(Encoding.UTF8.GetBytes(json))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

    [Fact]
    public async Task A_publish_after_the_token_expired_is_not_stored_and_closes_the_connection()
    {
        var clock = new SteppedClock();
        var plant = new RunningPlant { Time = clock };
        await plant.InitializeAsync();
        try
        {
            var hour = TestPlant.HoursAgo(2);
            using var client = new MqttClientFactory().CreateMqttClient();
            var expiry = clock.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();
            Assert.Equal(MqttClientConnectResultCode.Success, (await client.ConnectAsync(plant.GatewayOptions("gw-u1", TestPlant.KeyU1, expiry))).ResultCode);
            var before = await client.PublishAsync(Message(TestPlant.Record("gw-u1", "U1", 501, hour, so2: 20)));
            Assert.Equal(MqttClientPublishReasonCode.Success, before.ReasonCode);

            clock.Offset = TimeSpan.FromHours(1);
            try
            {
                // MQTT 3.1.1 has no PUBACK reason code: the broker answers by closing the connection, and the client's
                // wait for the PUBACK ends with an error or times out.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await client.PublishAsync(Message(TestPlant.Record("gw-u1", "U1", 502, hour.AddMinutes(1), so2: 20)), timeout.Token);
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
            {
            }

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (client.IsConnected && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.False(client.IsConnected);
            using var api = plant.Api(TestPlant.OperatorKey);
            var minutes = await api.GetStringAsync($"/api/units/U1/minutes?from={hour:yyyy-MM-ddTHH:mm:ssZ}&to={hour.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}");
            Assert.Equal([501L], JsonDocument.Parse(minutes).RootElement.EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        }
        finally
        {
            await plant.DisposeAsync();
        }
    }
}
