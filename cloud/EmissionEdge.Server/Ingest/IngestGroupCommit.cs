using System.Threading.Channels;
using EmissionEdge.Ingest.Pipeline;
using Microsoft.Extensions.Logging;

namespace EmissionEdge.Server.Ingest;

/// <summary>
/// Group commit of telemetry: messages arriving from many gateway connections while a commit runs are collected and
/// stored together by the next <see cref="IngestPipeline.CommitScreenedAsync"/> call (one SQLite transaction for the
/// group) instead of one transaction per message. Each message is decoded and checked (<see cref="IngestPipeline.Screen"/>)
/// on the thread that hands it over, before it joins the queue, so decoding runs in parallel with the commit.
/// </summary>
/// <remarks>
/// <para>A message's task completes only after the transaction holding it committed and that commit is on disk
/// (<see cref="CommittedBatch.Durable"/>), so the broker still sends the PUBACK only once the records are stored for good.
/// The next group is stored while the last one is synced to disk: groups commit one after another and are acknowledged
/// in the same order, each once its own sync finished. When the commit or its sync fails, every message of the group
/// fails with the same exception (none is acknowledged; the broker closes those connections and the gateways send them
/// again, and what did get stored is absorbed as duplicates).</para>
/// <para>The next group is only stored while the last one is still being synced when at least
/// <see cref="OverlapMinRecords"/> records wait (a catch-up); fewer (live minutes, one record per message) wait for the
/// sync and join one group with what arrives meanwhile, as without overlap: a small transaction of its own would rewrite
/// the same hour, index and health pages to the log again for a few records (measured: live shape 8 % slower).</para>
/// <para>Messages keep their arrival order, within a group and from group to group; the broker hands over a
/// connection's messages one at a time, so each device's records reach the pipeline in the order it published them.</para>
/// <para>A caller that stops waiting (its connection closed) does not withdraw its message: it may still be stored, and
/// the gateway's resend is then absorbed as a duplicate. Nothing is lost and nothing is stored twice.</para>
/// </remarks>
public sealed partial class IngestGroupCommit : IAsyncDisposable
{
    /// <summary>Most messages in one group (a catch-up message holds up to a few hundred records).</summary>
    public const int MaxGroupMessages = 256;

    /// <summary>Fewest waiting records for which the next group is stored while the last one is being synced.</summary>
    public const int OverlapMinRecords = 256;

    private readonly Func<IngestMessage, ScreenedMessage>? _screen;
    private readonly Func<IReadOnlyList<Pending>, CancellationToken, Task<CommittedBatch>> _commit;
    private readonly ILogger<IngestGroupCommit> _logger;
    private readonly int _overlapMinRecords;
    private int _queuedRecords;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<(Pending[] Group, CommittedBatch Committed)> _syncing =
        Channel.CreateUnbounded<(Pending[], CommittedBatch)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _loop;
    private readonly Task _acknowledgeLoop;

    /// <summary>Creates the group commit over the pipeline, each group run through <paramref name="gate"/>.</summary>
    /// <param name="pipeline">The ingest pipeline.</param>
    /// <param name="gate">Serializes pipeline work with hour closing.</param>
    /// <param name="logger">The logger.</param>
    public IngestGroupCommit(IngestPipeline pipeline, PipelineGate gate, ILogger<IngestGroupCommit> logger)
        : this(pipeline.Screen, (group, ct) => gate.RunAsync(c => pipeline.CommitScreenedAsync(group.Select(p => p.Screened!).ToArray(), c), ct), OverlapMinRecords, logger)
    {
        ArgumentNullException.ThrowIfNull(gate);
    }

    /// <summary>Creates the group commit over any commit of a group whose result is durable when it returns (tests).</summary>
    /// <param name="commit">Stores a group, returning one outcome per message, in order.</param>
    /// <param name="logger">The logger.</param>
    internal IngestGroupCommit(Func<IReadOnlyList<IngestMessage>, CancellationToken, Task<IReadOnlyList<IngestOutcome>>> commit, ILogger<IngestGroupCommit> logger)
        : this(async (messages, ct) => new CommittedBatch(await commit(messages, ct).ConfigureAwait(false), Task.CompletedTask, announce: null), logger)
    {
    }

