namespace EmissionEdge.Server.Ingest;

/// <summary>
/// Runs the ingest pipeline's work one call at a time: telemetry (a group of messages from every gateway connection, see
/// <see cref="IngestGroupCommit"/>) and hour closing both read and then write the same unit-hours, health rows and
/// alerts, so they must not interleave. Alert delivery only touches outbox rows and runs outside it.
/// </summary>
public sealed class PipelineGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Runs <paramref name="work"/> when no other work is running.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Cancels the wait and the work.</param>
    /// <returns>The result of <paramref name="work"/>.</returns>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
