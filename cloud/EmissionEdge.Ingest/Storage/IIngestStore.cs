using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Ingest.Storage;

/// <summary>
/// Everything the ingest pipeline keeps: minute records (deduplicated on device and seq), hour results, alerts,
/// the alert outbox, dead letters and gateway health. Implemented by <see cref="Sqlite.SqliteIngestStore"/>
/// (embedded default) and <see cref="Tables.TableIngestStore"/> (Azure Table Storage); one contract test suite runs
/// against both.
/// </summary>
/// <remarks>Times are UTC. Ranges are half-open: [from, to).</remarks>
public interface IIngestStore
{
    /// <summary>Creates tables and indexes when missing. Idempotent.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> as one unit of work. SQLite runs it in one transaction: every call <paramref name="work"/>
    /// makes on this store (in its own async flow) joins it, calls from elsewhere wait until it ends, and its writes are
    /// committed together when it returns (or rolled back when it throws). Table Storage has no transaction across
    /// partitions: the default runs <paramref name="work"/> as it is, each write standing on its own.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The work; its calls to this store join the unit.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result of <paramref name="work"/>, once its writes are durable.</returns>
    Task<T> RunInTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work(cancellationToken);
    }

    /// <summary>
    /// As <see cref="RunInTransactionAsync{T}"/>, but returns as soon as the unit of work committed, with a task for its
    /// commit reaching the disk: the caller can start the next unit of work while this one is synced (SQLite in WAL mode
    /// with <see cref="Sqlite.SqliteSynchronous.Full"/>). Stores whose commits are durable when they return (the default,
    /// Table Storage) give a completed task.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The work; its calls to this store join the unit.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result of <paramref name="work"/> once committed, and the task of the commit being durable.</returns>
    async Task<CommittedWork<T>> RunInTransactionSyncingLaterAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        new(await RunInTransactionAsync(work, cancellationToken).ConfigureAwait(false), Task.CompletedTask);

    /// <summary>
    /// Where the store's minutes, hours and alerts stand (see <see cref="StoreChangeStamp"/>), so that a caller can keep what it
    /// read and wrote in memory and know when it must read again. Called inside a unit of work it joins it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stamp, or <see langword="null"/> when the store cannot tell who else changed it (the default; Table
    /// Storage, which several Functions instances write): then nothing read from it may be kept.</returns>
    Task<StoreChangeStamp?> GetChangeStampAsync(CancellationToken cancellationToken) => Task.FromResult<StoreChangeStamp?>(null);

    /// <summary>Adds minutes unless their (device, seq) is already stored.</summary>
    /// <param name="minutes">The minutes, in arrival order.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Per minute, in the same order: added, identical duplicate, or conflicting duplicate (not stored).</returns>
    Task<IReadOnlyList<MinuteAddResult>> AddMinutesAsync(IReadOnlyList<StoredMinute> minutes, CancellationToken cancellationToken);

    /// <summary>Gets one stored minute by its idempotency key.</summary>
    /// <param name="device">The device.</param>
    /// <param name="seq">The sequence number.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The minute, or <see langword="null"/>.</returns>
    Task<StoredMinute?> GetMinuteAsync(string device, long seq, CancellationToken cancellationToken);

    /// <summary>Records the mac chain check of a stored minute made later (its predecessor arrived); keeps <see cref="StoredMinute.Canonical"/>.</summary>
    /// <param name="device">The device.</param>
    /// <param name="seq">The sequence number.</param>
    /// <param name="integrity">The result.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task UpdateIntegrityAsync(string device, long seq, MacStatus integrity, CancellationToken cancellationToken);

    /// <summary>Gets a unit's minutes whose minute lies in [from, to), ordered by minute then seq.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="fromUtc">Inclusive start.</param>
    /// <param name="toUtc">Exclusive end.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The minutes.</returns>
    Task<IReadOnlyList<StoredMinute>> GetMinutesAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Gets the readings of a unit's minutes whose minute lies in [from, to), ordered by minute then seq: what the engine
    /// aggregates, without the keys and integrity data of <see cref="GetMinutesAsync"/> (SQLite reads less for it).
    /// </summary>
    /// <param name="unit">The unit.</param>
    /// <param name="fromUtc">Inclusive start.</param>
    /// <param name="toUtc">Exclusive end.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The minute records.</returns>
    async Task<IReadOnlyList<MinuteRecord>> GetMinuteRecordsAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        (await GetMinutesAsync(unit, fromUtc, toUtc, cancellationToken).ConfigureAwait(false)).Select(m => m.Record).ToList();

    /// <summary>Gets the stored result of one unit-hour.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="hourStartUtc">UTC start of the hour.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result, or <see langword="null"/>.</returns>
    Task<HourResultEntry?> GetHourAsync(string unit, DateTime hourStartUtc, CancellationToken cancellationToken);

    /// <summary>Gets a unit's hour results whose start lies in [from, to), ordered by start.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="fromUtc">Inclusive start.</param>
    /// <param name="toUtc">Exclusive end.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The results.</returns>
    Task<IReadOnlyList<HourResultEntry>> GetHoursAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken);

    /// <summary>Gets hour results of any unit that are not closed and start before <paramref name="beforeUtc"/>.</summary>
    /// <param name="beforeUtc">Exclusive bound on the hour start.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open hours, ordered by unit then start.</returns>
    Task<IReadOnlyList<HourResultEntry>> GetOpenHoursAsync(DateTime beforeUtc, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces unit-hour results (SQLite: in one transaction).</summary>
    /// <param name="hours">The results.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task UpsertHoursAsync(IReadOnlyList<HourResultEntry> hours, CancellationToken cancellationToken);

    /// <summary>Gets one alert.</summary>
    /// <param name="unit">The unit the alert concerns.</param>
    /// <param name="alertId">The alert id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The alert, or <see langword="null"/>.</returns>
    Task<AlertEntry?> GetAlertAsync(string unit, string alertId, CancellationToken cancellationToken);

    /// <summary>Gets a unit's alerts whose start lies in [from, to), ordered by start then id.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="fromUtc">Inclusive start.</param>
    /// <param name="toUtc">Exclusive end.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The alerts.</returns>
    Task<IReadOnlyList<AlertEntry>> GetAlertsAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new alert version together with its outbox deliveries, atomically where the store allows
    /// (SQLite: one transaction; Table Storage: alert first, then deliveries, so a crash between them is
    /// repaired by the next re-derivation, which finds the version stored and its deliveries missing).
    /// </summary>
    /// <param name="alert">The alert version.</param>
    /// <param name="deliveries">Its deliveries, one per destination.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task SaveAlertAsync(AlertEntry alert, IReadOnlyList<OutboxEntry> deliveries, CancellationToken cancellationToken);

    /// <summary>Gets undelivered outbox entries due at <paramref name="nowUtc"/>, oldest due first.</summary>
    /// <param name="nowUtc">The current time.</param>
    /// <param name="maxCount">At most this many.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The due entries.</returns>
    Task<IReadOnlyList<OutboxEntry>> GetDueDeliveriesAsync(DateTime nowUtc, int maxCount, CancellationToken cancellationToken);

    /// <summary>Gets the outbox entries of one alert (all versions, all destinations).</summary>
    /// <param name="alertId">The alert id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The entries, ordered by id.</returns>
    Task<IReadOnlyList<OutboxEntry>> GetDeliveriesAsync(string alertId, CancellationToken cancellationToken);

    /// <summary>Records the outcome of a delivery attempt (attempts, next attempt, delivered time, last error).</summary>
    /// <param name="entry">The updated entry.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task UpdateDeliveryAsync(OutboxEntry entry, CancellationToken cancellationToken);

    /// <summary>Adds a dead letter.</summary>
    /// <param name="deadLetter">The dead letter.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task AddDeadLetterAsync(DeadLetter deadLetter, CancellationToken cancellationToken);

    /// <summary>Gets dead letters recorded in [from, to), oldest first.</summary>
    /// <param name="fromUtc">Inclusive start.</param>
    /// <param name="toUtc">Exclusive end.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The dead letters.</returns>
    Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken);

    /// <summary>Gets a gateway's health.</summary>
    /// <param name="device">The device id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The health, or <see langword="null"/> when never heard from.</returns>
    Task<GatewayHealth?> GetHealthAsync(string device, CancellationToken cancellationToken);

    /// <summary>Gets every gateway's health, ordered by device id.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The health records.</returns>
    Task<IReadOnlyList<GatewayHealth>> GetAllHealthAsync(CancellationToken cancellationToken);

    /// <summary>Gets the health of the gateways that measure one unit, ordered by device id.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The health records (none when no gateway of the unit was heard from).</returns>
    /// <remarks>The default filters <see cref="GetAllHealthAsync"/>; stores that can look a unit up do so.</remarks>
    async Task<IReadOnlyList<GatewayHealth>> GetUnitHealthAsync(string unit, CancellationToken cancellationToken) =>
        (await GetAllHealthAsync(cancellationToken).ConfigureAwait(false)).Where(h => string.Equals(h.Unit, unit, StringComparison.Ordinal)).ToArray();

    /// <summary>Inserts or replaces a gateway's health.</summary>
    /// <param name="health">The health.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    Task UpsertHealthAsync(GatewayHealth health, CancellationToken cancellationToken);
}
