using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace EmissionEdge.Ingest.Alerts;

/// <summary>
/// Delivers alert notices to one regulator: a JSON POST signed with <see cref="WebhookSignature"/> (timestamp and
/// signature headers, the timestamp from the wall clock of each attempt), with headers <c>X-EmissionEdge-Alert-Id</c>, <c>X-EmissionEdge-Alert-Version</c> and <c>X-EmissionEdge-Delivery-Attempt</c>.
/// Any non-2xx answer or transport error fails the attempt; the outbox retries with exponential backoff.
/// </summary>
public sealed class WebhookAlertSink : IAlertSink
{
    private readonly HttpClient _http;
    private readonly WebhookOptions _options;
    private readonly HashSet<string> _units;
    private readonly HashSet<string> _plants;
    private readonly TimeProvider _wallClock;

    /// <summary>Creates the sink for one regulator, signing with the system clock's time.</summary>
    /// <param name="http">The HTTP client.</param>
    /// <param name="options">The subscription.</param>
    /// <exception cref="ArgumentException">The subscription has no name, an invalid URL or no secret.</exception>
    public WebhookAlertSink(HttpClient http, WebhookOptions options)
        : this(http, options, TimeProvider.System)
    {
    }

    /// <summary>Creates the sink for one regulator.</summary>
    /// <param name="http">The HTTP client.</param>
    /// <param name="options">The subscription.</param>
    /// <param name="wallClock">
    /// The clock of the signature timestamp: the real time even when the server runs simulated time, because the receiver
    /// checks it against its own clock.
    /// </param>
    /// <exception cref="ArgumentException">The subscription has no name, an invalid URL or no secret.</exception>
    public WebhookAlertSink(HttpClient http, WebhookOptions options, TimeProvider wallClock)
    {
        ArgumentNullException.ThrowIfNull(wallClock);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            throw new ArgumentException("Alerts:Webhooks: a webhook has no Name", nameof(options));
        }

        if (options.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"Alerts:Webhooks '{options.Name}': Url must be an absolute http(s) URL, got '{options.Url}'", nameof(options));
        }

        if (string.IsNullOrEmpty(options.Secret))
        {
            throw new ArgumentException($"Alerts:Webhooks '{options.Name}': Secret is empty", nameof(options));
        }

        _http = http;
        _options = options;
        _units = new HashSet<string>(options.Units, StringComparer.Ordinal);
        _plants = new HashSet<string>(options.Plants, StringComparer.Ordinal);
        _wallClock = wallClock;
    }

    /// <inheritdoc />
    public string Name => "webhook:" + _options.Name;

    /// <inheritdoc />
    public bool Accepts(AlertNotice notice) =>
        _units.Contains("*") || _units.Contains(notice.Unit) || (notice.Plant is not null && _plants.Contains(notice.Plant));

    /// <inheritdoc />
    public async Task DeliverAsync(AlertNotice notice, string body, int attempt, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var timestamp = _wallClock.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.Add(WebhookSignature.TimestampHeaderName, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(_options.Secret, timestamp, bytes));
        request.Headers.Add("X-EmissionEdge-Alert-Id", notice.AlertId);
        request.Headers.Add("X-EmissionEdge-Alert-Version", notice.Version.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-EmissionEdge-Delivery-Attempt", attempt.ToString(CultureInfo.InvariantCulture));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"webhook {_options.Name} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
    }
}
