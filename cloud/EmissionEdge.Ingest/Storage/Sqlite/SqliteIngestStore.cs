using EmissionEdge.Compliance.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace EmissionEdge.Ingest.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite database file in WAL mode (Microsoft.Data.Sqlite). Times are stored as UTC ticks.
/// </summary>
/// <remarks>
/// One connection serves every call, one call at a time: SQLite serializes writers anyway. The ingest pipeline runs a
/// whole batch of messages as one transaction (<see cref="RunInTransactionAsync{T}"/>). Every statement is prepared once
/// and run through <see cref="SqliteStatement"/> (SQLitePCLRaw, parameters by position); Microsoft.Data.Sqlite opens the
/// connection and creates the schema. Durability of a commit: <see cref="SqliteStoreOptions.Synchronous"/>. With
/// <see cref="SqliteSynchronous.Full"/> on a database in WAL mode, once <see cref="InitializeAsync"/> ran, SQLite commits
/// with <c>synchronous = NORMAL</c> and the store syncs the log itself after each commit (<see cref="WriteAheadLogSync"/>):
/// every call that wrote still returns only once its commit is on disk, and
/// <see cref="RunInTransactionSyncingLaterAsync{T}"/> lets the next transaction run while the last one is synced.
/// </remarks>
public sealed class SqliteIngestStore : IIngestStore, IDisposable
{
    // page_size only applies to a new database (before WAL is on): 16 KB pages hold ~40 minute rows, so a batch of
    // minutes touches fewer pages (IngestBenchmarks: catch-up ~10 % faster than with 4 KB pages, live the same within
    // the noise); an existing database keeps its page size.
    private const string Schema = """
        PRAGMA page_size = 16384;
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS minutes (
            device TEXT NOT NULL, seq INTEGER NOT NULL, unit TEXT NOT NULL, minute INTEGER NOT NULL,
            readings BLOB NOT NULL, mac BLOB NULL, integrity INTEGER NOT NULL, received INTEGER NOT NULL,
            canonical BLOB NULL,
            PRIMARY KEY (device, seq)); -- a rowid table: rows of ~350 bytes insert faster than WITHOUT ROWID (measured)
        CREATE INDEX IF NOT EXISTS minutes_by_unit ON minutes (unit, minute, seq);
        CREATE TABLE IF NOT EXISTS hours (
            unit TEXT NOT NULL, hour_start INTEGER NOT NULL, payload TEXT NOT NULL, minutes_received INTEGER NOT NULL,
            revision INTEGER NOT NULL, closed INTEGER NOT NULL, evaluated INTEGER NOT NULL,
            PRIMARY KEY (unit, hour_start)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS hours_open ON hours (closed, hour_start);
        CREATE TABLE IF NOT EXISTS alerts (
            alert_id TEXT NOT NULL PRIMARY KEY, unit TEXT NOT NULL, plant TEXT NULL, kind TEXT NOT NULL, pollutant TEXT NOT NULL,
            start INTEGER NOT NULL, payload TEXT NOT NULL, version INTEGER NOT NULL, updated INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS alerts_by_unit ON alerts (unit, start, alert_id);
        CREATE TABLE IF NOT EXISTS outbox (
            id TEXT NOT NULL PRIMARY KEY, alert_id TEXT NOT NULL, version INTEGER NOT NULL, unit TEXT NOT NULL,
            destination TEXT NOT NULL, payload TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt INTEGER NOT NULL,
            delivered INTEGER NULL, last_error TEXT NULL);
        CREATE INDEX IF NOT EXISTS outbox_due ON outbox (next_attempt) WHERE delivered IS NULL;
        CREATE INDEX IF NOT EXISTS outbox_by_alert ON outbox (alert_id);
        CREATE TABLE IF NOT EXISTS dead_letters (
            id TEXT NOT NULL PRIMARY KEY, device TEXT NOT NULL, reason TEXT NOT NULL, category TEXT NOT NULL,
            raw BLOB NOT NULL, enqueued INTEGER NOT NULL, recorded INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS dead_letters_by_time ON dead_letters (recorded);
        CREATE TABLE IF NOT EXISTS gateway_health (
            device TEXT NOT NULL PRIMARY KEY, unit TEXT NOT NULL, last_seen INTEGER NOT NULL, last_seq INTEGER NOT NULL,
            last_minute INTEGER NOT NULL, backlog INTEGER NULL, skew REAL NOT NULL, firmware TEXT NULL,
            accepted INTEGER NOT NULL, duplicates INTEGER NOT NULL, rejected INTEGER NOT NULL, last_accepted INTEGER NULL);
        """;

