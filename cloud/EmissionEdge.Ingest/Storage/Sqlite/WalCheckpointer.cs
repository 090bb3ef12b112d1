using Microsoft.Data.Sqlite;

namespace EmissionEdge.Ingest.Storage.Sqlite;

/// <summary>
/// Copies committed pages from SQLite's write-ahead log into the database file (a checkpoint) on a connection and a
/// thread of its own, so that commits do not pay for it: with SQLite's automatic checkpoint, every ~1 000th page
/// written made one <c>COMMIT</c> copy the whole log and sync the database file (30–40 ms in the middle of a batch).
/// </summary>
/// <remarks>
/// <para><see cref="Request"/> after a commit asks for a <c>PASSIVE</c> checkpoint, which never waits for the writer:
/// it copies what was committed before it began and leaves the rest for the next one. Requests made while one runs
/// coalesce into one more. Once a checkpoint has copied everything, the next write transaction starts the log from its
/// beginning again (the same file: it is neither truncated nor deleted while the store is open, which
/// <see cref="WriteAheadLogSync"/> relies on).</para>
/// <para>SQLite makes checkpoints durable itself (the log is synced before pages are copied, the database file after),
/// on this connection as on any other. The store's own connection keeps a raised automatic checkpoint
/// (<see cref="WriterAutoCheckpointPages"/>) as a backstop for a checkpointer that falls behind or fails.</para>
/// </remarks>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>Log size, in pages, at which the writer's own connection checkpoints after all (SQLite's default is 1 000).</summary>
    public const int WriterAutoCheckpointPages = 8_000;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _requested = new(0, 1);
    private readonly Thread _thread;
    private volatile bool _stopping;

    /// <summary>Opens a second connection to the database and starts the checkpoint thread.</summary>
    /// <param name="databasePath">The database file (in WAL mode).</param>
    public WalCheckpointer(string databasePath)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;";
            command.ExecuteNonQuery();
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "SQLite checkpoint" };
        _thread.Start();
    }

    /// <summary>Asks for a checkpoint (after a commit); returns at once.</summary>
    public void Request()
    {
        if (_requested.CurrentCount == 0)
        {
            try
            {
                _requested.Release();
            }
            catch (SemaphoreFullException)
            {
                // another request got there first: one checkpoint serves both
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        Request();
        _thread.Join();
        _connection.Dispose();
        _requested.Dispose();
    }

    private void Run()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (true)
        {
            _requested.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                command.ExecuteNonQuery();
            }
#pragma warning disable CA1031 // an exception here would end the process; the next request or the writer's backstop tries again
            catch (Exception)
#pragma warning restore CA1031
            {
                // A failed checkpoint loses nothing (the pages stay in the log): the next request, or the writer's own
                // automatic checkpoint, tries again, and a failing disk shows in the writer's own commits and syncs.
            }
        }
    }
}
