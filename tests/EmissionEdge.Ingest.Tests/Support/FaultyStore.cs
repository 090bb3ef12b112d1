using EmissionEdge.Ingest.Storage;

namespace EmissionEdge.Ingest.Tests.Support;

/// <summary>
/// A store that passes every call to a real one, except that it can fail the next gateway-health write (a disk error or
/// crash mid-batch), fail the next alert write (after the hours were written), or hide its change stamp (as Table Storage,
/// so that nothing read from it is kept in memory).
/// </summary>
internal sealed class FaultyStore(IIngestStore inner) : IIngestStore, IDisposable
{
    public bool FailNextHealthWrite { get; set; }

    public bool FailNextAlertWrite { get; set; }

    public bool HideChangeStamp { get; set; }

    public Task<StoreChangeStamp?> GetChangeStampAsync(CancellationToken cancellationToken) =>
        HideChangeStamp ? Task.FromResult<StoreChangeStamp?>(null) : inner.GetChangeStampAsync(cancellationToken);

    public Task<CommittedWork<T>> RunInTransactionSyncingLaterAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        inner.RunInTransactionSyncingLaterAsync(work, cancellationToken);

    public Task SaveAlertAsync(AlertEntry alert, IReadOnlyList<OutboxEntry> deliveries, CancellationToken cancellationToken)
    {
        if (FailNextAlertWrite)
        {
            FailNextAlertWrite = false;
            throw new IOException("simulated disk failure");
        }

        return inner.SaveAlertAsync(alert, deliveries, cancellationToken);
    }

    public Task UpsertHealthAsync(GatewayHealth health, CancellationToken cancellationToken)
    {
        if (FailNextHealthWrite)
        {
            FailNextHealthWrite = false;
            throw new IOException("simulated disk failure");
        }

        return inner.UpsertHealthAsync(health, cancellationToken);
    }

    public Task<T> RunInTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) => inner.RunInTransactionAsync(work, cancellationToken);
    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);
    public Task<IReadOnlyList<MinuteAddResult>> AddMinutesAsync(IReadOnlyList<StoredMinute> minutes, CancellationToken cancellationToken) => inner.AddMinutesAsync(minutes, cancellationToken);
    public Task<StoredMinute?> GetMinuteAsync(string device, long seq, CancellationToken cancellationToken) => inner.GetMinuteAsync(device, seq, cancellationToken);
    public Task UpdateIntegrityAsync(string device, long seq, MacStatus integrity, CancellationToken cancellationToken) => inner.UpdateIntegrityAsync(device, seq, integrity, cancellationToken);
    public Task<IReadOnlyList<StoredMinute>> GetMinutesAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) => inner.GetMinutesAsync(unit, fromUtc, toUtc, cancellationToken);
    public Task<HourResultEntry?> GetHourAsync(string unit, DateTime hourStartUtc, CancellationToken cancellationToken) => inner.GetHourAsync(unit, hourStartUtc, cancellationToken);
    public Task<IReadOnlyList<HourResultEntry>> GetHoursAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) => inner.GetHoursAsync(unit, fromUtc, toUtc, cancellationToken);
    public Task<IReadOnlyList<HourResultEntry>> GetOpenHoursAsync(DateTime beforeUtc, CancellationToken cancellationToken) => inner.GetOpenHoursAsync(beforeUtc, cancellationToken);
    public Task UpsertHoursAsync(IReadOnlyList<HourResultEntry> hours, CancellationToken cancellationToken) => inner.UpsertHoursAsync(hours, cancellationToken);
    public Task<AlertEntry?> GetAlertAsync(string unit, string alertId, CancellationToken cancellationToken) => inner.GetAlertAsync(unit, alertId, cancellationToken);
    public Task<IReadOnlyList<AlertEntry>> GetAlertsAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) => inner.GetAlertsAsync(unit, fromUtc, toUtc, cancellationToken);
    public Task<IReadOnlyList<OutboxEntry>> GetDueDeliveriesAsync(DateTime nowUtc, int maxCount, CancellationToken cancellationToken) => inner.GetDueDeliveriesAsync(nowUtc, maxCount, cancellationToken);
    public Task<IReadOnlyList<OutboxEntry>> GetDeliveriesAsync(string alertId, CancellationToken cancellationToken) => inner.GetDeliveriesAsync(alertId, cancellationToken);
    public Task UpdateDeliveryAsync(OutboxEntry entry, CancellationToken cancellationToken) => inner.UpdateDeliveryAsync(entry, cancellationToken);
    public Task AddDeadLetterAsync(DeadLetter deadLetter, CancellationToken cancellationToken) => inner.AddDeadLetterAsync(deadLetter, cancellationToken);
    public Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) => inner.GetDeadLettersAsync(fromUtc, toUtc, cancellationToken);
    public Task<GatewayHealth?> GetHealthAsync(string device, CancellationToken cancellationToken) => inner.GetHealthAsync(device, cancellationToken);
    public Task<IReadOnlyList<GatewayHealth>> GetAllHealthAsync(CancellationToken cancellationToken) => inner.GetAllHealthAsync(cancellationToken);
    public void Dispose() => (inner as IDisposable)?.Dispose();
}