    // Databases made before gateway health kept when a gateway last stored something new lack last_accepted: added on open.
    private const string AddLastAccepted = "ALTER TABLE gateway_health ADD COLUMN last_accepted INTEGER NULL";

    // Databases made before minutes were compared by content kept a SHA-256 of it in a hash column: dropped on open.
    private const string DropMinuteHash = "ALTER TABLE minutes DROP COLUMN hash";

    // Databases made before the stored chain could be audited kept canonical bytes only while a record was unverified,
    // in pending_canonical: renamed on open (records verified before then stay unauditable: their bytes are gone).
    private const string RenamePendingCanonical = "ALTER TABLE minutes RENAME COLUMN pending_canonical TO canonical";

    private const string MinuteColumns = "device, seq, unit, minute, readings, mac, integrity, received, canonical";
    private const string HourColumns = "unit, hour_start, payload, minutes_received, revision, closed, evaluated";
    private const string AlertColumns = "alert_id, unit, plant, kind, pollutant, start, payload, version, updated";
    private const string OutboxColumns = "id, alert_id, version, unit, destination, payload, attempts, next_attempt, delivered, last_error";
    private const string HealthColumns = "device, unit, last_seen, last_seq, last_minute, backlog, skew, firmware, accepted, duplicates, rejected, last_accepted";

