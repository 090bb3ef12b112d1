using System.Net.Http.Json;
using System.Text.Json;
using EmissionEdge.Demo;

namespace EmissionEdge.Gateway.Host.Tests;

/// <summary>PC-hosted gateways report their firmware version and journal backlog in the telemetry topic; the server shows them.</summary>
public sealed class GatewayHealthEndToEndTests
{
    [Fact]
    public async Task The_server_shows_the_firmware_version_and_backlog_each_hosted_gateway_reported()
    {
        var data = Path.Combine(Path.GetTempPath(), "ee-host-health-" + Guid.NewGuid().ToString("N"));
        await using var demo = await DemoPlant.StartAsync(new DemoOptions { Speed = 60, HttpPort = 0, DataDirectory = data }, null, CancellationToken.None);
        using var api = new HttpClient { BaseAddress = demo.Server.DashboardUrl, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Add("X-Api-Key", DemoPlant.OperatorKey);

        JsonElement[] gateways = [];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            gateways = (await api.GetFromJsonAsync<JsonElement>("/api/gateways")).EnumerateArray().ToArray();
            if (gateways.Length == DemoPlant.Units.Count && gateways.All(g => g.GetProperty("firmware").ValueKind == JsonValueKind.String))
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Equal(DemoPlant.Units.Count, gateways.Length);
        foreach (var gateway in gateways)
        {
            Assert.Equal(HostedGatewayOptions.HostFirmwareVersion, gateway.GetProperty("firmware").GetString());
            Assert.InRange(gateway.GetProperty("backlog").GetInt32(), 0, 10_000);
        }

        Assert.StartsWith("host-", HostedGatewayOptions.HostFirmwareVersion, StringComparison.Ordinal);
    }
}
