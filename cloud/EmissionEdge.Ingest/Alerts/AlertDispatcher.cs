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
    /// <remarks>
    /// The outcomes of a run are recorded together, in one unit of work once its deliveries were attempted (also when it
    /// was cancelled part-way), not one synced write per delivery: a store write after each POST held up telemetry
    /// commits and the next POST for a disk sync each. A crash before that write only means the run's deliveries are
    /// sent again, which "at least once" allows (receivers deduplicate by alert id and version).
    /// </remarks>
    public async Task<DispatchResult> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var due = await _store.GetDueDeliveriesAsync(now, _options.BatchSize, cancellationToken).ConfigureAwait(false);
        var outcomes = new List<OutboxEntry>(due.Count);
        int delivered = 0, failed = 0;
        try
        {
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
                    outcomes.Add(entry with { Attempts = attempt, DeliveredUtc = _time.GetUtcNow().UtcDateTime, LastError = null });
                    delivered++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    var next = _time.GetUtcNow().UtcDateTime + _options.RetryDelay(attempt);
                    outcomes.Add(entry with { Attempts = attempt, NextAttemptUtc = next, LastError = ex.Message });
                    LogFailed(entry.AlertId, entry.Version, entry.Destination, attempt, next, ex.Message);
                    failed++;
                }
            }
        }
        finally
        {
            if (outcomes.Count > 0)
            {
                await RecordAsync(outcomes).ConfigureAwait(false);
            }
        }

        return new DispatchResult(delivered, failed);
    }

    /// <summary>
    /// Records the outcomes of attempted deliveries in one unit of work (not cancelled: they were attempted), and waits
    /// for it to be on disk without holding the store meanwhile (telemetry commits go on during the sync).
    /// </summary>
    private async Task RecordAsync(List<OutboxEntry> outcomes)
    {
        var committed = await _store.RunInTransactionSyncingLaterAsync(
            async ct =>
            {
                foreach (var outcome in outcomes)
                {
                    await _store.UpdateDeliveryAsync(outcome, ct).ConfigureAwait(false);
                }

                return true;
            },
            CancellationToken.None).ConfigureAwait(false);
        await committed.Durable.ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} v{Version} to {Destination}: attempt {Attempt} failed, next at {NextAttemptUtc:o}: {Error}")]
    private partial void LogFailed(string alertId, int version, string destination, int attempt, DateTime nextAttemptUtc, string error);
}

/// <summary>Outcome of one dispatch run.</summary>
/// <param name="Delivered">Deliveries that succeeded.</param>
/// <param name="Failed">Deliveries that failed and were rescheduled.</param>
public readonly record struct DispatchResult(int Delivered, int Failed);
