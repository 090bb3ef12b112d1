using System.Collections.Concurrent;
using System.Globalization;
using EmissionEdge.Ingest.Alerts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmissionEdge.Soak;

/// <summary>One POST the webhook receiver accepted.</summary>
/// <param name="AlertId">The <c>X-EmissionEdge-Alert-Id</c> header.</param>
/// <param name="Version">The <c>X-EmissionEdge-Alert-Version</c> header.</param>
/// <param name="Attempt">The <c>X-EmissionEdge-Delivery-Attempt</c> header.</param>
/// <param name="SignatureValid">Whether <c>X-EmissionEdge-Signature</c> verified against the body with the regulator's secret.</param>
/// <param name="Body">The body.</param>
public sealed record WebhookDelivery(string AlertId, int Version, int Attempt, bool SignatureValid, string Body);

/// <summary>
/// The regulator's end of the alert webhook, in the harness so it outlives every server restart: a Kestrel listener on
/// 127.0.0.1 (free port) that verifies each POST's signature and records it. A share of POSTs is refused with 503 (seeded)
/// so the outbox's retries run too. The receiver's idempotency key is (alert id, version): a second POST of the same key
/// (a re-delivery after the server was killed between the POST and marking it delivered) is recorded as a repeat, not a
/// new alert version.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<WebhookDelivery> _deliveries = new();
    private readonly Random _random;
    private readonly double _refusalRate;
    private long _refused;

    private WebhookReceiver(WebApplication app, int seed, double refusalRate)
    {
        _app = app;
        _random = new Random(seed);
        _refusalRate = refusalRate;
    }

    /// <summary>Where the server POSTs.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Every accepted POST, in arrival order.</summary>
    public IReadOnlyCollection<WebhookDelivery> Deliveries => _deliveries;

    /// <summary>POSTs refused with 503.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Starts the receiver.</summary>
    /// <param name="secret">The webhook secret.</param>
    /// <param name="seed">Seed of the refusals.</param>
    /// <param name="refusalRate">Share of POSTs refused (0–1).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running receiver.</returns>
    public static async Task<WebhookReceiver> StartAsync(string secret, int seed, double refusalRate, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, seed, refusalRate);
        app.MapPost("/alerts", (Delegate)(async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
            return receiver.Receive(context.Request.Headers, body.ToArray());
        }));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address + "/alerts");
        return receiver;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private IResult Receive(IHeaderDictionary headers, byte[] body)
    {
        bool refuse;
        lock (_random)
        {
            refuse = _random.NextDouble() < _refusalRate;
        }

        if (refuse)
        {
            Interlocked.Increment(ref _refused);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var valid = WebhookSignature.Verify(SoakPlant.WebhookSecret, headers[WebhookSignature.TimestampHeaderName].ToString(), body,
            headers[WebhookSignature.HeaderName].ToString(), DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance) == WebhookVerification.Valid;
        _ = int.TryParse(headers["X-EmissionEdge-Alert-Version"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var version);
        _ = int.TryParse(headers["X-EmissionEdge-Delivery-Attempt"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var attempt);
        _deliveries.Enqueue(new WebhookDelivery(headers["X-EmissionEdge-Alert-Id"].ToString(), version, attempt, valid, System.Text.Encoding.UTF8.GetString(body)));
        return valid ? Results.Ok() : Results.Unauthorized();
    }
}