    /// <summary>Creates the group commit over any commit of a group (tests); each message counts as one record.</summary>
    /// <param name="commit">Commits a group, returning its outcomes and the task of its commit reaching the disk.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="overlapMinRecords">Fewest waiting messages for which the next group is stored while the last one is being synced.</param>
    internal IngestGroupCommit(Func<IReadOnlyList<IngestMessage>, CancellationToken, Task<CommittedBatch>> commit, ILogger<IngestGroupCommit> logger, int overlapMinRecords = OverlapMinRecords)
        : this(screen: null, (group, ct) => commit(group.Select(p => p.Message).ToArray(), ct), overlapMinRecords, logger)
    {
    }

    private IngestGroupCommit(Func<IngestMessage, ScreenedMessage>? screen, Func<IReadOnlyList<Pending>, CancellationToken, Task<CommittedBatch>> commit, int overlapMinRecords, ILogger<IngestGroupCommit> logger)
    {
        _screen = screen;
        _commit = commit;
        _overlapMinRecords = overlapMinRecords;
        _logger = logger;
        _loop = Task.Run(RunAsync);
        _acknowledgeLoop = Task.Run(AcknowledgeAsync);
    }

    /// <summary>Ingests one message with the next group.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Stops waiting (the message may still be stored).</param>
    /// <returns>The message's outcome, once its group committed.</returns>
    /// <exception cref="ObjectDisposedException">The group commit was stopped.</exception>
    public Task<IngestOutcome> IngestAsync(IngestMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var screened = _screen?.Invoke(message);
        var pending = new Pending(message, screened, screened?.RecordCount ?? 1, new TaskCompletionSource<IngestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Add(ref _queuedRecords, pending.Records);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref _queuedRecords, -pending.Records);
            throw new ObjectDisposedException(nameof(IngestGroupCommit), "the server is stopping: telemetry is no longer ingested");
        }

        return pending.Outcome.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops taking messages, commits those already queued, then stops.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _acknowledgeLoop.ConfigureAwait(false);
    }

    /// <summary>Commits the waiting messages group after group; hands each committed group to <see cref="AcknowledgeAsync"/>.</summary>
    private async Task RunAsync()
    {
        var group = new List<Pending>(MaxGroupMessages);
        var reader = _queue.Reader;
        var lastSync = Task.CompletedTask;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                if (!lastSync.IsCompleted && Volatile.Read(ref _queuedRecords) < _overlapMinRecords)
                {
                    await Task.WhenAny(lastSync).ConfigureAwait(false); // a failed sync is the acknowledging loop's to report
                }

                group.Clear();
                while (group.Count < MaxGroupMessages && reader.TryRead(out var pending))
                {
                    group.Add(pending);
                    Interlocked.Add(ref _queuedRecords, -pending.Records);
                }

                CommittedBatch committed;
                try
                {
                    committed = await _commit(group.ToArray(), CancellationToken.None).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // the failure goes to every waiting connection; the loop serves the next group
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Fail(group, ex);
                    continue;
                }

                lastSync = committed.Durable;
                _syncing.Writer.TryWrite((group.ToArray(), committed));
            }
        }
        finally
        {
            _syncing.Writer.TryComplete();
        }
    }

    /// <summary>Completes each committed group's messages, in commit order, once its commit is on disk.</summary>
    private async Task AcknowledgeAsync()
    {
        await foreach (var (group, committed) in _syncing.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await committed.Durable.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // the failure goes to every waiting connection; the loop serves the next group
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Fail(group, ex);
                continue;
            }

            committed.Announce();
            for (var i = 0; i < group.Length; i++)
            {
                group[i].Outcome.TrySetResult(committed.Outcomes[i]);
            }

            LogCommitted(group.Length);
        }
    }

    private void Fail(IReadOnlyList<Pending> group, Exception exception)
    {
        LogFailed(exception, group.Count);
        foreach (var pending in group)
        {
            pending.Outcome.TrySetException(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Trace, Message = "Committed a group of {Count} telemetry messages")]
    private partial void LogCommitted(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A group of {Count} telemetry messages could not be stored; none is acknowledged")]
    private partial void LogFailed(Exception exception, int count);

    /// <summary>A message waiting for its group: as received, as screened (<see langword="null"/> in tests that commit raw messages), its records, its outcome.</summary>
    private sealed record Pending(IngestMessage Message, ScreenedMessage? Screened, int Records, TaskCompletionSource<IngestOutcome> Outcome);
}
