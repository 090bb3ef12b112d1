using System.Collections.Concurrent;
using System.Net;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmissionEdge.Ingest.Tests.Alerts;

public sealed class AlertDeliveryTests : IAsyncLifetime
{
    private const string Secret = "regulator-secret";
    private readonly ConcurrentQueue<(string Body, string? Timestamp, string? Signature, string? AlertId, string? Attempt)> _received = new();
    private int _failuresLeft;
    private WebApplication? _app;
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        // A real HTTP receiver on 127.0.0.1, port chosen by the OS.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/alerts", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            _received.Enqueue((body, context.Request.Headers[WebhookSignature.TimestampHeaderName], context.Request.Headers[WebhookSignature.HeaderName], context.Request.Headers["X-EmissionEdge-Alert-Id"], context.Request.Headers["X-EmissionEdge-Delivery-Attempt"]));
            return Interlocked.Decrement(ref _failuresLeft) >= 0 ? Results.StatusCode(503) : Results.Ok();
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _url = new Uri(address + "/alerts");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private WebhookAlertSink Webhook(params string[] units) =>
        new(new HttpClient(), new WebhookOptions { Name = "mee", Url = _url, Secret = Secret, Units = [.. units], Plants = ["GS"] });

    [Fact]
    public void The_signature_is_hex_HMAC_SHA256_of_the_timestamp_a_dot_and_the_body_with_the_secret()
    {
        // Worked independently: printf '1764115200.what do ya want for nothing?' | openssl dgst -sha256 -hmac Jefe
        var body = "what do ya want for nothing?"u8;
        const string Expected = "sha256=8f7a0461c5161668fe1ef25202979e1d9eb81ded02c0eec1e7c70e8b429cc190";
        Assert.Equal(Expected, WebhookSignature.Compute("Jefe", 1764115200, body));
        var sent = DateTimeOffset.FromUnixTimeSeconds(1764115200);
        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify("Jefe", "1764115200", body, Expected, sent.AddSeconds(2), WebhookSignature.DefaultTolerance));
        Assert.Equal(WebhookVerification.SignatureMismatch, WebhookSignature.Verify("Jefe", "1764115200", "what do ya want for nothing!"u8, Expected, sent, WebhookSignature.DefaultTolerance));
    }

    /// <summary>Security proof "show the webhook signature verifies and a forged one does not", on a delivery a real receiver captured.</summary>
    [Fact]
    public async Task A_captured_delivery_verifies_and_an_altered_forged_or_replayed_one_does_not()
    {
        using var h = new PipelineHarness(Webhook("GS-01"));
        await h.IngestAsync("gw-gs01-a", Support.Telemetry.Batch(PipelineHarness.HourOfGs01(so2: 40)));
        await h.Dispatcher.DeliverDueAsync(CancellationToken.None);
        var (text, timestamp, signature, _, _) = Assert.Single(_received);
        var body = System.Text.Encoding.UTF8.GetBytes(text);
        var now = DateTimeOffset.UtcNow;
        var window = WebhookSignature.DefaultTolerance;

        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(Secret, timestamp, body, signature, now, window));

        var altered = System.Text.Encoding.UTF8.GetBytes(text.Replace("\"exceedance\"", "\"calibration\"", StringComparison.Ordinal));
        Assert.NotEqual(body, altered);
        Assert.Equal(WebhookVerification.SignatureMismatch, WebhookSignature.Verify(Secret, timestamp, altered, signature, now, window));
        Assert.Equal(WebhookVerification.SignatureMismatch, WebhookSignature.Verify(Secret, (long.Parse(timestamp!) + 60).ToString(), body, signature, now, window));
        Assert.Equal(WebhookVerification.SignatureMismatch, WebhookSignature.Verify("another-regulators-secret", timestamp, body, signature, now, window));
        Assert.Equal(WebhookVerification.MissingHeader, WebhookSignature.Verify(Secret, null, body, signature, now, window));
        Assert.Equal(WebhookVerification.MalformedTimestamp, WebhookSignature.Verify(Secret, "yesterday", body, signature, now, window));

        // The same delivery replayed six minutes later, or a correctly signed one dated six minutes ahead.
        Assert.Equal(WebhookVerification.OutsideWindow, WebhookSignature.Verify(Secret, timestamp, body, signature, now.AddMinutes(6), window));
        var ahead = now.AddMinutes(6).ToUnixTimeSeconds();
        Assert.Equal(WebhookVerification.OutsideWindow, WebhookSignature.Verify(Secret, ahead.ToString(), body, WebhookSignature.Compute(Secret, ahead, body), now, window));
    }

    [Fact]
    public async Task A_webhook_delivery_is_signed_and_retried_with_exponential_backoff_until_it_succeeds()
    {
        _failuresLeft = 2;
        using var h = new PipelineHarness(Webhook("GS-01"), new LogAlertSink(Microsoft.Extensions.Logging.Abstractions.NullLogger<LogAlertSink>.Instance));
        await h.IngestAsync("gw-gs01-a", Support.Telemetry.Batch(PipelineHarness.HourOfGs01(so2: 40)));
        var alertId = Assert.Single(await h.Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None)).AlertId;

        Assert.Equal(new DispatchResult(1, 1), await h.Dispatcher.DeliverDueAsync(CancellationToken.None)); // log ok, webhook 503
        var pending = (await h.Store.GetDeliveriesAsync(alertId, CancellationToken.None)).Single(d => d.Destination == "webhook:mee");
        Assert.Equal(1, pending.Attempts);
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime.AddSeconds(10), pending.NextAttemptUtc); // first retry delay
        Assert.Contains("503", pending.LastError);

        h.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(new DispatchResult(0, 0), await h.Dispatcher.DeliverDueAsync(CancellationToken.None)); // not yet due
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new DispatchResult(0, 1), await h.Dispatcher.DeliverDueAsync(CancellationToken.None)); // 503 again
        pending = (await h.Store.GetDeliveriesAsync(alertId, CancellationToken.None)).Single(d => d.Destination == "webhook:mee");
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime.AddSeconds(20), pending.NextAttemptUtc); // doubled
        h.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(new DispatchResult(1, 0), await h.Dispatcher.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(new DispatchResult(0, 0), await h.Dispatcher.DeliverDueAsync(CancellationToken.None));

        Assert.Equal(3, _received.Count);
        Assert.Equal(["1", "2", "3"], _received.Select(r => r.Attempt));
        foreach (var (body, timestamp, signature, id, _) in _received)
        {
            Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(Secret, timestamp, System.Text.Encoding.UTF8.GetBytes(body), signature, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance));
            Assert.Equal(alertId, id);
            var notice = AlertNotice.FromJson(body);
            Assert.Equal(alertId, notice.AlertId);
            Assert.Equal("exceedance", notice.Kind);
            Assert.Equal("SO2", notice.Pollutant);
        }
    }

    [Fact]
    public async Task A_regulator_gets_only_the_units_and_plants_it_subscribed_to()
    {
        var sink = new WebhookAlertSink(new HttpClient(), new WebhookOptions { Name = "bureau", Url = _url, Secret = Secret, Units = ["GS-09"], Plants = ["XY"] });
        var notice = AlertNotice.MacChainBroken("GS-01", "GS", Support.Telemetry.Hour, "x", Support.Telemetry.Hour);
        Assert.False(sink.Accepts(notice));
        Assert.True(sink.Accepts(notice with { Unit = "GS-09" }));
        Assert.True(sink.Accepts(notice with { Plant = "XY" }));
        Assert.True(Webhook("*").Accepts(notice with { Plant = null }));

        using var h = new PipelineHarness(sink);
        await h.IngestAsync("gw-gs01-a", Support.Telemetry.Batch(PipelineHarness.HourOfGs01(so2: 40)));
        var alertId = Assert.Single(await h.Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None)).AlertId;
        Assert.Empty(await h.Store.GetDeliveriesAsync(alertId, CancellationToken.None));
    }

    [Fact]
    public async Task The_event_hub_sink_sends_to_the_alerts_hub_with_the_unit_as_partition_key()
    {
        var producer = new RecordingProducer();
        using var h = new PipelineHarness(new EventHubAlertSink(producer));
        await h.IngestAsync("gw-gs01-a", Support.Telemetry.Batch(PipelineHarness.HourOfGs01(so2: 40)));

        Assert.Equal(new DispatchResult(1, 0), await h.Dispatcher.DeliverDueAsync(CancellationToken.None));

        var (options, events) = Assert.Single(producer.Sent);
        Assert.Equal("GS-01", options.PartitionKey);
        var sent = Assert.Single(events);
        var notice = AlertNotice.FromJson(sent.EventBody.ToString());
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal($"{notice.AlertId}/1", sent.MessageId);
        Assert.Equal(notice.AlertId, sent.Properties["alertId"]);
        Assert.Equal(40.0m, notice.Peak);
    }

    /// <summary>An EventHubProducerClient double: batches made by EventHubsModelFactory, sends recorded.</summary>
    private sealed class RecordingProducer : EventHubProducerClient
    {
        private readonly Dictionary<EventDataBatch, (CreateBatchOptions, List<EventData>)> _batches = [];

        public List<(CreateBatchOptions Options, List<EventData> Events)> Sent { get; } = [];

        public override ValueTask<EventDataBatch> CreateBatchAsync(CreateBatchOptions options, CancellationToken cancellationToken = default)
        {
            var store = new List<EventData>();
            var batch = EventHubsModelFactory.EventDataBatch(256 * 1024, store, options, e => e.EventBody.ToArray().Length < 256 * 1024);
            _batches[batch] = (options, store);
            return ValueTask.FromResult(batch);
        }

        public override Task SendAsync(EventDataBatch eventBatch, CancellationToken cancellationToken = default)
        {
            Sent.Add(_batches[eventBatch]);
            return Task.CompletedTask;
        }
    }
}
