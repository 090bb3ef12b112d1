using EmissionEdge.Ingest.Storage;
using EmissionEdge.Ingest.Storage.Sqlite;

namespace EmissionEdge.Ingest.Tests.Storage;

public sealed class SqliteIngestStoreTests : IngestStoreContract
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ee-sqlite-").FullName;
    private SqliteIngestStore? _store;

    protected override Task<IIngestStore> CreateStoreAsync()
    {
        _store = new SqliteIngestStore(Path.Combine(_directory, "ingest.db"));
        return Task.FromResult<IIngestStore>(_store);
    }

    public override Task DisposeAsync()
    {
        _store?.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_database_runs_in_WAL_mode()
    {
        await Store.InitializeAsync(CancellationToken.None);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "ingest.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }
}
