namespace EmissionEdge.Ingest.Storage.Sqlite;

/// <summary>
/// Syncs SQLite's write-ahead log (the <c>-wal</c> file) to disk on a thread of its own, so that a commit made with
/// <c>synchronous = NORMAL</c> (which writes the log but does not sync it) becomes as durable as one made with
/// <c>synchronous = FULL</c> (which syncs the log inside <c>COMMIT</c>), while the connection already runs the next
/// transaction.
/// </summary>
/// <remarks>
/// <para>Linux syncs a file's data whichever descriptor asks, so one <c>fsync</c> of the log after a commit returned
/// makes that commit (and every earlier one) durable, including a log header SQLite rewrote when it restarted the log.
/// Checkpoints sync the log and the database file themselves in both modes.</para>
/// <para>A sync on the calling thread (<see cref="Sync"/>) may run beside one of the sync thread: each covers what was
/// written before it began.</para>
/// <para>Requests coalesce: a <see cref="SyncAsync"/> made while a sync runs is served by the next sync, which starts
/// after the running one ends (so after the request), together with every other request made meanwhile.</para>
/// </remarks>
internal sealed class WriteAheadLogSync : IDisposable
{
    private readonly FileStream? _log;
    private readonly Action _flushToDisk;
    private readonly Lock _lock = new();
    private TaskCompletionSource? _next;
    private bool _running;

    /// <summary>Opens the log file of an open database in WAL mode.</summary>
    /// <param name="logPath">The <c>-wal</c> file, which must exist.</param>
    public WriteAheadLogSync(string logPath)
    {
        // ReadWrite: FileStream only asks the kernel to sync a file it may write; this one never writes a byte.
        var log = new FileStream(logPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _log = log;
        _flushToDisk = () => log.Flush(flushToDisk: true);
    }

    /// <summary>Syncs through <paramref name="flushToDisk"/> (tests).</summary>
    /// <param name="flushToDisk">One sync of the log.</param>
    internal WriteAheadLogSync(Action flushToDisk)
    {
        _flushToDisk = flushToDisk;
    }

    /// <summary>Syncs the log to disk on the calling thread (a call that must not return before its commit is on disk).</summary>
    /// <exception cref="IOException">The disk reported an error.</exception>
    public void Sync() => _flushToDisk();

    /// <summary>Syncs the log to disk; the task completes when a sync that started after this call has finished.</summary>
    /// <returns>The sync; faulted when the disk reported an error.</returns>
    public Task SyncAsync()
    {
        lock (_lock)
        {
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = _next.Task;
            if (!_running)
            {
                _running = true;
                _ = Task.Run(SyncLoop);
            }

            return task;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _log?.Dispose();

    private void SyncLoop()
    {
        while (true)
        {
            TaskCompletionSource round;
            lock (_lock)
            {
                if (_next is null)
                {
                    _running = false;
                    return;
                }

                round = _next;
                _next = null;
            }

            try
            {
                _flushToDisk();
                round.SetResult();
            }
#pragma warning disable CA1031 // an I/O error or a disposed log fails the commits waiting for this sync
            catch (Exception ex)
#pragma warning restore CA1031
            {
                round.SetException(ex);
            }
        }
    }
}
