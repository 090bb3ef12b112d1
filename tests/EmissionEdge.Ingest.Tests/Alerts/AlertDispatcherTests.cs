using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Tests.Support;

namespace EmissionEdge.Ingest.Tests.Alerts;

/// <summary>The outcomes of a dispatch run are recorded together, and none of those attempted is lost.</summary>
public sealed class AlertDispatcherTests
{
    private static readonly DateTime H = Support.Telemetry.Hour;

    [Fact]
    public async Task A_run_records_every_outcome_of_its_deliveries()
    {
        var sink = new CountingSink(failAlert: "a2");
        using var h = new PipelineHarness(sink);
        foreach (var id in new[] { "a1", "a2", "a3" })
        {
            await h.Outbox.SaveAsync(Notice(id), CancellationToken.None);
        }

        var result = await h.Dispatcher.DeliverDueAsync(CancellationToken.None);

        Assert.Equal((2, 1), (result.Delivered, result.Failed));
        Assert.NotNull((await h.Store.GetDeliveriesAsync("a1", CancellationToken.None)).Single().DeliveredUtc);
        Assert.NotNull((await h.Store.GetDeliveriesAsync("a3", CancellationToken.None)).Single().DeliveredUtc);
        var failed = (await h.Store.GetDeliveriesAsync("a2", CancellationToken.None)).Single();
        Assert.Equal((1, null, "receiver down"), (failed.Attempts, failed.DeliveredUtc, failed.LastError));
        Assert.True(failed.NextAttemptUtc > h.Time.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task A_run_stopped_part_way_records_what_it_delivered_and_leaves_the_rest_due()
    {
        using var stop = new CancellationTokenSource();
        var sink = new CountingSink(failAlert: null, afterDelivery: n => { if (n == 2) { stop.Cancel(); } });
        using var h = new PipelineHarness(sink);
        foreach (var id in new[] { "a1", "a2", "a3", "a4" })
        {
            await h.Outbox.SaveAsync(Notice(id), CancellationToken.None);
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Dispatcher.DeliverDueAsync(stop.Token));

        var due = await h.Store.GetDueDeliveriesAsync(h.Time.GetUtcNow().UtcDateTime, 10, CancellationToken.None);
        Assert.Equal(["a3", "a4"], due.Select(d => d.AlertId).Order());
        Assert.Equal(2, sink.Delivered);

        // The next run sends only those two: nothing delivered is sent again, nothing is skipped.
        await h.Dispatcher.DeliverDueAsync(CancellationToken.None);
        Assert.Equal(4, sink.Delivered);
        Assert.Empty(await h.Store.GetDueDeliveriesAsync(h.Time.GetUtcNow().UtcDateTime, 10, CancellationToken.None));
    }

    private static AlertNotice Notice(string id) => new()
    {
        AlertId = id, Version = 1, Status = "raised", Unit = "GS-01", Plant = "GS", Kind = "exceedance", Pollutant = "SO2",
        StartUtc = H, Count = 1, UpdatedUtc = H.AddMinutes(61),
    };

    private sealed class CountingSink(string? failAlert, Action<int>? afterDelivery = null) : IAlertSink
    {
        public int Delivered { get; private set; }

        public string Name => "counting";

        public bool Accepts(AlertNotice notice) => true;

        public Task DeliverAsync(AlertNotice notice, string body, int attempt, CancellationToken cancellationToken)
        {
            if (notice.AlertId == failAlert)
            {
                throw new HttpRequestException("receiver down");
            }

            Delivered++;
            afterDelivery?.Invoke(Delivered);
            return Task.CompletedTask;
        }
    }
}
