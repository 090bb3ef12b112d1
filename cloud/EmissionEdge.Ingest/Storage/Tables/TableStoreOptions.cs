namespace EmissionEdge.Ingest.Storage.Tables;

/// <summary>Azure Table Storage settings of the store (configuration section <see cref="SectionName"/>).</summary>
public sealed class TableStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Storage:Tables";

    /// <summary>Storage account connection string (the Functions app uses its own storage account).</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Prefix of every table name (letters and digits), so several deployments or tests can share an account.</summary>
    public string TablePrefix { get; set; } = "ee";
}
