using EmissionEdge.Compliance.Model;
using EmissionEdge.Ingest.Storage;

namespace EmissionEdge.Ingest.Tests.Storage;

/// <summary>The behaviour every <see cref="IIngestStore"/> must have; run against SQLite and against Azurite.</summary>
public abstract class IngestStoreContract : IAsyncLifetime
{
    protected static readonly DateTime T0 = new(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc);

    protected IIngestStore Store { get; private set; } = null!;

    protected abstract Task<IIngestStore> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.InitializeAsync(CancellationToken.None);
        await Store.InitializeAsync(CancellationToken.None); // idempotent
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static StoredMinute Minute(string device, long seq, DateTime minute, double so2, string unit = "GS-01", byte[]? mac = null)
    {
        var record = new MinuteRecord(unit, minute);
        record[Channel.SO2] = new ChannelReading(so2, so2 - 1, so2 + 1, 12, DataFlag.N);
        record[Channel.Dust] = ChannelReading.WithoutValue(DataFlag.B);
        var readings = MinuteRecordCodec.EncodeReadings(record);
        return new StoredMinute(device, seq, record, readings, MinuteRecordCodec.ContentHash(record, readings, mac), mac, mac is null ? MacStatus.NotSigned : MacStatus.Verified, minute.AddSeconds(70));
    }

