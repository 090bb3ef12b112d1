using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EmissionEdge.Server.Tests.Support;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace EmissionEdge.Server.Tests.Broker;

/// <summary>A real MQTTnet client against the real broker over TLS, connecting the way a gateway does.</summary>
public sealed class BrokerAuthenticationTests(RunningPlant plant) : IClassFixture<RunningPlant>
{
    private static readonly MqttClientFactory Factory = new();

    [Fact]
    public async Task A_good_SAS_token_connects_and_the_telemetry_is_ingested_with_health_properties()
    {
        using var client = Factory.CreateMqttClient();
        var result = await client.ConnectAsync(plant.GatewayOptions("gw-u1", TestPlant.KeyU1, RunningPlant.InOneHour));
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);

        var minute = DateTime.UtcNow.AddMinutes(-3);
        minute = new DateTime(minute.Year, minute.Month, minute.Day, minute.Hour, minute.Minute, 0, DateTimeKind.Utc);
        var publish = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic("devices/gw-u1/messages/events/$.ct=application%2Fjson&$.ce=utf-8&fw=1.4.2&backlog=3")
            .WithPayload(Encoding.UTF8.GetBytes(TestPlant.Record("gw-u1", "U1", 7001, minute, so2: 21.5)))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        Assert.True(publish.IsSuccess);
        await client.DisconnectAsync();

        // PUBACK came after the store: the minute is there now.
        using var api = plant.Api(TestPlant.OperatorKey);
        var minutes = await api.GetFromJsonAsync<JsonElement>($"/api/units/U1/minutes?from={minute.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}&to={minute.AddMinutes(1):yyyy-MM-ddTHH:mm:ssZ}");
        var stored = Assert.Single(minutes.EnumerateArray());
        Assert.Equal(7001, stored.GetProperty("seq").GetInt64());
        Assert.Equal(21.5, stored.GetProperty("pollutants").GetProperty("SO2").GetProperty("corrected").GetDouble(), 6);

        var gateways = await api.GetFromJsonAsync<JsonElement>("/api/gateways");
        var gateway = gateways.EnumerateArray().Single(g => g.GetProperty("id").GetString() == "gw-u1");
        Assert.Equal("1.4.2", gateway.GetProperty("firmware").GetString());
        Assert.Equal(3, gateway.GetProperty("backlog").GetInt32());
        Assert.Equal("online", gateway.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_token_signed_with_another_devices_key_is_refused() =>
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword,
            await ConnectResult(plant.GatewayOptions("gw-u1", TestPlant.KeyU2, RunningPlant.InOneHour)));

    [Fact]
    public async Task An_expired_token_is_refused() =>
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword,
            await ConnectResult(plant.GatewayOptions("gw-u1", TestPlant.KeyU1, DateTimeOffset.UtcNow.AddSeconds(-30).ToUnixTimeSeconds())));

    [Fact]
    public async Task A_username_for_another_hub_is_refused() =>
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword,
            await ConnectResult(plant.GatewayOptions("gw-u1", TestPlant.KeyU1, RunningPlant.InOneHour, username: "other-hub.azure-devices.net/gw-u1/?api-version=2021-04-12")));

    [Fact]
    public async Task An_unregistered_device_is_refused() =>
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid,
            await ConnectResult(plant.GatewayOptions("gw-intruder", TestPlant.KeyU1, RunningPlant.InOneHour)));

    [Fact]
    public async Task Publishing_to_another_devices_topic_disconnects_and_stores_nothing()
    {
        using var client = Factory.CreateMqttClient();
        await client.ConnectAsync(plant.GatewayOptions("gw-u1", TestPlant.KeyU1, RunningPlant.InOneHour));
        var minute = TestPlant.HoursAgo(5);
        try
        {
            await client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic("devices/gw-u2/messages/events/")
                .WithPayload(Encoding.UTF8.GetBytes(TestPlant.Record("gw-u2", "U2", 1, minute, so2: 99)))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build());
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException)
        {
            // The broker closed the connection instead of acknowledging.
        }

        for (var i = 0; i < 50 && client.IsConnected; i++)
        {
            await Task.Delay(100);
        }

        Assert.False(client.IsConnected);
        using var api = plant.Api(TestPlant.OperatorKey);
        var minutes = await api.GetFromJsonAsync<JsonElement>($"/api/units/U2/minutes?from={minute:yyyy-MM-ddTHH:mm:ssZ}&to={minute.AddMinutes(1):yyyy-MM-ddTHH:mm:ssZ}");
        Assert.Empty(minutes.EnumerateArray());
    }

    [Fact]
    public void Without_plainPort_in_the_configuration_there_is_no_plain_listener()
    {
        Assert.Null(plant.Server.Broker.PlainPort);
        Assert.NotNull(plant.Server.Broker.CaCertificatePath);
        Assert.True(File.Exists(plant.Server.Broker.CaCertificatePath));
    }

    private static async Task<MqttClientConnectResultCode> ConnectResult(MqttClientOptions options)
    {
        // MQTTnet 5 returns a refused CONNECT (it does not throw).
        using var client = Factory.CreateMqttClient();
        var result = await client.ConnectAsync(options);
        Assert.False(client.IsConnected);
        return result.ResultCode;
    }
}
