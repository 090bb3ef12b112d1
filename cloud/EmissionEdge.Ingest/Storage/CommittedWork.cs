namespace EmissionEdge.Ingest.Storage;

/// <summary>
/// A unit of work that has committed (every later call of the store sees its writes) together with the moment its commit
/// is on disk: what <see cref="IIngestStore.RunInTransactionSyncingLaterAsync{T}"/> returns.
/// </summary>
/// <typeparam name="T">The result type of the work.</typeparam>
/// <param name="Result">What the work returned.</param>
/// <param name="Durable">Completes once the commit survives a power cut (faults when the disk sync failed). Nothing the
/// work wrote may be acknowledged to its sender before it completes.</param>
public readonly record struct CommittedWork<T>(T Result, Task Durable);