    [Fact]
    public async Task Minutes_are_deduplicated_on_device_and_seq()
    {
        var first = Minute("gw-a", 1, T0, 20.5);
        var replay = Minute("gw-a", 1, T0, 20.5);
        var conflicting = Minute("gw-a", 1, T0, 99.0);
        var otherDevice = Minute("gw-b", 1, T0, 20.5, unit: "GS-02");

        var results = await Store.AddMinutesAsync([first, replay, conflicting, otherDevice], CancellationToken.None);

        Assert.Equal([MinuteAddResult.Added, MinuteAddResult.Duplicate, MinuteAddResult.Conflict, MinuteAddResult.Added], results);
        var stored = await Store.GetMinuteAsync("gw-a", 1, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(20.5, stored.Record[Channel.SO2].Average);
        Assert.Equal(DataFlag.B, stored.Record[Channel.Dust].Flag);
        Assert.False(stored.Record[Channel.Dust].HasValue);
        Assert.False(stored.Record.Has(Channel.NOx));
        Assert.Equal(first.ContentHash, stored.ContentHash);
        Assert.Equal(first.ReceivedUtc, stored.ReceivedUtc);
        Assert.Null(await Store.GetMinuteAsync("gw-a", 2, CancellationToken.None));
    }

    [Fact]
    public async Task A_replay_is_identical_only_with_the_same_unit_minute_readings_and_mac()
    {
        var mac = Enumerable.Repeat((byte)7, 32).ToArray();
        await Store.AddMinutesAsync([Minute("gw-a", 1, T0, 20.5, mac: mac), Minute("gw-a", 2, T0.AddMinutes(1), 20.5)], CancellationToken.None);

        var results = await Store.AddMinutesAsync(
        [
            Minute("gw-a", 1, T0, 20.5, mac: (byte[])mac.Clone()), // identical (an equal mac, another array)
            Minute("gw-a", 1, T0, 20.5), // mac dropped
            Minute("gw-a", 1, T0, 20.5, mac: Enumerable.Repeat((byte)8, 32).ToArray()), // another mac
            Minute("gw-a", 2, T0.AddMinutes(1), 20.5, mac: mac), // mac added
            Minute("gw-a", 2, T0.AddMinutes(2), 20.5), // another minute
            Minute("gw-a", 2, T0.AddMinutes(1), 20.5, unit: "GS-02"), // another unit
            Minute("gw-a", 2, T0.AddMinutes(1), 20.5), // identical
        ], CancellationToken.None);

        Assert.Equal(
            [MinuteAddResult.Duplicate, MinuteAddResult.Conflict, MinuteAddResult.Conflict, MinuteAddResult.Conflict, MinuteAddResult.Conflict, MinuteAddResult.Conflict, MinuteAddResult.Duplicate],
            results);
    }

    [Fact]
    public async Task A_pending_mac_check_is_resolved_and_the_canonical_bytes_stay_for_the_audit()
    {
        var waiting = Minute("gw-a", 2, T0.AddMinutes(1), 1, mac: new byte[32]) with { Integrity = MacStatus.Unverified, Canonical = [1, 2, 3] };
        await Store.AddMinutesAsync([waiting], CancellationToken.None);
        Assert.Equal([1, 2, 3], (await Store.GetMinuteAsync("gw-a", 2, CancellationToken.None))!.Canonical);

        await Store.UpdateIntegrityAsync("gw-a", 2, MacStatus.Broken, CancellationToken.None);

        var resolved = await Store.GetMinuteAsync("gw-a", 2, CancellationToken.None);
        Assert.Equal(MacStatus.Broken, resolved!.Integrity);
        Assert.Equal([1, 2, 3], resolved.Canonical);
        Assert.Equal(MacStatus.Broken, Assert.Single(await Store.GetMinutesAsync("GS-01", T0, T0.AddHours(1), CancellationToken.None)).Integrity);
    }

    [Fact]
    public async Task Minutes_of_a_unit_come_back_in_time_order_within_the_half_open_range()
    {
        var mac = Enumerable.Repeat((byte)7, 32).ToArray();
        await Store.AddMinutesAsync([Minute("gw-a", 3, T0.AddMinutes(2), 3), Minute("gw-a", 1, T0, 1, mac: mac), Minute("gw-a", 2, T0.AddMinutes(1), 2), Minute("gw-a", 4, T0.AddHours(1), 4)], CancellationToken.None);

        var hour = await Store.GetMinutesAsync("GS-01", T0, T0.AddHours(1), CancellationToken.None);

        Assert.Equal([1L, 2L, 3L], hour.Select(m => m.Seq));
        Assert.Equal(mac, hour[0].Mac);
        Assert.Equal(MacStatus.Verified, hour[0].Integrity);
        Assert.Null(hour[1].Mac);
        Assert.Empty(await Store.GetMinutesAsync("GS-02", T0, T0.AddHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task Minute_records_come_back_by_minute_then_seq_with_their_readings()
    {
        // Two records claim minute 1 (a gateway replaced, say): both come back, the higher seq last.
        await Store.AddMinutesAsync(
        [
            Minute("gw-b", 9, T0.AddMinutes(1), 9), Minute("gw-a", 1, T0, 1), Minute("gw-a", 2, T0.AddMinutes(1), 2),
            Minute("gw-a", 3, T0.AddMinutes(-1), 3), Minute("gw-a", 4, T0.AddHours(1), 4), Minute("gw-c", 1, T0, 5, unit: "GS-02"),
        ], CancellationToken.None);

        var records = await Store.GetMinuteRecordsAsync("GS-01", T0, T0.AddHours(1), CancellationToken.None);

        Assert.Equal([(T0, 1.0), (T0.AddMinutes(1), 2.0), (T0.AddMinutes(1), 9.0)], records.Select(r => (r.MinuteUtc, r[Channel.SO2].Average)));
        Assert.All(records, r => Assert.Equal("GS-01", r.Unit));
        Assert.True(records[0].SameContentAs(Minute("gw-a", 1, T0, 1).Record));
    }

    [Fact]
    public async Task Hour_results_are_upserted_and_open_hours_listed()
    {
        var h0 = new HourResultEntry("GS-01", T0, "{\"a\":1}", 50, 0, false, T0.AddHours(1));
        var h1 = new HourResultEntry("GS-01", T0.AddHours(1), "{\"a\":2}", 60, 0, false, T0.AddHours(2));
        var other = new HourResultEntry("GS-02", T0, "{\"a\":3}", 10, 0, true, T0.AddHours(2));
        await Store.UpsertHoursAsync([h0, h1], CancellationToken.None);
        await Store.UpsertHoursAsync([other], CancellationToken.None);
        await Store.UpsertHoursAsync([h0 with { Payload = "{\"a\":9}", Revision = 1, Closed = true }], CancellationToken.None);

        Assert.Equal(h0 with { Payload = "{\"a\":9}", Revision = 1, Closed = true }, await Store.GetHourAsync("GS-01", T0, CancellationToken.None));
        Assert.Null(await Store.GetHourAsync("GS-01", T0.AddHours(5), CancellationToken.None));
        Assert.Equal([T0, T0.AddHours(1)], (await Store.GetHoursAsync("GS-01", T0, T0.AddDays(1), CancellationToken.None)).Select(h => h.HourStartUtc));
        Assert.Equal([h1], await Store.GetOpenHoursAsync(T0.AddHours(2), CancellationToken.None));
        Assert.Empty(await Store.GetOpenHoursAsync(T0.AddHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task An_alert_is_stored_with_its_deliveries_and_deliveries_progress()
    {
        var alert = new AlertEntry("a1/x?#", "GS-01", "GS", "exceedance", "SO2", T0, "{\"v\":1}", 1, T0.AddHours(1));
        var webhook = new OutboxEntry(OutboxEntry.KeyOf(alert.AlertId, 1, "webhook:mee"), alert.AlertId, 1, "GS-01", "webhook:mee", "{\"v\":1}", 0, T0.AddHours(1), null, null);
        var log = webhook with { Id = OutboxEntry.KeyOf(alert.AlertId, 1, "log"), Destination = "log" };

        await Store.SaveAlertAsync(alert, [webhook, log], CancellationToken.None);
        await Store.SaveAlertAsync(alert, [webhook with { Attempts = 5 }], CancellationToken.None); // re-saving does not reset a delivery

        Assert.Equal(alert, await Store.GetAlertAsync("GS-01", alert.AlertId, CancellationToken.None));
        Assert.Equal([alert], await Store.GetAlertsAsync("GS-01", T0, T0.AddHours(1), CancellationToken.None));
        Assert.Equal([alert], await Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None));
        Assert.Empty(await Store.GetAlertsAsync("GS-01", T0.AddHours(1), T0.AddHours(2), CancellationToken.None));
        Assert.Equal([log, webhook], await Store.GetDueDeliveriesAsync(T0.AddHours(1), 10, CancellationToken.None));
        Assert.Empty(await Store.GetDueDeliveriesAsync(T0.AddMinutes(59), 10, CancellationToken.None));

        var retried = webhook with { Attempts = 1, NextAttemptUtc = T0.AddHours(2), LastError = "503" };
        var delivered = log with { Attempts = 1, DeliveredUtc = T0.AddHours(1).AddSeconds(1) };
        await Store.UpdateDeliveryAsync(retried, CancellationToken.None);
        await Store.UpdateDeliveryAsync(delivered, CancellationToken.None);

        Assert.Empty(await Store.GetDueDeliveriesAsync(T0.AddHours(1.5), 10, CancellationToken.None));
        Assert.Equal([retried], await Store.GetDueDeliveriesAsync(T0.AddHours(2), 10, CancellationToken.None));
        Assert.Equal([delivered, retried], await Store.GetDeliveriesAsync(alert.AlertId, CancellationToken.None));
    }

    [Fact]
    public async Task Dead_letters_keep_reason_and_raw_bytes()
    {
        var big = Enumerable.Range(0, 300_000).Select(i => (byte)(i % 251)).ToArray();
        var small = new DeadLetter("d1", "gw-a", "seq: must be a non-negative integer, got -1", "malformed", [0x7B, 0x7D], T0, T0.AddSeconds(1));
        var oversize = new DeadLetter("d2", "gw-a", "message of 300000 bytes exceeds the 262144-byte limit", "oversize", big, T0, T0.AddSeconds(2));
        await Store.AddDeadLetterAsync(small, CancellationToken.None);
        await Store.AddDeadLetterAsync(oversize, CancellationToken.None);

        var letters = await Store.GetDeadLettersAsync(T0, T0.AddMinutes(1), CancellationToken.None);

        Assert.Equal(2, letters.Count);
        Assert.Equal(small with { RawBytes = letters[0].RawBytes }, letters[0]);
        Assert.Equal(small.RawBytes, letters[0].RawBytes);
        Assert.Equal(big, letters[1].RawBytes);
        Assert.Empty(await Store.GetDeadLettersAsync(T0.AddMinutes(1), T0.AddMinutes(2), CancellationToken.None));
    }

    [Fact]
    public async Task Gateway_health_is_upserted()
    {
        var health = new GatewayHealth("gw-b", "GS-02", T0, 42, T0.AddMinutes(-1), null, -3.5, null, 10, 2, 1);
        var other = new GatewayHealth("gw-a", "GS-01", T0, 7, T0, 12, 4.25, "1.4.2", 1, 0, 0) { LastAcceptedUtc = T0.AddSeconds(-30) };
        await Store.UpsertHealthAsync(health, CancellationToken.None);
        await Store.UpsertHealthAsync(other, CancellationToken.None);
        await Store.UpsertHealthAsync(health with { LastSeq = 43 }, CancellationToken.None);

        Assert.Equal(health with { LastSeq = 43 }, await Store.GetHealthAsync("gw-b", CancellationToken.None));
        Assert.Null(await Store.GetHealthAsync("gw-c", CancellationToken.None));
        Assert.Equal([other, health with { LastSeq = 43 }], await Store.GetAllHealthAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Gateway_health_is_found_by_unit()
    {
        var second = new GatewayHealth("gw-b2", "GS-02", T0, 5, T0, 0, 1, null, 5, 0, 0);
        var first = new GatewayHealth("gw-b1", "GS-02", T0, 9, T0, 30, 2, null, 9, 0, 0);
        var other = new GatewayHealth("gw-a", "GS-01", T0, 7, T0, 12, 4.25, "1.4.2", 1, 0, 0);
        await Store.UpsertHealthAsync(second, CancellationToken.None);
        await Store.UpsertHealthAsync(other, CancellationToken.None);
        await Store.UpsertHealthAsync(first, CancellationToken.None);

        Assert.Equal([first, second], await Store.GetUnitHealthAsync("GS-02", CancellationToken.None));
        Assert.Equal([other], await Store.GetUnitHealthAsync("GS-01", CancellationToken.None));
        Assert.Empty(await Store.GetUnitHealthAsync("GS-09", CancellationToken.None));
    }
}
