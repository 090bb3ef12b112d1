using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Messaging.EventHubs;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Functions.Functions;
using EmissionEdge.Ingest.Evaluation;
using EmissionEdge.Ingest.Hosting;
using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Ingest.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EmissionEdge.Functions.Tests;

public sealed class FunctionsTests : IDisposable
{
    private static readonly DateTime H = new(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc);
    private readonly string _directory = Directory.CreateTempSubdirectory("ee-functions-").FullName;
    private readonly ServiceProvider _services;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(H.AddHours(2)));

    public FunctionsTests()
    {
        // The app's own registration, configured the way app settings configure it.
        var catalog = Path.Combine(_directory, "units.json");
        File.WriteAllText(catalog, """[{ "plant": "GS", "profile": { "id": "GS-01", "class": "Existing" } }]""");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Kind"] = "Sqlite",
            ["Storage:Sqlite:DatabasePath"] = Path.Combine(_directory, "ingest.db"),
            ["Units:CatalogPath"] = catalog,
            ["Devices:Gateways:0:DeviceId"] = "gw-gs01-a",
            ["Devices:Gateways:0:Unit"] = "GS-01",
            ["Devices:Gateways:0:DeviceKey"] = Convert.ToBase64String([1, 2, 3]),
        }).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(_time)
            .AddEmissionEdgeIngest(configuration)
            .AddTransient<IngestTelemetry>()
            .AddTransient<Timers>()
            .AddTransient<Api>()
            .BuildServiceProvider();
        _services.GetRequiredService<IIngestStore>().InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string Record(long seq, DateTime minute, double so2 = 40, string unit = "GS-01") =>
        "{\"schema\":\"emissionedge.minute/1\",\"device\":\"gw-gs01-a\",\"unit\":\"" + unit + "\",\"seq\":" + seq +
        ",\"minute\":\"" + minute.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) +
        "\",\"channels\":{\"SO2\":{\"avg\":" + so2 + ",\"min\":" + so2 + ",\"max\":" + so2 +
        ",\"n\":12,\"flag\":\"N\"},\"O2\":{\"avg\":6,\"min\":6,\"max\":6,\"n\":12,\"flag\":\"N\"}}}";

    /// <summary>An event as IoT Hub's built-in endpoint delivers it: device id in the system properties.</summary>
    private static EventData IotHubEvent(string body, string? deviceId, long sequence, IDictionary<string, object>? properties = null) =>
        EventHubsModelFactory.EventData(
            new BinaryData(Encoding.UTF8.GetBytes(body)),
            properties ?? new Dictionary<string, object>(),
            deviceId is null ? new Dictionary<string, object>() : new Dictionary<string, object> { ["iothub-connection-device-id"] = deviceId, ["iothub-message-source"] = "Telemetry" },
            partitionKey: null, sequenceNumber: sequence, offsetString: (sequence * 100).ToString(System.Globalization.CultureInfo.InvariantCulture), enqueuedTime: new DateTimeOffset(H.AddHours(1).AddSeconds(3)));

    [Fact]
    public async Task IngestTelemetry_takes_the_device_from_the_IoT_Hub_system_property_and_never_fails_the_batch()
    {
        var function = _services.GetRequiredService<IngestTelemetry>();
        var hour = "{\"batch\":[" + string.Join(",", Enumerable.Range(0, 60).Select(i => Record(i + 1, H.AddMinutes(i)))) + "]}";
        var events = new[]
        {
            IotHubEvent(hour, "gw-gs01-a", 1, new Dictionary<string, object> { ["fw"] = "1.4.2", ["backlog"] = "0" }),
            IotHubEvent(Record(100, H), deviceId: null, 2),                // no authenticated device
            IotHubEvent("{oops", "gw-gs01-a", 3),                          // bad JSON
            IotHubEvent(Record(101, H, unit: "GS-02"), "gw-gs01-a", 4),    // spoofed unit
        };

        var outcomes = await function.RunAsync(events, new FakeFunctionContext());

        Assert.Equal([IngestStatus.Accepted, IngestStatus.Rejected, IngestStatus.Rejected, IngestStatus.Rejected], outcomes.Select(o => o.Status));
        Assert.Equal(60, outcomes[0].Accepted);
        var store = _services.GetRequiredService<IIngestStore>();
        Assert.Equal(3, (await store.GetDeadLettersAsync(DateTime.MinValue, DateTime.MaxValue, CancellationToken.None)).Count);
        var health = await store.GetHealthAsync("gw-gs01-a", CancellationToken.None);
        Assert.Equal("1.4.2", health!.FirmwareVersion);
        Assert.Equal(0, health.JournalBacklog);
        Assert.Equal(60, health.LastSeq);
        var alert = Assert.Single(await store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None));
        Assert.Equal("exceedance", alert.Kind);
        Assert.All(await store.GetDeliveriesAsync(alert.AlertId, CancellationToken.None), d => Assert.NotNull(d.DeliveredUtc)); // sent after the batch
    }

    [Fact]
    public async Task CloseHours_closes_hours_past_the_grace_period()
    {
        await _services.GetRequiredService<IngestTelemetry>().RunAsync([IotHubEvent(Record(1, H), "gw-gs01-a", 1)], new FakeFunctionContext());

        var closed = await _services.GetRequiredService<Timers>().CloseHoursAsync(new TimerInfo(), new FakeFunctionContext());

        Assert.Equal(1, closed);
        Assert.True((await _services.GetRequiredService<IIngestStore>().GetHourAsync("GS-01", H, CancellationToken.None))!.Closed);
    }

    [Fact]
    public async Task The_HTTP_API_serves_units_hours_alerts_and_gateway_health()
    {
        var hour = "{\"batch\":[" + string.Join(",", Enumerable.Range(0, 60).Select(i => Record(i + 1, H.AddMinutes(i)))) + "]}";
        await _services.GetRequiredService<IngestTelemetry>().RunAsync([IotHubEvent(hour, "gw-gs01-a", 1)], new FakeFunctionContext());
        var api = _services.GetRequiredService<Api>();
        var context = new FakeFunctionContext();
        FakeHttpRequestData Get(string path) => new(context, new Uri("https://fn.example/api/" + path));

        var units = (FakeHttpResponseData)await api.GetUnitsAsync(Get("units"));
        Assert.Equal("""[{"unit":"GS-01","plant":"GS"}]""", units.ReadBody());

        var hours = (FakeHttpResponseData)await api.GetHoursAsync(Get("units/GS-01/hours?from=2026-11-26T00:00:00Z&to=2026-11-26T01:00:00Z"), "GS-01");
        Assert.Equal(HttpStatusCode.OK, hours.StatusCode);
        var hourJson = JsonDocument.Parse(hours.ReadBody()).RootElement[0];
        Assert.Equal("2026-11-26T08:00:00+08:00", hourJson.GetProperty("localStart").GetString());
        Assert.Equal(40.0m, hourJson.GetProperty("result").GetProperty("sO2").GetProperty("correctedAverage").GetDecimal());

        var alerts = (FakeHttpResponseData)await api.GetAlertsAsync(Get("units/GS-01/alerts?from=2026-11-25T00:00:00Z"), "GS-01");
        Assert.Equal("exceedance", JsonDocument.Parse(alerts.ReadBody()).RootElement[0].GetProperty("kind").GetString());

        var gateway = (FakeHttpResponseData)await api.GetGatewayAsync(Get("gateways/gw-gs01-a"), "gw-gs01-a");
        Assert.Equal(60, JsonDocument.Parse(gateway.ReadBody()).RootElement.GetProperty("lastSeq").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetGatewayAsync(Get("gateways/nobody"), "nobody")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetHoursAsync(Get("units/XX/hours"), "XX")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAlertsAsync(Get("units/XX/alerts"), "XX")).StatusCode);

        var bad = (FakeHttpResponseData)await api.GetHoursAsync(Get("units/GS-01/hours?from=yesterday"), "GS-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("from: not an ISO 8601 time: 'yesterday'", JsonDocument.Parse(bad.ReadBody()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public void Every_HTTP_function_requires_a_function_key()
    {
        var triggers = typeof(Api).GetMethods()
            .SelectMany(m => m.GetParameters())
            .SelectMany(p => p.GetCustomAttributes(typeof(HttpTriggerAttribute), false).Cast<HttpTriggerAttribute>())
            .ToList();
        Assert.Equal(5, triggers.Count);
        Assert.All(triggers, t => Assert.Equal(AuthorizationLevel.Function, t.AuthLevel));
    }

    [Fact]
    public void IngestTelemetry_listens_batched_on_its_own_consumer_group()
    {
        var parameter = typeof(IngestTelemetry).GetMethod(nameof(IngestTelemetry.RunAsync))!.GetParameters()[0];
        var trigger = (EventHubTriggerAttribute)parameter.GetCustomAttributes(typeof(EventHubTriggerAttribute), false).Single();
        Assert.Equal("%IotHubEventHubName%", trigger.EventHubName);
        Assert.Equal("%IngestConsumerGroup%", trigger.ConsumerGroup);
        Assert.True(trigger.IsBatched);
        Assert.Equal(typeof(EventData[]), parameter.ParameterType);
    }
}
