using System.Text;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Evaluation;
using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Ingest.Telemetry;
using EmissionEdge.Ingest.Tests.Support;

namespace EmissionEdge.Ingest.Tests.Pipeline;

public sealed class IngestPipelineTests : IDisposable
{
    private static readonly DateTime H = Support.Telemetry.Hour;
    private readonly PipelineHarness _h = new();

    public void Dispose() => _h.Dispose();

    private Task<IReadOnlyList<DeadLetter>> DeadLettersAsync() => _h.Store.GetDeadLettersAsync(DateTime.MinValue, DateTime.MaxValue, CancellationToken.None);

    private async Task<HourResult> HourAsync(string unit, DateTime hour) =>
        new HourResultCodec().Decode((await _h.Store.GetHourAsync(unit, hour, CancellationToken.None))!.Payload);

    [Fact]
    public async Task A_record_is_stored_and_its_hour_evaluated()
    {
        var outcome = await _h.IngestAsync("gw-gs01-a", Support.Telemetry.Record("gw-gs01-a", "GS-01", 1, H));

        Assert.Equal(new IngestOutcome(IngestStatus.Accepted, 1, 0, 0, []), outcome with { Reasons = [] });
        Assert.NotNull(await _h.Store.GetMinuteAsync("gw-gs01-a", 1, CancellationToken.None));
        var hour = await HourAsync("GS-01", H);
        Assert.Equal(1, hour.MinutesReceived);
        Assert.False(hour.SO2.Valid); // 1 of 45 minutes
        Assert.Contains(_h.Seen, n => n is MinuteStored { Minute.Seq: 1 });
        Assert.Contains(_h.Seen, n => n is HourEvaluated { Revised: false });
    }

    [Fact]
    public async Task A_committed_batch_is_stored_at_once_but_the_feed_and_alert_delivery_hear_of_it_only_when_it_is_announced()
    {
        var hour = PipelineHarness.HourOfGs01(so2: 5000).Select(r => new IngestMessage("gw-gs01-a", Support.Telemetry.Bytes(r), H.AddMinutes(61))).ToArray();

        var committed = await _h.Pipeline.CommitBatchAsync(hour, CancellationToken.None);

        Assert.All(committed.Outcomes, o => Assert.Equal(IngestStatus.Accepted, o.Status));
        Assert.Equal(60, (await _h.Store.GetMinutesAsync("GS-01", H, H.AddHours(1), CancellationToken.None)).Count);
        Assert.Contains(await _h.Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None), a => a.Kind == "exceedance");
        await committed.Durable.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(_h.Seen); // the alert delivery loop is woken by the feed: nothing leaves before the batch is announced

