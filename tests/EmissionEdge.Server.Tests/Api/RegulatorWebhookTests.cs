using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using EmissionEdge.Server.Broker;
using EmissionEdge.Server.Hosting;
using EmissionEdge.Server.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmissionEdge.Server.Tests.Api;

/// <summary>The plant configuration's regulator webhook receives the alert, signed with its secret, from the server's outbox timer.</summary>
public sealed class RegulatorWebhookTests
{
    private const string Secret = "epb-webhook-secret-0123456789";

    [Fact]
    public async Task An_exceedance_is_posted_to_the_regulator_webhook_with_the_configured_secret()
    {
        var received = Channel.CreateUnbounded<(string Body, string? Timestamp, string? Signature)>();
        var receiverBuilder = WebApplication.CreateSlimBuilder();
        receiverBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        receiverBuilder.Logging.ClearProviders();
        await using var receiver = receiverBuilder.Build();
        receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            await received.Writer.WriteAsync((await reader.ReadToEndAsync(), request.Headers["X-EmissionEdge-Timestamp"].ToString(), request.Headers["X-EmissionEdge-Signature"].ToString()));
            return Results.Ok();
        });
        await receiver.StartAsync();
        var hook = $"{receiver.Urls.First()}/hook";

        var data = Path.Combine(Path.GetTempPath(), "ee-webhook-" + Guid.NewGuid().ToString("N"));
        var json = TestPlant.Json(data, regulators: $$"""[ { "name": "Provincial EPB", "units": ["U2"], "webhook": "{{hook}}", "secret": "{{Secret}}" } ]""");
        await using var server = await EmissionEdgeServer.StartAsync(TestPlant.Config(json, data), new ServerHostOptions { LogLevel = LogLevel.Error }, CancellationToken.None);
        var receiverOfTelemetry = server.App.Services.GetRequiredService<TelemetryReceiver>();
        TelemetryTopic.TryParse("devices/gw-u2/messages/events/", out var topic);
        await receiverOfTelemetry.ReceiveAsync("gw-u2", topic!, Encoding.UTF8.GetBytes(TestPlant.Hour("gw-u2", "U2", 1, TestPlant.HoursAgo(2), so2: 60)), CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (body, timestamp, signature) = await received.Reader.ReadAsync(timeout.Token);
        var alert = JsonDocument.Parse(body).RootElement;
        Assert.Equal("U2", alert.GetProperty("unit").GetString());
        Assert.Equal("exceedance", alert.GetProperty("kind").GetString());
        Assert.Equal(60.0m, alert.GetProperty("peak").GetDecimal());
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
        Assert.InRange(long.Parse(timestamp!, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(expected, signature);
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
