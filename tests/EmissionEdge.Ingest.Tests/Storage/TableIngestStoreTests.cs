using Azure.Data.Tables;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Ingest.Storage.Tables;
using EmissionEdge.Ingest.Tests.Support;

namespace EmissionEdge.Ingest.Tests.Storage;

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

[Collection(AzuriteCollection.Name)]
public sealed class TableIngestStoreTests(AzuriteFixture azurite) : IngestStoreContract
{
    protected override Task<IIngestStore> CreateStoreAsync()
    {
        // A fresh table prefix per test: the tests share one Azurite.
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        return Task.FromResult<IIngestStore>(new TableIngestStore(new TableServiceClient(azurite.ConnectionString), prefix));
    }
}
