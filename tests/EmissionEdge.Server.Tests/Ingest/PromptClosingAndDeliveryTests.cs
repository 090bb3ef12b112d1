using System.Text;
using System.Threading.Channels;
using EmissionEdge.Compliance.Time;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Server.Broker;
using EmissionEdge.Server.Hosting;
using EmissionEdge.Server.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmissionEdge.Server.Tests.Ingest;

/// <summary>
/// With an hour-closing period of an hour, an alert raised by telemetry still reaches the webhook at once, and an hour is
/// closed right when its grace period ends on the server clock: neither waits for the period.
/// </summary>
public sealed class PromptClosingAndDeliveryTests
{
    private const string Secret = "epb-webhook-secret-0123456789";

    [Fact]
    public async Task An_alert_raised_by_telemetry_reaches_the_webhook_within_a_second_not_at_the_next_period()
    {
        var received = Channel.CreateUnbounded<DateTime>();
        await using var receiver = await StartReceiverAsync(received);
        var data = TemporaryDirectory();
        var json = SlowPeriod(TestPlant.Json(data, regulators: $$"""[ { "name": "EPB", "units": ["U2"], "webhook": "{{receiver.Urls.First()}}/hook", "secret": "{{Secret}}" } ]"""));
        await using var server = await EmissionEdgeServer.StartAsync(TestPlant.Config(json, data), new ServerHostOptions { LogLevel = LogLevel.Error }, CancellationToken.None);
        await Task.Delay(500); // the service's first run (at start) is over

        await Receive(server, "gw-u2", TestPlant.Hour("gw-u2", "U2", 1, TestPlant.HoursAgo(2), so2: 60));
        var stored = DateTime.UtcNow;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var arrived = await received.Reader.ReadAsync(timeout.Token);
        Assert.True(arrived - stored < TimeSpan.FromSeconds(1), $"the alert arrived {(arrived - stored).TotalMilliseconds:0} ms after it was stored");
        Delete(data);
    }

    [Fact]
    public async Task An_hour_is_closed_within_a_second_of_the_end_of_its_grace_period_on_the_server_clock()
    {
        // The server clock runs 20 s before the moment the current hour's grace period ends.
        var hourEnd = ChinaTime.HourStartUtc(DateTime.UtcNow).AddHours(1);
        var boundary = hourEnd + TimeSpan.FromMinutes(15);
        var clock = new OffsetClock(boundary - TimeSpan.FromSeconds(20) - DateTime.UtcNow);
        await AssertClosedAtItsBoundaryAsync(clock, hourEnd, TimeSpan.FromSeconds(1), "the hour was not closed within 1 s of the end of its grace period");
    }

    [Fact]
    public async Task On_an_accelerated_server_clock_an_hour_is_closed_when_that_clock_reaches_the_end_of_its_grace_period()
    {
        // 20 simulated seconds per real second, starting 100 simulated seconds (5 s real) before the boundary. Waiting for
        // the boundary in real time instead would close the hour 100 real seconds (33 simulated minutes) late.
        var hourEnd = ChinaTime.HourStartUtc(DateTime.UtcNow).AddHours(1);
        var boundary = hourEnd + TimeSpan.FromMinutes(15);
        var clock = new ScaledClock(boundary - TimeSpan.FromSeconds(100), 20);
        await AssertClosedAtItsBoundaryAsync(clock, hourEnd, TimeSpan.FromMinutes(1), "the hour was not closed within 1 simulated minute (3 real seconds) of the end of its grace period");
    }

    [Fact]
    public async Task When_timers_fire_early_each_of_several_hours_is_still_closed_at_its_own_boundary_not_an_hour_later()
    {
        // 600 simulated seconds per real second (a server hour every 6 s), and timers that fire 20 ms of real time (12
        // simulated seconds) early, as coarse OS timers can: the service wakes just before a boundary, and the clock crosses
        // it while that run delivers. It must then close the hour at once, not wait for the boundary after.
        var firstEnd = ChinaTime.HourStartUtc(DateTime.UtcNow).AddHours(-6);
        var clock = new ScaledClock(firstEnd - TimeSpan.FromMinutes(40), 600, early: TimeSpan.FromMilliseconds(20));
        var data = TemporaryDirectory();
        await using var server = await EmissionEdgeServer.StartAsync(TestPlant.Config(SlowPeriod(TestPlant.Json(data)), data), new ServerHostOptions { LogLevel = LogLevel.Error, Time = clock }, CancellationToken.None);
        var store = server.App.Services.GetRequiredService<IIngestStore>();
        for (var k = 0; k < 5; k++)
        {
            // Each hour's minutes arrive just after it ended, within its 15 minutes of grace.
            var hourEnd = firstEnd.AddHours(k);
            while (clock.GetUtcNow().UtcDateTime < hourEnd + TimeSpan.FromMinutes(1))
            {
                await Task.Delay(5);
            }

            await Receive(server, "gw-u2", TestPlant.Hour("gw-u2", "U2", 1 + (60 * k), hourEnd.AddHours(-1), so2: 20));
            Assert.True(clock.GetUtcNow().UtcDateTime < hourEnd + TimeSpan.FromMinutes(15), $"hour {k + 1}: stored too late for this test");
            var boundary = hourEnd + TimeSpan.FromMinutes(15);
            while (!(await store.GetHourAsync("U2", hourEnd.AddHours(-1), CancellationToken.None))!.Closed)
            {
                Assert.True(clock.GetUtcNow().UtcDateTime < boundary.AddMinutes(30), $"hour {k + 1} was not closed within 30 simulated minutes (3 s) of the end of its grace period");
                await Task.Delay(5);
            }
        }

        Delete(data);
    }