        committed.Announce();
        committed.Announce(); // once only
        Assert.Equal(60, _h.Seen.OfType<MinuteStored>().Count());
        Assert.Single(_h.Seen.OfType<AlertChanged>(), a => a.Notice.Kind == "exceedance");
    }

    [Fact]
    public async Task Messages_screened_apart_and_committed_together_give_the_outcomes_and_dead_letters_of_one_batch()
    {
        var messages = new[]
        {
            new IngestMessage("gw-gs01-a", Support.Telemetry.Bytes(Support.Telemetry.Record("gw-gs01-a", "GS-01", 1, H)), H.AddMinutes(2)),
            new IngestMessage("gw-unknown", Support.Telemetry.Bytes(Support.Telemetry.Record("gw-unknown", "GS-01", 1, H)), H.AddMinutes(2)),
            new IngestMessage("gw-gs01-a", Support.Telemetry.Bytes(Support.Telemetry.Record("gw-gs01-a", "GS-02", 2, H.AddMinutes(1))), H.AddMinutes(2)),
            new IngestMessage("gw-gs01-a", Support.Telemetry.Bytes(Support.Telemetry.Record("gw-gs01-a", "GS-01", 1, H)), H.AddMinutes(2)),
        };

        var screened = await Task.WhenAll(messages.Select(m => Task.Run(() => _h.Pipeline.Screen(m)))); // on other threads, as the broker's connections do
        var committed = await _h.Pipeline.CommitScreenedAsync(screened, CancellationToken.None);
        await committed.Durable;
        committed.Announce();

        Assert.Equal([IngestStatus.Accepted, IngestStatus.Rejected, IngestStatus.Rejected, IngestStatus.Duplicate], committed.Outcomes.Select(o => o.Status));
        Assert.Contains("device 'gw-unknown' is not registered", committed.Outcomes[1].Reasons[0]);
        Assert.Contains("unit: the body says 'GS-02'", committed.Outcomes[2].Reasons[0]);
        Assert.Equal(["spoofed", "unknown-device"], (await DeadLettersAsync()).Select(d => d.Category).Order());
        Assert.Equal(1, (await _h.Store.GetHealthAsync("gw-gs01-a", CancellationToken.None))!.RecordsAccepted);
    }

    [Fact]
    public async Task An_identical_replay_is_absorbed_and_counted()
    {
        var record = Support.Telemetry.Record("gw-gs01-a", "GS-01", 5, H);
        await _h.IngestAsync("gw-gs01-a", record);
        var replay = await _h.IngestAsync("gw-gs01-a", record.Replace("\"seq\":5", "\"seq\": 5")); // same record, other formatting

        Assert.Equal(IngestStatus.Duplicate, replay.Status);
        Assert.Equal(1, replay.Duplicates);
        Assert.Empty(await DeadLettersAsync());
        var health = await _h.Store.GetHealthAsync("gw-gs01-a", CancellationToken.None);
        Assert.Equal(1, health!.RecordsAccepted);
        Assert.Equal(1, health.DuplicatesAbsorbed);
    }

    [Fact]
    public async Task A_different_body_for_a_stored_seq_is_a_conflict_in_dead_letters()
    {
        await _h.IngestAsync("gw-gs01-a", Support.Telemetry.Record("gw-gs01-a", "GS-01", 5, H, so2: 10));
        var other = Support.Telemetry.Record("gw-gs01-a", "GS-01", 5, H, so2: 11);
        var outcome = await _h.IngestAsync("gw-gs01-a", other);

        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        var letter = Assert.Single(await DeadLettersAsync());
        Assert.Equal(DeadLetterCategory.Conflict, letter.Category);
        Assert.Equal(other, Encoding.UTF8.GetString(letter.RawBytes));
        Assert.Equal(10, (await _h.Store.GetMinuteAsync("gw-gs01-a", 5, CancellationToken.None))!.Record[Compliance.Model.Channel.SO2].Average);
    }

    [Theory]
    [InlineData("gw-gs01-a", "GS-02", "unit: the body says 'GS-02' but device 'gw-gs01-a' is registered for unit 'GS-01'")]
    [InlineData("gw-gs02-a", "GS-02", "device: the body says 'gw-gs02-a' but the transport authenticated 'gw-gs01-a'")]
    public async Task A_body_that_disagrees_with_the_transport_or_registry_is_rejected(string bodyDevice, string bodyUnit, string reason)
    {
        var body = Support.Telemetry.Record(bodyDevice, bodyUnit, 1, H);
        var outcome = await _h.IngestAsync("gw-gs01-a", body);

        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.Equal([reason], outcome.Reasons);
        var letter = Assert.Single(await DeadLettersAsync());
        Assert.Equal(DeadLetterCategory.Spoofed, letter.Category);
        Assert.Equal("gw-gs01-a", letter.Device);
        Assert.Empty(await _h.Store.GetMinutesAsync("GS-02", H, H.AddHours(1), CancellationToken.None));
        Assert.Empty(await _h.Store.GetMinutesAsync("GS-01", H, H.AddHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_device_is_rejected()
    {
        var outcome = await _h.IngestAsync("gw-nobody", Support.Telemetry.Record("gw-nobody", "GS-01", 1, H));

        Assert.Equal(["device 'gw-nobody' is not registered"], outcome.Reasons);
        Assert.Equal(DeadLetterCategory.UnknownDevice, Assert.Single(await DeadLettersAsync()).Category);
    }

    [Fact]
    public async Task Bad_json_and_oversize_messages_are_dead_lettered_without_failing_the_batch()
    {
        var oversize = new byte[TelemetryContract.MaxMessageBytes + 1];
        var messages = new[]
        {
            new IngestMessage("gw-gs01-a", Encoding.UTF8.GetBytes("{\"schema\":"), H.AddMinutes(2)),
            new IngestMessage("gw-gs01-a", oversize, H.AddMinutes(2)),
            new IngestMessage("gw-gs01-a", Support.Telemetry.Bytes(Support.Telemetry.Batch([Support.Telemetry.Record("gw-gs01-a", "GS-01", 1, H), "{\"seq\":2}"])), H.AddMinutes(2)),
            new IngestMessage("gw-gs01-a", Support.Telemetry.Bytes(Support.Telemetry.Record("gw-gs01-a", "GS-01", 3, H.AddMinutes(1))), H.AddMinutes(2)),
        };

        var outcomes = await _h.Pipeline.IngestBatchAsync(messages, CancellationToken.None);

        Assert.Equal([IngestStatus.Rejected, IngestStatus.Rejected, IngestStatus.PartiallyAccepted, IngestStatus.Accepted], outcomes.Select(o => o.Status));
        Assert.Contains("262145 bytes exceeds the 262144-byte limit", outcomes[1].Reasons[0]);
        Assert.Contains("schema: is missing", outcomes[2].Reasons[0]);
        var letters = await DeadLettersAsync();
        Assert.Equal(3, letters.Count);
        Assert.Equal(["malformed", "malformed", "oversize"], letters.Select(l => l.Category).Order());
        Assert.Contains(letters, l => l.RawBytes.Length == oversize.Length);
        Assert.Contains(letters, l => Encoding.UTF8.GetString(l.RawBytes) == "{\"seq\":2}");
        Assert.Equal(2, (await _h.Store.GetMinutesAsync("GS-01", H, H.AddHours(1), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task An_empty_body_is_dead_lettered_with_its_zero_bytes()
    {
        var outcome = await _h.Pipeline.IngestAsync("gw-gs01-a", ReadOnlyMemory<byte>.Empty, H.AddMinutes(2), CancellationToken.None);

        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        var letter = Assert.Single(await DeadLettersAsync());
        Assert.Equal((DeadLetterCategory.Malformed, 0), (letter.Category, letter.RawBytes.Length));
        Assert.StartsWith("$: not valid JSON", letter.Reason);
    }

    [Fact]
    public async Task A_late_record_recomputes_its_closed_hour_as_a_revision()
    {
        // 44 valid minutes: the hour is invalid. It closes; then the 45th minute arrives late and makes it valid.
        var records = PipelineHarness.HourOfGs01(so2: 20).ToList();
        await _h.IngestAsync("gw-gs01-a", Support.Telemetry.Batch(records.Take(44)));
        _h.Time.Advance(TimeSpan.FromMinutes(20));
        await _h.Closer.CloseDueHoursAsync(CancellationToken.None);
        var closed = await _h.Store.GetHourAsync("GS-01", H, CancellationToken.None);
        Assert.True(closed!.Closed);
        Assert.Equal(0, closed.Revision);
        Assert.False((await HourAsync("GS-01", H)).SO2.Valid);

        await _h.IngestAsync("gw-gs01-a", records[44]);

        var revised = await _h.Store.GetHourAsync("GS-01", H, CancellationToken.None);
        Assert.Equal(1, revised!.Revision);
        Assert.True(revised.Closed);
        var hour = await HourAsync("GS-01", H);
        Assert.True(hour.SO2.Valid);
        Assert.Equal(20.0m, hour.SO2.CorrectedAverage); // O2 6 % = reference: no correction
        Assert.Contains(_h.Seen, n => n is HourEvaluated { Revised: true, Hour.Revision: 1 });
    }

    [Fact]
    public async Task An_exceeding_hour_raises_an_alert_into_the_outbox()
    {
        // SO2 40 mg/m3 at 6 % O2 (the reference): corrected 40 > 35.
        await _h.IngestAsync("gw-gs01-a", Support.Telemetry.Batch(PipelineHarness.HourOfGs01(so2: 40)));

        var alerts = await _h.Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None);
        var alert = Assert.Single(alerts, a => a.Kind == "exceedance");
        var notice = AlertNotice.FromJson(alert.Payload);
        Assert.Equal("SO2", notice.Pollutant);
        Assert.Equal(40.0m, notice.Peak);
        Assert.Equal(H, notice.StartUtc);
        Assert.Equal("raised", notice.Status);
        Assert.Equal(Compliance.Alerts.AlertId.For("GS-01", Compliance.Alerts.AlertKind.Exceedance, Compliance.Model.Pollutant.SO2, H), notice.AlertId);
        var delivery = Assert.Single(await _h.Store.GetDeliveriesAsync(notice.AlertId, CancellationToken.None));
        Assert.Equal("log", delivery.Destination);
        Assert.Null(delivery.DeliveredUtc);

        // Replaying the same hour changes nothing: no second version.
        await _h.IngestAsync("gw-gs01-a", Support.Telemetry.Batch(PipelineHarness.HourOfGs01(so2: 40)));
        Assert.Single(await _h.Store.GetDeliveriesAsync(notice.AlertId, CancellationToken.None));

        var dispatched = await _h.Dispatcher.DeliverDueAsync(CancellationToken.None);
        Assert.True(dispatched.Delivered >= 1);
        Assert.NotNull(Assert.Single(await _h.Store.GetDeliveriesAsync(notice.AlertId, CancellationToken.None)).DeliveredUtc);
    }

    [Fact]
    public async Task A_mac_chain_is_verified_and_a_break_raises_a_tamper_alert()
    {
        var key = PipelineHarness.SignedKey;
        var (r1, m1) = Support.Telemetry.Signed(Support.Telemetry.Record("gw-gs02-a", "GS-02", 1, H), key, []);
        var (r2, m2) = Support.Telemetry.Signed(Support.Telemetry.Record("gw-gs02-a", "GS-02", 2, H.AddMinutes(1)), key, m1);
        var (r3, _) = Support.Telemetry.Signed(Support.Telemetry.Record("gw-gs02-a", "GS-02", 3, H.AddMinutes(2)), key, m2);
        var tampered = r3.Replace("\"avg\":18.62", "\"avg\":8.62"); // value changed after signing

        var outcome = await _h.IngestAsync("gw-gs02-a", Support.Telemetry.Batch([r1, r2, tampered]));

        Assert.Equal(3, outcome.Accepted); // kept: the data came over an authenticated link; the break is alerted
        Assert.Equal(MacStatus.Verified, (await _h.Store.GetMinuteAsync("gw-gs02-a", 2, CancellationToken.None))!.Integrity);
        Assert.Equal(MacStatus.Broken, (await _h.Store.GetMinuteAsync("gw-gs02-a", 3, CancellationToken.None))!.Integrity);
        var alert = Assert.Single(await _h.Store.GetAlertsAsync("GS-02", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None), a => a.Kind == AlertNotice.MacChainBrokenKind);
        Assert.Equal(H.AddMinutes(2), alert.StartUtc);
        Assert.Contains("seq 3", AlertNotice.FromJson(alert.Payload).Detail);
        Assert.Single(await _h.Store.GetDeliveriesAsync(alert.AlertId, CancellationToken.None));
    }

    [Fact]
    public async Task A_signing_device_record_without_mac_is_rejected()
    {
        var outcome = await _h.IngestAsync("gw-gs02-a", Support.Telemetry.Record("gw-gs02-a", "GS-02", 1, H));

        Assert.Equal(IngestStatus.Rejected, outcome.Status);
        Assert.Equal(DeadLetterCategory.MacMissing, Assert.Single(await DeadLettersAsync()).Category);
        var alert = Assert.Single(await _h.Store.GetAlertsAsync("GS-02", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None));
        Assert.Equal(AlertNotice.MacChainBrokenKind, alert.Kind); // an unsigned record from a signing device is a tamper signal too
    }

    [Fact]
    public async Task Gateway_health_records_seq_backlog_firmware_and_skew()
    {
        var message = new IngestMessage("gw-gs01-a", Support.Telemetry.Bytes(Support.Telemetry.Batch([
            Support.Telemetry.Record("gw-gs01-a", "GS-01", 8, H.AddMinutes(2)),
            Support.Telemetry.Record("gw-gs01-a", "GS-01", 9, H.AddMinutes(3))])), H.AddMinutes(4).AddSeconds(12), "1.4.2", 17);

        await _h.Pipeline.IngestBatchAsync([message], CancellationToken.None);

        var health = await _h.Store.GetHealthAsync("gw-gs01-a", CancellationToken.None);
        var expected = new GatewayHealth("gw-gs01-a", "GS-01", H.AddMinutes(4).AddSeconds(12), 9, H.AddMinutes(3), 17, 12.0, "1.4.2", 2, 0, 0) { LastAcceptedUtc = H.AddMinutes(4).AddSeconds(12) };
        Assert.Equal(expected, health);

        // A replay a minute later is seen, but stores nothing new: the gateway made no progress.
        await _h.Pipeline.IngestBatchAsync([message with { EnqueuedTime = H.AddMinutes(5).AddSeconds(12), JournalBacklog = 15 }], CancellationToken.None);
        Assert.Equal(expected with { LastSeenUtc = H.AddMinutes(5).AddSeconds(12), JournalBacklog = 15, ClockSkewSeconds = 72.0, DuplicatesAbsorbed = 2 },
            await _h.Store.GetHealthAsync("gw-gs01-a", CancellationToken.None));
    }

    [Fact]
    public async Task Late_minutes_that_clear_an_exceedance_withdraw_its_alert()
    {
        // 45 minutes at SO2 40 (valid hour, corrected average 40 > 35): alert. The 15 late minutes at SO2 0 bring the
        // average to (45 × 40 + 15 × 0) / 60 = 30: the exceedance is gone and the alert is withdrawn (version 2).
        var hot = PipelineHarness.HourOfGs01(so2: 40).Take(45);
        var cool = Enumerable.Range(45, 15).Select(i => Support.Telemetry.Record("gw-gs01-a", "GS-01", i + 1, H.AddMinutes(i), so2: 0));
        await _h.IngestAsync("gw-gs01-a", Support.Telemetry.Batch(hot));
        var raised = AlertNotice.FromJson(Assert.Single(await _h.Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None)).Payload);
        Assert.Equal(("raised", 1, 40.0m), (raised.Status, raised.Version, raised.Peak));

        await _h.IngestAsync("gw-gs01-a", Support.Telemetry.Batch(cool));

        Assert.Equal(30.0m, (await HourAsync("GS-01", H)).SO2.CorrectedAverage);
        var withdrawn = AlertNotice.FromJson(Assert.Single(await _h.Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None)).Payload);
        Assert.Equal(("withdrawn", 2, raised.AlertId), (withdrawn.Status, withdrawn.Version, withdrawn.AlertId));
        Assert.Equal(2, (await _h.Store.GetDeliveriesAsync(raised.AlertId, CancellationToken.None)).Count);
        Assert.Contains(_h.Seen, n => n is AlertChanged { Notice.Status: "withdrawn" });
    }

    [Fact]
    public async Task A_batch_the_store_fails_midway_leaves_nothing_and_is_ingested_whole_when_redelivered()
    {
        FaultyStore? faulty = null;
        using var h = new PipelineHarness(sqlite => faulty = new FaultyStore(sqlite()), gs01SignsRecords: false);
        var body = Support.Telemetry.Batch(PipelineHarness.HourOfGs01(so2: 40)); // an exceeding hour: minutes, hour and alert
        faulty!.FailNextHealthWrite = true; // after the minutes went in, before hours and alerts

        await Assert.ThrowsAsync<IOException>(() => h.IngestAsync("gw-gs01-a", body));

        Assert.Empty(await h.Store.GetMinutesAsync("GS-01", H, H.AddHours(1), CancellationToken.None));
        Assert.Null(await h.Store.GetHealthAsync("gw-gs01-a", CancellationToken.None));
        Assert.Empty(h.Seen); // nothing announced that was not stored

        // The transport redelivers (no checkpoint, no PUBACK): the records are new again, so the hour and alert follow.
        var outcome = await h.IngestAsync("gw-gs01-a", body);

        Assert.Equal((60, 0), (outcome.Accepted, outcome.Duplicates));
        Assert.Equal(60, (await h.Store.GetHourAsync("GS-01", H, CancellationToken.None))!.MinutesReceived);
        Assert.Single(await h.Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None), a => a.Kind == "exceedance");
        Assert.Equal(60, h.Seen.Count(n => n is MinuteStored));
    }

    [Fact]
    public async Task A_failing_feed_observer_does_not_fail_ingest()
    {
        using var subscription = _h.Pipeline.Feed.Subscribe(new ThrowingObserver());
        var outcome = await _h.IngestAsync("gw-gs01-a", Support.Telemetry.Record("gw-gs01-a", "GS-01", 1, H));
        Assert.Equal(IngestStatus.Accepted, outcome.Status);
    }

    private sealed class ThrowingObserver : IObserver<IngestNotification>
    {
        public void OnCompleted() { }
        public void OnError(Exception error) { }
        public void OnNext(IngestNotification value) => throw new InvalidOperationException("observer bug");
    }

    [Fact]
    public async Task A_silent_gateway_shows_as_a_data_gap_when_hours_close()
    {
        // One valid hour, then nothing: once four more hours have closed, the engine's data-gap alert is raised.
        await _h.IngestAsync("gw-gs01-a", Support.Telemetry.Batch(PipelineHarness.HourOfGs01(so2: 20)));
        _h.Time.Advance(TimeSpan.FromHours(5));

        await _h.Closer.CloseDueHoursAsync(CancellationToken.None);

        var gaps = (await _h.Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None)).Where(a => a.Kind == "data-gap").ToList();
        Assert.NotEmpty(gaps);
        Assert.All(gaps, g => Assert.Equal(H.AddHours(1), g.StartUtc));
    }
}
