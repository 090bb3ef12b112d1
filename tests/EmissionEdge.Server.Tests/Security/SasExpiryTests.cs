using System.Text;
using EmissionEdge.Server.Tests.Support;
using MQTTnet;
using MQTTnet.Protocol;

namespace EmissionEdge.Server.Tests.Security;

/// <summary>
/// Security proof "show SAS expiry is enforced", against the real broker over TLS with tokens made by the gateway core:
/// an expired token is refused at CONNECT (<c>BrokerAuthenticationTests.An_expired_token_is_refused</c>), a connection
/// is closed when its token expires (as IoT Hub does), and a token meant to last longer than 7 days is refused.
/// </summary>
public sealed class SasExpiryTests(RunningPlant plant) : IClassFixture<RunningPlant>
{
    private static readonly MqttClientFactory Factory = new();

    [Fact]
    public async Task A_connection_is_closed_when_its_token_expires_and_the_token_no_longer_connects()
    {
        var expiry = DateTimeOffset.UtcNow.AddSeconds(3).ToUnixTimeSeconds();
        var options = plant.GatewayOptions("gw-u1", TestPlant.KeyU1, expiry);
        using var client = Factory.CreateMqttClient();
        Assert.Equal(MqttClientConnectResultCode.Success, (await client.ConnectAsync(options)).ResultCode);
        var publish = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic("devices/gw-u1/messages/events/")
            .WithPayload(Encoding.UTF8.GetBytes(TestPlant.Record("gw-u1", "U1", 9001, TestPlant.HoursAgo(2), so2: 20)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        Assert.Equal(MqttClientPublishReasonCode.Success, publish.ReasonCode);

        // Nothing is sent by the client from here on: the broker itself ends the connection at the expiry.
        var deadline = DateTimeOffset.FromUnixTimeSeconds(expiry).AddSeconds(5);
        while (client.IsConnected && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(client.IsConnected);
        Assert.True(DateTimeOffset.UtcNow >= DateTimeOffset.FromUnixTimeSeconds(expiry), "closed before the token expired");

        using var again = Factory.CreateMqttClient();
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, (await again.ConnectAsync(options)).ResultCode);
    }

    [Fact]
    public async Task A_token_valid_for_longer_than_seven_days_is_refused_and_one_for_six_days_connects()
    {
        using var tooLong = Factory.CreateMqttClient();
        var refused = await tooLong.ConnectAsync(plant.GatewayOptions("gw-u1", TestPlant.KeyU1, DateTimeOffset.UtcNow.AddDays(8).ToUnixTimeSeconds()));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refused.ResultCode);
        Assert.False(tooLong.IsConnected);

        using var sixDays = Factory.CreateMqttClient();
        var accepted = await sixDays.ConnectAsync(plant.GatewayOptions("gw-u1", TestPlant.KeyU1, DateTimeOffset.UtcNow.AddDays(6).ToUnixTimeSeconds()));
        Assert.Equal(MqttClientConnectResultCode.Success, accepted.ResultCode);
        await sixDays.DisconnectAsync();
    }
}