    // busy_timeout: SQLite itself waits up to 30 s for another process's write lock (as Microsoft.Data.Sqlite's command
    // timeout did for its commands), for the statements run through SqliteStatement as well.
    private const string ConnectionPragmas = """
        PRAGMA busy_timeout = 30000;
        PRAGMA cache_size = -32768;
        PRAGMA temp_store = MEMORY;
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AsyncLocal<bool> _inTransaction = new();
    private readonly Dictionary<string, SqliteStatement> _prepared = new(StringComparer.Ordinal);
    private readonly SqliteConnection _connection;
    private readonly string _databasePath;
    private readonly SqliteSynchronous _synchronous;
    private WriteAheadLogSync? _logSync;
    private WalCheckpointer? _checkpointer;
    private SqliteStatement? _insertMinute;
    private SqliteStatement? _selectSameContent;
    private long _rolledBack;
    private TransactionScope? _joined;
    private long _writes;

    /// <summary>Opens (creating when missing) the database named by the options.</summary>
    /// <param name="options">The database path.</param>
    public SqliteIngestStore(IOptions<SqliteStoreOptions> options)
        : this(options.Value.DatabasePath, options.Value.Synchronous)
    {
    }

    /// <summary>Opens (creating when missing) a database file; every commit is synced to disk (<see cref="SqliteSynchronous.Full"/>).</summary>
    /// <param name="databasePath">The file path.</param>
    public SqliteIngestStore(string databasePath)
        : this(databasePath, SqliteSynchronous.Full)
    {
    }

    private SqliteIngestStore(string databasePath, SqliteSynchronous synchronous)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _databasePath = databasePath;
        _synchronous = synchronous;
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = ConnectionPragmas + synchronous switch
        {
            SqliteSynchronous.Full => "PRAGMA synchronous = FULL;",
            SqliteSynchronous.Normal => "PRAGMA synchronous = NORMAL;",
            _ => throw new ArgumentOutOfRangeException(nameof(synchronous), synchronous, "Storage:Sqlite:Synchronous must be Full or Normal"),
        };
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => Locked(() =>
    {
        using var command = _connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
        if (HasColumn("minutes", "hash"))
        {
            Run(DropMinuteHash);
        }

        if (HasColumn("minutes", "pending_canonical"))
        {
            Run(RenamePendingCanonical);
        }

        if (!HasColumn("gateway_health", "last_accepted"))
        {
            Run(AddLastAccepted);
        }

        command.CommandText = "PRAGMA journal_mode";
        var wal = string.Equals(command.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase);
        var logPath = _databasePath + "-wal";
        if (_synchronous == SqliteSynchronous.Full && _logSync is null && wal && File.Exists(logPath))
        {
            // From here on the store syncs the log after each commit itself (see the remarks of the class).
            _logSync = new WriteAheadLogSync(logPath);
            command.CommandText = "PRAGMA synchronous = NORMAL";
            command.ExecuteNonQuery();
        }

        if (_checkpointer is null && wal)
        {
            // From here on checkpoints run beside the commits (see WalCheckpointer).
            _checkpointer = new WalCheckpointer(_databasePath);
            command.CommandText = $"PRAGMA wal_autocheckpoint = {WalCheckpointer.WriterAutoCheckpointPages}";
            command.ExecuteNonQuery();
        }

        return true;

        // For the schema changes of databases made by earlier versions (not through the prepared-statement cache).
        bool HasColumn(string table, string column)
        {
            command.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
            return (long)command.ExecuteScalar()! > 0;
        }

        void Run(string sql)
        {
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// One transaction holds the store for the whole of <paramref name="work"/>; a call from another flow (a timer, an API
    /// read) waits until it commits. A call from inside <paramref name="work"/> joins it: the flow is recognised through an
    /// <see cref="AsyncLocal{T}"/>, as <c>TransactionScope</c> does, so work must not start parallel store calls.
    /// </remarks>
    public async Task<T> RunInTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        (await RunTransactionAsync(work, syncLater: false, cancellationToken).ConfigureAwait(false)).Result;

    /// <inheritdoc />
    /// <remarks>
    /// Holds the store as <see cref="RunInTransactionAsync{T}"/> does, but only until the commit: the log sync runs on
    /// its own thread meanwhile, and the next call (another transaction) may already write. Called from inside a
    /// transaction it joins it, and the outer transaction's commit makes it durable.
    /// </remarks>
    public Task<CommittedWork<T>> RunInTransactionSyncingLaterAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RunTransactionAsync(work, syncLater: true, cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction; syncs the log before returning unless <paramref name="syncLater"/>.</summary>
    private async Task<CommittedWork<T>> RunTransactionAsync<T>(Func<CancellationToken, Task<T>> work, bool syncLater, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_inTransaction.Value)
        {
            return new(await work(cancellationToken).ConfigureAwait(false), Task.CompletedTask);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = BeginUnlessInTransaction();
            _inTransaction.Value = true;
            var result = await work(cancellationToken).ConfigureAwait(false);
            transaction.Commit();
            _checkpointer?.Request();
            if (_logSync is null || !syncLater)
            {
                _logSync?.Sync(); // on this thread, as SQLite's FULL did inside COMMIT
                return new(result, Task.CompletedTask);
            }

            return new(result, _logSync.SyncAsync());
        }
        finally
        {
            _inTransaction.Value = false;
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="StoreChangeStamp.OtherWriters"/> is SQLite's <c>PRAGMA data_version</c> of this connection, which changes
    /// when any other connection commits to the file; this instance's own commits do not change it.
    /// </remarks>
    public Task<StoreChangeStamp?> GetChangeStampAsync(CancellationToken cancellationToken) => Locked<StoreChangeStamp?>(() =>
        new StoreChangeStamp(Query("PRAGMA data_version", r => r.Int64(0))[0], Interlocked.Read(ref _rolledBack), Interlocked.Read(ref _writes)),
        cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// A (device, seq) already stored is told apart as an identical replay or a conflict by comparing what is stored
    /// (unit, minute, encoded readings, mac) with the new minute byte for byte, so no content hash is computed.
    /// </remarks>
    public Task<IReadOnlyList<MinuteAddResult>> AddMinutesAsync(IReadOnlyList<StoredMinute> minutes, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<MinuteAddResult>>(() =>
        {
            Interlocked.Increment(ref _writes);
            var results = new MinuteAddResult[minutes.Count];
            using var transaction = BeginUnlessInTransaction();
            var insert = _insertMinute ??= new SqliteStatement(_connection,
                $"INSERT INTO minutes ({MinuteColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING");
            var same = _selectSameContent ??= new SqliteStatement(_connection,
                "SELECT unit = ?3 AND minute = ?4 AND readings = ?5 AND mac IS ?6 FROM minutes WHERE device = ?1 AND seq = ?2");
            for (var i = 0; i < minutes.Count; i++)
            {
                var m = minutes[i];
                BindKeyAndContent(insert, m);
                insert.Bind(7, (long)m.Integrity);
                insert.Bind(8, m.ReceivedUtc.Ticks);
                insert.Bind(9, m.Canonical);
                insert.Step();
                insert.Reset();
                if (insert.Changes == 1)
                {
                    results[i] = MinuteAddResult.Added;
                    continue;
                }

                BindKeyAndContent(same, m);
                try
                {
                    same.Step();
                    results[i] = same.Int64(0) == 1 ? MinuteAddResult.Duplicate : MinuteAddResult.Conflict;
                }
                finally
                {
                    same.Reset();
                }
            }

            transaction.Commit();
            return results;
        }, cancellationToken);

    /// <summary>Binds ?1 device, ?2 seq, ?3 unit, ?4 minute, ?5 readings, ?6 mac: the key and what an identical replay repeats.</summary>
    private static void BindKeyAndContent(SqliteStatement statement, StoredMinute minute)
    {
        statement.Bind(1, minute.Device);
        statement.Bind(2, minute.Seq);
        statement.Bind(3, minute.Record.Unit);
        statement.Bind(4, minute.Record.MinuteUtc.Ticks);
        statement.Bind(5, minute.Readings);
        statement.Bind(6, minute.Mac);
    }

    /// <inheritdoc />
    public Task<StoredMinute?> GetMinuteAsync(string device, long seq, CancellationToken cancellationToken) => Locked(() =>
        Query($"SELECT {MinuteColumns} FROM minutes WHERE device = ?1 AND seq = ?2", ReadMinute, device, seq).FirstOrDefault(), cancellationToken);

    /// <inheritdoc />
    public Task UpdateIntegrityAsync(string device, long seq, MacStatus integrity, CancellationToken cancellationToken) => Locked(() => Execute(
        "UPDATE minutes SET integrity = ?1 WHERE device = ?2 AND seq = ?3", (int)integrity, device, seq), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredMinute>> GetMinutesAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<StoredMinute>>(() => Query(
            $"SELECT {MinuteColumns} FROM minutes WHERE unit = ?1 AND minute >= ?2 AND minute < ?3 ORDER BY minute, seq",
            ReadMinute, unit, fromUtc.Ticks, toUtc.Ticks), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<MinuteRecord>> GetMinuteRecordsAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<MinuteRecord>>(() => Query(
            "SELECT minute, readings FROM minutes WHERE unit = ?1 AND minute >= ?2 AND minute < ?3 ORDER BY minute, seq",
            // The unit is the one asked for, so it is not read back; the readings are decoded straight from SQLite's buffer.
            row => MinuteRecordCodec.DecodeReadings(unit, Utc(row.Int64(0)), row.Blob(1)),
            unit, fromUtc.Ticks, toUtc.Ticks), cancellationToken);

    /// <inheritdoc />
    public Task<HourResultEntry?> GetHourAsync(string unit, DateTime hourStartUtc, CancellationToken cancellationToken) => Locked(() =>
        Query($"SELECT {HourColumns} FROM hours WHERE unit = ?1 AND hour_start = ?2", ReadHour, unit, hourStartUtc.Ticks).FirstOrDefault(), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<HourResultEntry>> GetHoursAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<HourResultEntry>>(() => Query(
            $"SELECT {HourColumns} FROM hours WHERE unit = ?1 AND hour_start >= ?2 AND hour_start < ?3 ORDER BY hour_start",
            ReadHour, unit, fromUtc.Ticks, toUtc.Ticks), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<HourResultEntry>> GetOpenHoursAsync(DateTime beforeUtc, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<HourResultEntry>>(() => Query(
            $"SELECT {HourColumns} FROM hours WHERE closed = 0 AND hour_start < ?1 ORDER BY unit, hour_start",
            ReadHour, beforeUtc.Ticks), cancellationToken);

    /// <inheritdoc />
    public Task UpsertHoursAsync(IReadOnlyList<HourResultEntry> hours, CancellationToken cancellationToken) => Locked(() =>
    {
        Interlocked.Increment(ref _writes);
        using var transaction = BeginUnlessInTransaction();
        foreach (var hour in hours)
        {
            Execute(
                $"INSERT OR REPLACE INTO hours ({HourColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                hour.Unit, hour.HourStartUtc.Ticks, hour.Payload, hour.MinutesReceived, hour.Revision, hour.Closed ? 1 : 0, hour.EvaluatedUtc.Ticks);
        }

        transaction.Commit();
        return true;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<AlertEntry?> GetAlertAsync(string unit, string alertId, CancellationToken cancellationToken) => Locked(() =>
        Query($"SELECT {AlertColumns} FROM alerts WHERE unit = ?1 AND alert_id = ?2", ReadAlert, unit, alertId).FirstOrDefault(), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AlertEntry>> GetAlertsAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<AlertEntry>>(() => Query(
            $"SELECT {AlertColumns} FROM alerts WHERE unit = ?1 AND start >= ?2 AND start < ?3 ORDER BY start, alert_id",
            ReadAlert, unit, fromUtc.Ticks, toUtc.Ticks), cancellationToken);

    /// <inheritdoc />
    public Task SaveAlertAsync(AlertEntry alert, IReadOnlyList<OutboxEntry> deliveries, CancellationToken cancellationToken) => Locked(() =>
    {
        Interlocked.Increment(ref _writes);
        using var transaction = BeginUnlessInTransaction();
        Execute(
            $"INSERT OR REPLACE INTO alerts ({AlertColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            alert.AlertId, alert.Unit, alert.Plant, alert.Kind, alert.Pollutant, alert.StartUtc.Ticks, alert.Payload, alert.Version, alert.UpdatedUtc.Ticks);
        foreach (var d in deliveries)
        {
            Execute(
                $"INSERT OR IGNORE INTO outbox ({OutboxColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                d.Id, d.AlertId, d.Version, d.Unit, d.Destination, d.Payload, d.Attempts, d.NextAttemptUtc.Ticks, d.DeliveredUtc?.Ticks, d.LastError);
        }

        transaction.Commit();
        return true;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxEntry>> GetDueDeliveriesAsync(DateTime nowUtc, int maxCount, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<OutboxEntry>>(() => Query(
            $"SELECT {OutboxColumns} FROM outbox WHERE delivered IS NULL AND next_attempt <= ?1 ORDER BY next_attempt, id LIMIT ?2",
            ReadOutbox, nowUtc.Ticks, maxCount), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxEntry>> GetDeliveriesAsync(string alertId, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<OutboxEntry>>(() => Query(
            $"SELECT {OutboxColumns} FROM outbox WHERE alert_id = ?1 ORDER BY id", ReadOutbox, alertId), cancellationToken);

    /// <inheritdoc />
    public Task UpdateDeliveryAsync(OutboxEntry entry, CancellationToken cancellationToken) => Locked(() => Execute(
        "UPDATE outbox SET attempts = ?1, next_attempt = ?2, delivered = ?3, last_error = ?4 WHERE id = ?5",
        entry.Attempts, entry.NextAttemptUtc.Ticks, entry.DeliveredUtc?.Ticks, entry.LastError, entry.Id), cancellationToken);

    /// <inheritdoc />
    public Task AddDeadLetterAsync(DeadLetter deadLetter, CancellationToken cancellationToken) => Locked(() => Execute(
        "INSERT INTO dead_letters (id, device, reason, category, raw, enqueued, recorded) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        deadLetter.Id, deadLetter.Device, deadLetter.Reason, deadLetter.Category, deadLetter.RawBytes, deadLetter.EnqueuedUtc.Ticks, deadLetter.RecordedUtc.Ticks), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<DeadLetter>>(() => Query(
            "SELECT id, device, reason, category, raw, enqueued, recorded FROM dead_letters WHERE recorded >= ?1 AND recorded < ?2 ORDER BY recorded, id",
            r => new DeadLetter(r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Blob(4).ToArray(), Utc(r.Int64(5)), Utc(r.Int64(6))),
            fromUtc.Ticks, toUtc.Ticks), cancellationToken);

    /// <inheritdoc />
    public Task<GatewayHealth?> GetHealthAsync(string device, CancellationToken cancellationToken) => Locked(() =>
        Query($"SELECT {HealthColumns} FROM gateway_health WHERE device = ?1", ReadHealth, device).FirstOrDefault(), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<GatewayHealth>> GetAllHealthAsync(CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<GatewayHealth>>(() => Query($"SELECT {HealthColumns} FROM gateway_health ORDER BY device", ReadHealth), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<GatewayHealth>> GetUnitHealthAsync(string unit, CancellationToken cancellationToken) =>
        Locked<IReadOnlyList<GatewayHealth>>(() => Query($"SELECT {HealthColumns} FROM gateway_health WHERE unit = ?1 ORDER BY device", ReadHealth, unit), cancellationToken);

    /// <inheritdoc />
    public Task UpsertHealthAsync(GatewayHealth health, CancellationToken cancellationToken) => Locked(() => Execute(
        $"INSERT OR REPLACE INTO gateway_health ({HealthColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        health.Device, health.Unit, health.LastSeenUtc.Ticks, health.LastSeq, health.LastMinuteUtc.Ticks, health.JournalBacklog,
        health.ClockSkewSeconds, health.FirmwareVersion, health.RecordsAccepted, health.DuplicatesAbsorbed, health.RecordsRejected,
        health.LastAcceptedUtc?.Ticks), cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _insertMinute?.Dispose();
        _selectSameContent?.Dispose();
        foreach (var statement in _prepared.Values)
        {
            statement.Dispose();
        }

        _checkpointer?.Dispose(); // before the store's connection: the last connection to close checkpoints and removes the log
        _connection.Dispose();
        _logSync?.Dispose();
        _gate.Dispose();
    }

    /// <summary>Whether the connection has a transaction open (SQLite is out of autocommit mode).</summary>
    private bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0;

    /// <summary>
    /// Begins a transaction (<c>BEGIN IMMEDIATE</c>: the write lock up front, so a transaction never fails half-way on a
    /// lock upgrade) unless one is open, in which case the call joins it and its scope commits nothing.
    /// </summary>
    private TransactionScope BeginUnlessInTransaction()
    {
        if (!InTransaction)
        {
            Execute("BEGIN IMMEDIATE");
            return new TransactionScope(this, owns: true);
        }

        return _joined ??= new TransactionScope(this, owns: false);
    }

    /// <summary>
    /// A transaction this call began (commits on <see cref="Commit"/>, rolls back when disposed uncommitted, counting the
    /// rollback in <see cref="StoreChangeStamp.RolledBack"/>), or none.
    /// </summary>
    private sealed class TransactionScope(SqliteIngestStore store, bool owns) : IDisposable
    {
        private bool _committed;

        public void Commit()
        {
            if (owns)
            {
                store.Execute("COMMIT");
                _committed = true;
            }
        }

        public void Dispose()
        {
            if (!owns || _committed)
            {
                return;
            }

            Interlocked.Increment(ref store._rolledBack);

            // SQLite may already have rolled back on its own (disk full, I/O error): then there is nothing to undo.
            if (store.InTransaction)
            {
                store.Execute("ROLLBACK");
            }
        }
    }

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    private static StoredMinute ReadMinute(SqliteStatement row)
    {
        var unit = row.Text(2);
        var minute = Utc(row.Int64(3));
        var readings = row.Blob(4).ToArray();
        var record = MinuteRecordCodec.DecodeReadings(unit, minute, readings);
        return new StoredMinute(row.Text(0), row.Int64(1), record, readings, row.BlobOrNull(5), (MacStatus)row.Int64(6), Utc(row.Int64(7)))
        {
            Canonical = row.BlobOrNull(8),
        };
    }

    private static HourResultEntry ReadHour(SqliteStatement r) => new(
        r.Text(0), Utc(r.Int64(1)), r.Text(2), (int)r.Int64(3), (int)r.Int64(4), r.Int64(5) != 0, Utc(r.Int64(6)));

    private static AlertEntry ReadAlert(SqliteStatement r) => new(
        r.Text(0), r.Text(1), r.TextOrNull(2), r.Text(3), r.Text(4), Utc(r.Int64(5)), r.Text(6), (int)r.Int64(7), Utc(r.Int64(8)));

    private static OutboxEntry ReadOutbox(SqliteStatement r) => new(
        r.Text(0), r.Text(1), (int)r.Int64(2), r.Text(3), r.Text(4), r.Text(5), (int)r.Int64(6),
        Utc(r.Int64(7)), r.IsNull(8) ? null : Utc(r.Int64(8)), r.TextOrNull(9));

    private static GatewayHealth ReadHealth(SqliteStatement r) => new(
        r.Text(0), r.Text(1), Utc(r.Int64(2)), r.Int64(3), Utc(r.Int64(4)), r.IsNull(5) ? null : (int)r.Int64(5),
        r.Double(6), r.TextOrNull(7), r.Int64(8), r.Int64(9), r.Int64(10))
    {
        LastAcceptedUtc = r.IsNull(11) ? null : Utc(r.Int64(11)),
    };

    /// <summary>The prepared statement for <paramref name="sql"/> (the texts are constants, so each is prepared once).</summary>
    private SqliteStatement Statement(string sql)
    {
        if (!_prepared.TryGetValue(sql, out var statement))
        {
            statement = new SqliteStatement(_connection, sql);
            _prepared[sql] = statement;
        }

        return statement;
    }

    /// <summary>Runs a statement with parameters ?1, ?2, … bound to <paramref name="values"/>.</summary>
    private bool Execute(string sql, params object?[] values)
    {
        var statement = Statement(sql);
        statement.BindAll(values);
        try
        {
            statement.Step();
        }
        finally
        {
            statement.Reset();
        }

        return true;
    }

    /// <summary>Runs a query with parameters ?1, ?2, … bound to <paramref name="values"/> and reads each row.</summary>
    private List<T> Query<T>(string sql, Func<SqliteStatement, T> read, params object?[] values)
    {
        var statement = Statement(sql);
        statement.BindAll(values);
        var results = new List<T>();
        try
        {
            while (statement.Step())
            {
                results.Add(read(statement));
            }
        }
        finally
        {
            statement.Reset();
        }

        return results;
    }

    /// <summary>
    /// Runs one call's statements holding the store; a call that wrote (in its own transaction or autocommit) returns once
    /// its commit is on disk.
    /// </summary>
    private async Task<T> Locked<T>(Func<T> work, CancellationToken cancellationToken)
    {
        if (_inTransaction.Value)
        {
            return work(); // this flow holds the gate: RunInTransactionAsync
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var changesBefore = SQLitePCL.raw.sqlite3_total_changes(_connection.Handle);
            var result = work();
            if (SQLitePCL.raw.sqlite3_total_changes(_connection.Handle) != changesBefore)
            {
                _logSync?.Sync(); // on this thread, as SQLite's FULL did inside COMMIT
                _checkpointer?.Request();
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }
}
