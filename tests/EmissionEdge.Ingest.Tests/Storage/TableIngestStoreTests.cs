using Azure.Data.Tables;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Ingest.Storage.Tables;
using EmissionEdge.Ingest.Tests.Support;
using Support = EmissionEdge.Ingest.Tests.Support;

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

    [Fact]
    public async Task The_pipeline_runs_end_to_end_on_Table_Storage()
    {
        using var h = new PipelineHarness(Store, gs01SignsRecords: false);
        var hour = PipelineHarness.HourOfGs01(so2: 40).ToList();

        await h.IngestAsync("gw-gs01-a", Support.Telemetry.Batch(hour.Take(44)));
        h.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(1, await h.Closer.CloseDueHoursAsync(CancellationToken.None));
        var replay = await h.IngestAsync("gw-gs01-a", Support.Telemetry.Batch(hour.Take(2)));
        var late = await h.IngestAsync("gw-gs01-a", Support.Telemetry.Batch(hour.Skip(44)));

        Assert.Equal(Ingest.Pipeline.IngestStatus.Duplicate, replay.Status);
        Assert.Equal(16, late.Accepted);
        var stored = await Store.GetHourAsync("GS-01", Support.Telemetry.Hour, CancellationToken.None);
        Assert.Equal((true, 1, 60), (stored!.Closed, stored.Revision, stored.MinutesReceived));
        var alert = Assert.Single(await Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None));
        Assert.Equal("exceedance", alert.Kind);
        Assert.Equal(new Ingest.Alerts.DispatchResult(1, 0), await h.Dispatcher.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(60, (await Store.GetHealthAsync("gw-gs01-a", CancellationToken.None))!.RecordsAccepted);
    }
}
