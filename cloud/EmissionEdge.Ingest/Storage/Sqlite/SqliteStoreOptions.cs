namespace EmissionEdge.Ingest.Storage.Sqlite;

/// <summary>Where and how durably the SQLite store keeps its database (configuration section <see cref="SectionName"/>).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Storage:Sqlite";

    /// <summary>Path of the database file, for example <c>data/emissionedge.db</c>. Created when missing.</summary>
    public string DatabasePath { get; set; } = "emissionedge.db";

    /// <summary>
    /// When a commit reaches the disk (SQLite's <c>synchronous</c> pragma in WAL mode). <see cref="SqliteSynchronous.Full"/>
    /// (default): every commit is synced, so whatever ingest acknowledged survives a power cut.
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;
}

/// <summary>SQLite's <c>synchronous</c> setting as it applies to a database in WAL mode.</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// Each commit syncs the write-ahead log to disk before it returns: a committed (acknowledged) record survives a process
    /// crash and a power cut or kernel crash. Costs one disk sync per transaction (the ingest pipeline writes one per call).
    /// </summary>
    Full,

    /// <summary>
    /// Commits return without syncing (the log is synced at checkpoints): a committed record survives a process crash but a
    /// power cut or kernel crash can roll back the last commits, records a gateway already removed from its journal. Only
    /// for disks whose cache survives power loss, or test rigs.
    /// </summary>
    Normal,
}
