using EmissionEdge.Ingest.Storage.Sqlite;

namespace EmissionEdge.Ingest.Tests.Storage;

/// <summary>The store's own sync of SQLite's log: a commit counts as on disk only after a sync that started after it.</summary>
public sealed class WriteAheadLogSyncTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_sync_asked_for_while_one_runs_waits_for_the_next_one_which_serves_every_request_made_meanwhile()
    {
        var started = new SemaphoreSlim(0);
        var finish = new SemaphoreSlim(0);
        var syncs = 0;
        using var log = new WriteAheadLogSync(() =>
        {
            Interlocked.Increment(ref syncs);
            started.Release();
            finish.Wait(Wait);
        });

        var first = log.SyncAsync();
        Assert.True(await started.WaitAsync(Wait));
        var second = log.SyncAsync(); // its commit came after the running sync began: that sync does not cover it
        var third = log.SyncAsync();
        await Task.Delay(100);
        Assert.False(first.IsCompleted);

        finish.Release();
        await first.WaitAsync(Wait);
        Assert.True(await started.WaitAsync(Wait)); // a second sync, for both waiting requests
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);

        finish.Release();
        await Task.WhenAll(second, third).WaitAsync(Wait);
        Assert.Equal(2, syncs);
    }

    [Fact]
    public async Task A_failed_sync_fails_the_commits_that_waited_for_it_and_the_next_sync_runs_again()
    {
        var fail = true;
        using var log = new WriteAheadLogSync(() =>
        {
            if (fail)
            {
                throw new IOException("fsync: I/O error");
            }
        });

        var error = await Assert.ThrowsAsync<IOException>(() => log.SyncAsync().WaitAsync(Wait));
        Assert.Equal("fsync: I/O error", error.Message);

        fail = false;
        await log.SyncAsync().WaitAsync(Wait);
    }

    [Fact]
    public async Task A_file_database_commits_at_once_and_its_unit_of_work_is_on_disk_when_durable_completes()
    {
        var directory = Directory.CreateTempSubdirectory("ee-walsync-").FullName;
        try
        {
            var path = Path.Combine(directory, "ingest.db");
            using (var store = new SqliteIngestStore(path))
            {
                await store.InitializeAsync(CancellationToken.None);
                var health = new EmissionEdge.Ingest.Storage.GatewayHealth("gw-a", "GS-01", DateTime.UnixEpoch, 2, DateTime.UnixEpoch, null, 0, null, 2, 0, 0);
                var committed = await store.RunInTransactionSyncingLaterAsync(async ct =>
                {
                    await store.UpsertHealthAsync(health, ct);
                    return 7;
                }, CancellationToken.None);

                Assert.Equal(7, committed.Result);
                Assert.True(File.Exists(path + "-wal")); // the log the store syncs itself
                Assert.Equal(2, (await store.GetHealthAsync("gw-a", CancellationToken.None))!.LastSeq); // committed: visible at once
                await committed.Durable.WaitAsync(Wait);

                // Another connection (another process, say) finds it too.
                using var probe = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
                probe.Open();
                using var count = probe.CreateCommand();
                count.CommandText = "SELECT count(*) FROM gateway_health";
                Assert.Equal(1L, count.ExecuteScalar());
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
