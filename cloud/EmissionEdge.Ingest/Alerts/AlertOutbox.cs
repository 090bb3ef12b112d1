using EmissionEdge.Ingest.Storage;

namespace EmissionEdge.Ingest.Alerts;

/// <summary>
/// The durable alert outbox: a new alert version is stored together with one pending delivery per destination that
/// accepts it, before anything is sent. <see cref="AlertDispatcher"/> sends them.
/// </summary>
public sealed class AlertOutbox
{
    private readonly IIngestStore _store;
    private readonly IReadOnlyList<IAlertSink> _sinks;

    /// <summary>Creates the outbox.</summary>
    /// <param name="store">The store.</param>
    /// <param name="sinks">Every configured destination.</param>
    public AlertOutbox(IIngestStore store, IEnumerable<IAlertSink> sinks)
    {
        _store = store;
        _sinks = sinks.ToArray();
        var duplicate = _sinks.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"two alert sinks are named '{duplicate.Key}'", nameof(sinks));
        }
    }

    /// <summary>The configured destinations.</summary>
    public IReadOnlyList<IAlertSink> Sinks => _sinks;

    /// <summary>Stores a notice (a new alert or a new version) and queues its deliveries.</summary>
    /// <param name="notice">The notice.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The alert version as stored (its payload is the notice's JSON, which each delivery sends).</returns>
    public Task<AlertEntry> SaveAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return SaveAsync(notice, notice.ToJson(), cancellationToken);
    }

    /// <summary>As <see cref="SaveAsync(AlertNotice, CancellationToken)"/>, with the notice's JSON already made.</summary>
    /// <param name="notice">The notice.</param>
    /// <param name="body">Its JSON: <see cref="AlertNotice.ToJson"/> of <paramref name="notice"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The alert version as stored.</returns>
    internal async Task<AlertEntry> SaveAsync(AlertNotice notice, string body, CancellationToken cancellationToken)
    {
        var deliveries = _sinks
            .Where(s => s.Accepts(notice))
            .Select(s => new OutboxEntry(
                OutboxEntry.KeyOf(notice.AlertId, notice.Version, s.Name), notice.AlertId, notice.Version, notice.Unit, s.Name, body,
                Attempts: 0, NextAttemptUtc: notice.UpdatedUtc, DeliveredUtc: null, LastError: null))
            .ToArray();
        var entry = new AlertEntry(notice.AlertId, notice.Unit, notice.Plant, notice.Kind, notice.Pollutant ?? string.Empty, notice.StartUtc, body, notice.Version, notice.UpdatedUtc);
        await _store.SaveAlertAsync(entry, deliveries, cancellationToken).ConfigureAwait(false);
        return entry;
    }
}
