using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Ingest.Tests.Support;

namespace EmissionEdge.Ingest.Tests.Pipeline;

/// <summary>
/// A gateway catching up on its journal reports how many records it still holds (<c>backlog</c>): the hours after its
/// unit's last data are late, not missing, so they open no data gap until it has caught up or gone quiet for
/// <see cref="IngestOptions.CatchUpTimeout"/> (15 min by default).
/// </summary>
public sealed class CatchUpDataGapTests : IDisposable
{
    private static readonly DateTime H = Support.Telemetry.Hour;
    private readonly PipelineHarness _h = new();

    [Fact]
    public async Task A_gateway_catching_up_twenty_hours_with_its_backlog_reported_raises_no_data_gap_alert()
    {
        _h.Time.SetUtcNow(H.AddHours(20).AddMinutes(30));

        await CatchUpAsync(hours: 20, reportBacklog: true);

        Assert.Empty(await DataGapNoticesAsync());
        Assert.Equal(20, (await _h.Store.GetHoursAsync("GS-01", H, H.AddHours(20), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task The_same_catch_up_without_a_backlog_raises_and_withdraws_data_gap_alerts_as_the_hours_arrive()
    {
        // What the backlog spares the regulator: without it, each message moves the trailing gap's start (and id).
        _h.Time.SetUtcNow(H.AddHours(20).AddMinutes(30));

        await CatchUpAsync(hours: 20, reportBacklog: false);

        var gaps = await DataGapNoticesAsync();
        Assert.True(gaps.Count >= 3 * 15, $"expected data-gap alerts per pollutant and message, got {gaps.Count}");
        Assert.All(gaps, g => Assert.Equal("withdrawn", g.Status)); // caught up in the end: none stays
    }

    [Fact]
    public async Task A_gap_inside_the_records_delivered_still_raises_an_alert_while_catching_up()
    {
        _h.Time.SetUtcNow(H.AddHours(20).AddMinutes(30));

        // Hours 2-6 never made it into the journal (five hours, DataGapHours = 4); the gateway still holds more records.
        await IngestHoursAsync([0, 1, 7, 8], backlog: 600);

        var gaps = await DataGapNoticesAsync();
        Assert.Equal(3, gaps.Count); // SO2, NOx and Dust
        Assert.All(gaps, g => Assert.Equal((H.AddHours(2), (DateTime?)H.AddHours(7), "closed"), (g.StartUtc, g.EndUtc, g.Status)));
    }

    [Fact]
    public async Task A_gateway_that_goes_quiet_with_records_in_its_journal_shows_a_data_gap_after_the_catch_up_timeout()
    {
        _h.Time.SetUtcNow(H.AddHours(10).AddMinutes(10));
        await IngestHoursAsync([0, 1], backlog: 480);
        await _h.Closer.CloseDueHoursAsync(CancellationToken.None);
        Assert.Empty(await DataGapNoticesAsync());

        // 10 minutes later the next hour closes: the gateway still counts as catching up.
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        await _h.Closer.CloseDueHoursAsync(CancellationToken.None);
        Assert.Empty(await DataGapNoticesAsync());

        // An hour later it has sent nothing more: silent, so hours 2 on are missing.
        _h.Time.Advance(TimeSpan.FromHours(1));
        await _h.Closer.CloseDueHoursAsync(CancellationToken.None);
        var gaps = await DataGapNoticesAsync();
        Assert.Equal(3, gaps.Count);
        Assert.All(gaps, g => Assert.Equal((H.AddHours(2), (DateTime?)null, "raised"), (g.StartUtc, g.EndUtc, g.Status)));
    }

    [Fact]
    public async Task A_gateway_that_only_replays_records_it_sent_is_not_catching_up_whatever_backlog_it_reports()
    {
        _h.Time.SetUtcNow(H.AddHours(10).AddMinutes(10));
        await IngestHoursAsync([0, 1], backlog: 480);

        // Past the timeout it sends the same hour again, still reporting a backlog: seen, but no progress.
        _h.Time.Advance(TimeSpan.FromMinutes(20));
        await IngestHoursAsync([1], backlog: 480, expected: IngestStatus.Duplicate);
        await _h.Closer.CloseDueHoursAsync(CancellationToken.None);

        var gaps = await DataGapNoticesAsync();
        Assert.Equal(3, gaps.Count);
        Assert.All(gaps, g => Assert.Equal((H.AddHours(2), "raised"), (g.StartUtc, g.Status)));
    }

    [Fact]
    public async Task The_outage_gap_raised_while_the_gateway_was_away_is_withdrawn_once_its_journal_fills_it()
    {
        _h.Time.SetUtcNow(H.AddHours(1).AddMinutes(20));
        await IngestHoursAsync([0], backlog: 0);
        _h.Time.Advance(TimeSpan.FromHours(6));
        await _h.Closer.CloseDueHoursAsync(CancellationToken.None);
        var outage = Assert.Single(await DataGapNoticesAsync(), g => g.Pollutant == "SO2");
        Assert.Equal((H.AddHours(1), "raised"), (outage.StartUtc, outage.Status));

        // Back online: the journal's hours arrive, then the live hour; no gap remains and none was raised meanwhile.
        for (var k = 1; k <= 6; k++)
        {
            await IngestHoursAsync([k], backlog: (6 - k) * 60);
        }

        var so2 = (await DataGapNoticesAsync()).Where(g => g.Pollutant == "SO2").ToList();
        var only = Assert.Single(so2);
        Assert.Equal((outage.AlertId, "withdrawn", 2), (only.AlertId, only.Status, only.Version));
    }

    private async Task CatchUpAsync(int hours, bool reportBacklog)
    {
        for (var k = 0; k < hours; k++)
        {
            await IngestHoursAsync([k], reportBacklog ? (hours - 1 - k) * 60 : null);
            _h.Time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>One message with the full hours <paramref name="hourIndexes"/> (from H) of GS-01, sent now.</summary>
    private async Task IngestHoursAsync(int[] hourIndexes, int? backlog, IngestStatus expected = IngestStatus.Accepted)
    {
        var records = hourIndexes.SelectMany(k => PipelineHarness.HourOfGs01(so2: 20, firstSeq: 1 + (60L * k), hour: H.AddHours(k)));
        var message = new IngestMessage("gw-gs01-a", Support.Telemetry.Bytes(Support.Telemetry.Batch(records)), _h.Time.GetUtcNow(), JournalBacklog: backlog);
        var outcome = Assert.Single(await _h.Pipeline.IngestBatchAsync([message], CancellationToken.None));
        Assert.Equal(expected, outcome.Status);
    }

    /// <summary>The latest version of each data-gap alert of GS-01.</summary>
    private async Task<List<AlertNotice>> DataGapNoticesAsync() =>
        (await _h.Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None))
            .Where(a => a.Kind == "data-gap")
            .Select(a => AlertNotice.FromJson(a.Payload))
            .ToList();

    public void Dispose() => _h.Dispose();
}
