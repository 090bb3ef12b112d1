namespace EmissionEdge.Ingest.Pipeline;

/// <summary>
/// A batch of messages the pipeline has committed to the store (<see cref="IngestPipeline.CommitBatchAsync"/>), whose
/// commit may still be on its way to the disk. Acknowledge its messages only once <see cref="Durable"/> completed, then
/// call <see cref="Announce"/>.
/// </summary>
public sealed class CommittedBatch
{
    private readonly Action? _announce;
    private int _announced;

    /// <summary>Creates the committed batch.</summary>
    /// <param name="outcomes">One outcome per message, in order.</param>
    /// <param name="durable">Completes when the commit is on disk; faults when the disk sync failed.</param>
    /// <param name="announce">Tells the live feed (and so alert delivery) what the batch stored; <see langword="null"/>: nothing to tell.</param>
    public CommittedBatch(IReadOnlyList<IngestOutcome> outcomes, Task durable, Action? announce)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(durable);
        Outcomes = outcomes;
        Durable = durable;
        _announce = announce;
    }

    /// <summary>One outcome per message, in order.</summary>
    public IReadOnlyList<IngestOutcome> Outcomes { get; }

    /// <summary>Completes when the batch's commit survives a power cut; faults when the disk sync failed (then acknowledge nothing).</summary>
    public Task Durable { get; }

    /// <summary>
    /// Publishes what the batch stored to the live feed (stored minutes, hour results, alerts, which wakes alert delivery)
    /// and logs its dead letters. Call once <see cref="Durable"/> completed, so no alert leaves before it is on disk;
    /// later calls do nothing.
    /// </summary>
    public void Announce()
    {
        if (Interlocked.Exchange(ref _announced, 1) == 0)
        {
            _announce?.Invoke();
        }
    }
}
