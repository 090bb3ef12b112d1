using EmissionEdge.Ingest.Storage;
using EmissionEdge.Ingest.Storage.Sqlite;

namespace EmissionEdge.Ingest.Tests.Storage;

public sealed class SqliteIngestStoreTests : IngestStoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ee-sqlite-").FullName;
    private SqliteIngestStore? _store;

    protected override Task<IIngestStore> CreateStoreAsync()
    {
        _store = new SqliteIngestStore(Path.Combine(_directory, "ingest.db"));
        return Task.FromResult<IIngestStore>(_store);
    }

    public override Task DisposeAsync()
    {
        _store?.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_unit_of_work_stores_all_of_its_writes_or_none()
    {
        var health = new GatewayHealth("gw-a", "GS-01", T0, 2, T0, null, 0, null, 2, 0, 0);
        async Task<bool> WriteBoth(bool fail, CancellationToken ct)
        {
            await Store.AddMinutesAsync([Minute("gw-a", 1, T0, 20), Minute("gw-a", 2, T0.AddMinutes(1), 21)], ct);
            await Store.UpsertHealthAsync(health, ct);
            return fail ? throw new IOException("disk gone") : true;
        }

        await Assert.ThrowsAsync<IOException>(() => Store.RunInTransactionAsync(ct => WriteBoth(fail: true, ct), CancellationToken.None));

        Assert.Empty(await Store.GetMinutesAsync("GS-01", T0, T0.AddHours(1), CancellationToken.None));
        Assert.Null(await Store.GetHealthAsync("gw-a", CancellationToken.None));

        await Store.RunInTransactionAsync(ct => WriteBoth(fail: false, ct), CancellationToken.None);

        // Committed: a second connection (another process, say) sees both writes.
        using var reader = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "ingest.db")}");
        reader.Open();
        using var count = reader.CreateCommand();
        count.CommandText = "SELECT (SELECT count(*) FROM minutes) * 10 + (SELECT count(*) FROM gateway_health)";
        Assert.Equal(21L, count.ExecuteScalar());
    }

    [Fact]
    public async Task A_call_from_another_flow_waits_until_the_unit_of_work_commits()
    {
        Task<StoredMinute?>? outsider = null;
        await Store.RunInTransactionAsync(async ct =>
        {
            await Store.AddMinutesAsync([Minute("gw-a", 1, T0, 20)], ct);
            using (ExecutionContext.SuppressFlow())
            {
                outsider = Task.Run(() => Store.GetMinuteAsync("gw-a", 1, CancellationToken.None));
            }

            await Task.Delay(200, ct);
            Assert.False(outsider.IsCompleted);
            Assert.NotNull(await Store.GetMinuteAsync("gw-a", 1, ct)); // the work itself reads its own writes
            return true;
        }, CancellationToken.None);

        Assert.NotNull(await outsider!.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_database_from_before_content_comparison_keeps_its_minutes_and_loses_the_hash_column()
    {
        // The minutes table as the first version created it (a SHA-256 of the content in a hash column), with one row.
        var path = Path.Combine(_directory, "old.db");
        var old = Minute("gw-a", 1, T0, 20.5);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE minutes (
                    device TEXT NOT NULL, seq INTEGER NOT NULL, unit TEXT NOT NULL, minute INTEGER NOT NULL,
                    readings BLOB NOT NULL, hash BLOB NOT NULL, mac BLOB NULL, integrity INTEGER NOT NULL, received INTEGER NOT NULL,
                    pending_canonical BLOB NULL, PRIMARY KEY (device, seq));
                INSERT INTO minutes VALUES ('gw-a', 1, 'GS-01', $minute, $readings, $hash, NULL, 0, $received, NULL);
                """;
            command.Parameters.AddWithValue("$minute", T0.Ticks);
            command.Parameters.AddWithValue("$readings", old.Readings);
            command.Parameters.AddWithValue("$hash", old.ContentHash);
            command.Parameters.AddWithValue("$received", old.ReceivedUtc.Ticks);
            command.ExecuteNonQuery();
        }

        using var store = new SqliteIngestStore(path);
        await store.InitializeAsync(CancellationToken.None);

        Assert.Equal(old.ContentHash, (await store.GetMinuteAsync("gw-a", 1, CancellationToken.None))!.ContentHash);
        var results = await store.AddMinutesAsync([Minute("gw-a", 1, T0, 20.5), Minute("gw-a", 1, T0, 21), Minute("gw-a", 2, T0.AddMinutes(1), 21)], CancellationToken.None);
        Assert.Equal([MinuteAddResult.Duplicate, MinuteAddResult.Conflict, MinuteAddResult.Added], results);
        Assert.Equal(2, (await store.GetMinutesAsync("GS-01", T0, T0.AddHours(1), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_database_from_before_progress_was_kept_keeps_its_gateway_health_and_gains_last_accepted()
    {
        // gateway_health as it was before last_accepted, with one row.
        var path = Path.Combine(_directory, "old-health.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE gateway_health (
                    device TEXT NOT NULL PRIMARY KEY, unit TEXT NOT NULL, last_seen INTEGER NOT NULL, last_seq INTEGER NOT NULL,
                    last_minute INTEGER NOT NULL, backlog INTEGER NULL, skew REAL NOT NULL, firmware TEXT NULL,
                    accepted INTEGER NOT NULL, duplicates INTEGER NOT NULL, rejected INTEGER NOT NULL);
                INSERT INTO gateway_health VALUES ('gw-a', 'GS-01', $t, 7, $t, 40, 1.5, '1.4.2', 8, 0, 0);
                """;
            command.Parameters.AddWithValue("$t", T0.Ticks);
            command.ExecuteNonQuery();
        }

        using var store = new SqliteIngestStore(path);
        await store.InitializeAsync(CancellationToken.None);

        var kept = new GatewayHealth("gw-a", "GS-01", T0, 7, T0, 40, 1.5, "1.4.2", 8, 0, 0);
        Assert.Equal(kept, await store.GetHealthAsync("gw-a", CancellationToken.None)); // LastAcceptedUtc unknown: null
        await store.UpsertHealthAsync(kept with { LastAcceptedUtc = T0.AddMinutes(5) }, CancellationToken.None);
        Assert.Equal(T0.AddMinutes(5), (await store.GetHealthAsync("gw-a", CancellationToken.None))!.LastAcceptedUtc);
    }

    [Fact]
    public async Task The_database_runs_in_WAL_mode()
    {
        await Store.InitializeAsync(CancellationToken.None);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "ingest.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task The_change_stamp_counts_own_writes_and_rollbacks_and_sees_other_connections_commit()
    {
        await Store.InitializeAsync(CancellationToken.None);
        var start = (await Store.GetChangeStampAsync(CancellationToken.None))!.Value;

        await Store.GetMinutesAsync("GS-01", T0, T0.AddHours(1), CancellationToken.None);
        Assert.Equal(start, await Store.GetChangeStampAsync(CancellationToken.None)); // reads change nothing

        await Store.AddMinutesAsync([Minute("gw-a", 1, T0, 20)], CancellationToken.None);
        await Store.UpsertHoursAsync([new HourResultEntry("GS-01", T0, "{}", 1, 0, false, T0)], CancellationToken.None);
        await Store.UpsertHealthAsync(new GatewayHealth("gw-a", "GS-01", T0, 1, T0, null, 0, null, 1, 0, 0), CancellationToken.None);
        var afterWrites = (await Store.GetChangeStampAsync(CancellationToken.None))!.Value;
        Assert.Equal(start with { Writes = start.Writes + 2 }, afterWrites); // minutes and hours count, health does not

        await Assert.ThrowsAsync<IOException>(() => Store.RunInTransactionAsync<bool>(async ct =>
        {
            await Store.UpsertHoursAsync([new HourResultEntry("GS-01", T0, "{\"x\":1}", 1, 0, false, T0)], ct);
            throw new IOException("disk gone");
        }, CancellationToken.None));
        var afterRollback = (await Store.GetChangeStampAsync(CancellationToken.None))!.Value;
        Assert.Equal(afterWrites.RolledBack + 1, afterRollback.RolledBack);

        using (var other = new SqliteIngestStore(Path.Combine(_directory, "ingest.db")))
        {
            await other.UpsertHoursAsync([new HourResultEntry("GS-01", T0.AddHours(1), "{}", 1, 0, false, T0)], CancellationToken.None);
        }

        var afterOther = (await Store.GetChangeStampAsync(CancellationToken.None))!.Value;
        Assert.NotEqual(afterRollback.OtherWriters, afterOther.OtherWriters);
        Assert.Equal(afterRollback.Writes, afterOther.Writes);
    }

    [Fact]
    public async Task Committed_pages_reach_the_database_file_in_the_background_while_the_store_is_open()
    {
        var path = Path.Combine(_directory, "ingest.db");
        await Store.InitializeAsync(CancellationToken.None);
        var before = new FileInfo(path).Length;

        // Far fewer pages than the writer's own automatic checkpoint waits for: only the checkpoint thread copies them.
        var minutes = Enumerable.Range(1, 600).Select(i => Minute("gw-a", i, T0.AddMinutes(i), 20)).ToArray();
        await Store.RunInTransactionAsync(ct => Store.AddMinutesAsync(minutes, ct), CancellationToken.None);

        // 600 rows of ~170 bytes and their index entries: at least 64 KB more in the database file once copied.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (new FileInfo(path).Length < before + 65_536 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(new FileInfo(path).Length >= before + 65_536, $"the database file grew from {before} to {new FileInfo(path).Length} bytes only: the minutes were not checkpointed");
        using var reader = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        reader.Open();
        using var command = reader.CreateCommand();
        command.CommandText = "SELECT count(*) FROM minutes";
        Assert.Equal(600L, command.ExecuteScalar());
    }
}