    /// <summary>
    /// Starts a server on <paramref name="clock"/> (its hour-closing period an hour), gives U2 the hour ending at
    /// <paramref name="hourEnd"/>, and checks the hour is closed when the clock reaches its end plus the 15-minute grace
    /// period: not before, and within <paramref name="within"/> of server time after.
    /// </summary>
    private static async Task AssertClosedAtItsBoundaryAsync(TimeProvider clock, DateTime hourEnd, TimeSpan within, string late)
    {
        var boundary = hourEnd + TimeSpan.FromMinutes(15);
        var data = TemporaryDirectory();
        await using var server = await EmissionEdgeServer.StartAsync(TestPlant.Config(SlowPeriod(TestPlant.Json(data)), data), new ServerHostOptions { LogLevel = LogLevel.Error, Time = clock }, CancellationToken.None);
        var hour = hourEnd.AddHours(-1);
        await Receive(server, "gw-u2", TestPlant.Hour("gw-u2", "U2", 1, hour, so2: 20));
        var store = server.App.Services.GetRequiredService<IIngestStore>();
        Assert.True(clock.GetUtcNow().UtcDateTime < boundary, "the server took too long to start for this test");
        Assert.False((await store.GetHourAsync("U2", hour, CancellationToken.None))!.Closed);

        while (!(await store.GetHourAsync("U2", hour, CancellationToken.None))!.Closed)
        {
            Assert.True(clock.GetUtcNow().UtcDateTime < boundary + within, late);
            await Task.Delay(10);
        }

        Assert.True(clock.GetUtcNow().UtcDateTime >= boundary, "closed before its grace period ended");
        Delete(data);
    }

    private static string SlowPeriod(string json) =>
        json.Replace("\"closeHoursEverySeconds\": 1", "\"closeHoursEverySeconds\": 3600", StringComparison.Ordinal);

    private static async Task Receive(RunningServer server, string device, string body)
    {
        TelemetryTopic.TryParse($"devices/{device}/messages/events/", out var topic);
        var outcome = await server.App.Services.GetRequiredService<TelemetryReceiver>().ReceiveAsync(device, topic!, Encoding.UTF8.GetBytes(body), CancellationToken.None);
        Assert.Equal(60, outcome.Accepted);
    }

    private static async Task<WebApplication> StartReceiverAsync(Channel<DateTime> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            var arrived = DateTime.UtcNow;
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            if ((await reader.ReadToEndAsync()).Contains("\"kind\":\"exceedance\"", StringComparison.Ordinal))
            {
                await received.Writer.WriteAsync(arrived);
            }

            return Results.Ok();
        });
        await receiver.StartAsync();
        return receiver;
    }

    private static string TemporaryDirectory() => Path.Combine(Path.GetTempPath(), "ee-prompt-" + Guid.NewGuid().ToString("N"));

    private static void Delete(string data)
    {
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A simulated clock running <paramref name="scale"/> times faster than real time from <paramref name="start"/>, its timers scaled alike.</summary>
    /// <remarks>With <paramref name="early"/>, a timer fires that much real time before its due time (never before now).</remarks>
    private sealed class ScaledClock(DateTime start, double scale, TimeSpan early = default) : TimeProvider
    {
        private readonly long _anchor = System.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(start, TimeSpan.Zero) + System.GetElapsedTime(_anchor) * scale;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, Early(Real(dueTime)), Real(period));

        private TimeSpan Real(TimeSpan simulated) => simulated == Timeout.InfiniteTimeSpan ? simulated : simulated / scale;

        private TimeSpan Early(TimeSpan real) => real == Timeout.InfiniteTimeSpan ? real : real > early ? real - early : TimeSpan.Zero;
    }

    /// <summary>The system clock shifted by a fixed offset.</summary>
    private sealed class OffsetClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}
