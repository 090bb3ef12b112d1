using EmissionEdge.Ingest.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmissionEdge.Ingest.Alerts;

/// <summary>
/// Sends due outbox deliveries. A delivery is marked delivered only after its sink returned; a failure is recorded and
/// retried after <see cref="OutboxOptions.RetryDelay"/> (exponential backoff), forever. So every destination gets every
/// alert version at least once; receivers deduplicate by alert id and version.
/// </summary>
public sealed partial class AlertDispatcher
{
    private readonly IIngestStore _store;
    private readonly Dictionary<string, IAlertSink> _sinks;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertDispatcher> _logger;

    /// <summary>Creates the dispatcher.</summary>
    /// <param name="store">The store holding the outbox.</param>
    /// <param name="sinks">The destinations, by name.</param>
    /// <param name="options">Retry policy.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    public AlertDispatcher(IIngestStore store, IEnumerable<IAlertSink> sinks, IOptions<OutboxOptions> options, TimeProvider time, ILogger<AlertDispatcher> logger)
    {
        _store = store;
        _sinks = sinks.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Attempts every delivery due now (up to <see cref="OutboxOptions.BatchSize"/>).</summary>
    /// <param name="cancellationToken">Cancels the run between deliveries.</param>
    /// <returns>How many were delivered and how many failed.</returns>
    public async Task<DispatchResult> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var due = await _store.GetDueDeliveriesAsync(now, _options.BatchSize, cancellationToken).ConfigureAwait(false);
        int delivered = 0, failed = 0;
        foreach (var entry in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attempt = entry.Attempts + 1;
            try
            {
                if (!_sinks.TryGetValue(entry.Destination, out var sink))
                {
                    throw new InvalidOperationException($"no alert sink named '{entry.Destination}' is configured");
                }

                await sink.DeliverAsync(AlertNotice.FromJson(entry.Payload), entry.Payload, attempt, cancellationToken).ConfigureAwait(false);
                await _store.UpdateDeliveryAsync(entry with { Attempts = attempt, DeliveredUtc = _time.GetUtcNow().UtcDateTime, LastError = null }, cancellationToken).ConfigureAwait(false);
                delivered++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var next = _time.GetUtcNow().UtcDateTime + _options.RetryDelay(attempt);
                await _store.UpdateDeliveryAsync(entry with { Attempts = attempt, NextAttemptUtc = next, LastError = ex.Message }, cancellationToken).ConfigureAwait(false);
                LogFailed(entry.AlertId, entry.Version, entry.Destination, attempt, next, ex.Message);
                failed++;
            }
        }

        return new DispatchResult(delivered, failed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} v{Version} to {Destination}: attempt {Attempt} failed, next at {NextAttemptUtc:o}: {Error}")]
    private partial void LogFailed(string alertId, int version, string destination, int attempt, DateTime nextAttemptUtc, string error);
}

/// <summary>Outcome of one dispatch run.</summary>
/// <param name="Delivered">Deliveries that succeeded.</param>
/// <param name="Failed">Deliveries that failed and were rescheduled.</param>
public readonly record struct DispatchResult(int Delivered, int Failed);
