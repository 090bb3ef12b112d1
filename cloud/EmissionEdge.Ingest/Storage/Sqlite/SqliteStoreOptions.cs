namespace EmissionEdge.Ingest.Storage.Sqlite;

/// <summary>Where the SQLite store keeps its database (configuration section <see cref="SectionName"/>).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Storage:Sqlite";

    /// <summary>Path of the database file, for example <c>data/emissionedge.db</c>. Created when missing.</summary>
    public string DatabasePath { get; set; } = "emissionedge.db";
}
