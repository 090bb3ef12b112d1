namespace EmissionEdge.Ingest.Storage;

/// <summary>
/// Where a store's minutes, hours and alerts stand, as far as one store instance can tell: two equal stamps mean that
/// nothing but the writes counted in <see cref="Writes"/> changed them in between. What
/// <see cref="IIngestStore.GetChangeStampAsync"/> returns; a caller that keeps in memory what it read and wrote expects
/// the stamp it read plus its own writes, and reads again from the store when the stamp is anything else.
/// </summary>
/// <param name="OtherWriters">Changes committed by any other connection to the same database (SQLite's
/// <c>PRAGMA data_version</c>: another process, or another store instance on the same file).</param>
/// <param name="RolledBack">Units of work of this instance that rolled back (their writes, already counted, are undone).</param>
/// <param name="Writes">Calls of this instance that wrote minutes, hour results or alerts
/// (<see cref="IIngestStore.AddMinutesAsync"/>, <see cref="IIngestStore.UpsertHoursAsync"/>,
/// <see cref="IIngestStore.SaveAlertAsync"/>), counted as they start.</param>
public readonly record struct StoreChangeStamp(long OtherWriters, long RolledBack, long Writes)
{
    /// <summary>The stamp after one more such write of this instance.</summary>
    /// <returns>This stamp with <see cref="Writes"/> one higher.</returns>
    public StoreChangeStamp AfterOwnWrite() => this with { Writes = Writes + 1 };
}
