using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Journal;
using EmissionEdge.Gateway.Core.Runtime;
using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Core.Tests.Support;
using EmissionEdge.Gateway.Core.Tests.Telemetry;

namespace EmissionEdge.Gateway.Core.Tests.Runtime;

/// <summary>
/// The main loop on the reference configuration (SICK MARSIC300 over Modbus, four 4–20 mA inputs, four contacts,
/// 4 s sampling) with a fake analyzer, a fake broker and a clock whose UTC runs with the monotonic counter.
/// </summary>
public sealed class GatewayLoopTests
{
    private const int SO2 = 0;
    private static readonly DateTime Start = new(2026, 11, 26, 0, 0, 1, 500, DateTimeKind.Utc);

    private readonly FakeClock _clock = new() { UtcRunsWithMonotonic = true, RecordDelays = false };
    private readonly MemoryStorage _storage = new(JournalLayout.HeaderSize + (100 * JournalLayout.RecordSize));
    private readonly FakeMqttConnection _mqtt = new();
    private readonly MinuteJournal _journal;
    private readonly GatewayLoop _loop;

    public GatewayLoopTests()
    {
        var problems = new ProblemList();
        var config = GatewayConfigReader.Read(RepositoryFiles.Read("hardware/gateway-configs/reference.json"), "reference.json",
            new DirectoryTextFiles(RepositoryFiles.PathOf("hardware/gateway-configs")), problems)!;
        Assert.True(problems.IsEmpty, problems.ToString());
        var slave = new FakeModbusSlave(_clock);
        slave.SetFloat(1000, 18.5f);
        slave.SetFloat(1012, 32.25f);
        slave.SetFloat(1020, 8.25f);
        slave.DiscreteInputs[1004] = true; // values live
        var contacts = new FakeContacts();
        contacts.Closed[3] = true;          // normally closed dust fault relay: healthy
        _clock.UtcTicks = Start.Ticks;
        var sampler = new GatewaySampler(config, [slave, null], new FakeLoops(), contacts, _clock);
        _journal = new MinuteJournal(_storage);
        _loop = new GatewayLoop(config, sampler, _journal, _mqtt, TelemetryEncoderTests.ContractDeviceKey, new HmacSha256(), _clock, new GatewayLoopOptions());
    }

    private void Cycles(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _loop.RunSamplingCycle();
        }
    }

    private MinuteRecord Record(uint seq)
    {
        var record = new MinuteRecord();
        Assert.True(_journal.TryRead(seq, record));
        return record;
    }

    private static uint MinuteOf(int hour, int minute) => MinuteClock.MinuteOf(new DateTime(2026, 11, 26, hour, minute, 0, DateTimeKind.Utc).Ticks);

    private static long[] Seqs(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("batch").EnumerateArray().Select(r => r.GetProperty("seq").GetInt64()).ToArray();
    }

    [Fact]
    public void Samples_on_multiples_of_the_interval_and_journals_each_closed_minute()
    {
        // Started at 00:00:01.5: samples at 00:00:04 … 00:00:56 (14), then 00:01:00 … 00:01:56 (15); 00:02:00 closes the second minute.
        Cycles(14 + 15 + 1);
        Assert.Equal((2L, 0L, 0L), (_loop.MinutesJournaled, _loop.SamplesSkipped, _loop.MinutesLost));
        Assert.Equal((MinuteOf(0, 0), 14, 'N'), (Record(1).Minute, Record(1).Samples(SO2), Record(1).Flag(SO2)));
        Assert.Equal((MinuteOf(0, 1), 15, 18.5), (Record(2).Minute, Record(2).Samples(SO2), Record(2).Average(SO2)));
        Assert.Equal(3u, _journal.NextSequence);
        Assert.InRange(new DateTime(_clock.UtcTicks, DateTimeKind.Utc), new DateTime(2026, 11, 26, 0, 2, 0, DateTimeKind.Utc), new DateTime(2026, 11, 26, 0, 2, 1, DateTimeKind.Utc));
    }

    [Fact]
    public void Publishes_journaled_minutes_and_trims_them_when_the_puback_is_handed_over_to_the_loop()
    {
        Cycles(30);
        _loop.ServeUplink();
        var (id, topic, json) = Assert.Single(_mqtt.Published);
        Assert.Equal("devices/gw-gs01-a/messages/events/$.ct=application%2Fjson&$.ce=utf-8&backlog=0", topic); // no firmware version set
        Assert.Equal([1L, 2L], Seqs(json));
        Assert.Contains("\"mac\":\"", json, StringComparison.Ordinal); // reference.json has "mac": true

        // The client reports the PUBACK on its own thread: the journal is not touched there.
        var client = new Thread(() => _mqtt.Ack(id));
        client.Start();
        client.Join();
        Assert.Equal((0u, 2), (_journal.AcknowledgedSequence, _loop.PendingRecords));
        _loop.ServeUplink();
        Assert.Equal((2u, 0), (_journal.AcknowledgedSequence, _loop.PendingRecords));
    }

    [Fact]
    public void Connects_with_the_iot_hub_username_and_a_sas_token_and_renews_the_token_after_90_percent_of_its_life()
    {
        _loop.ServeUplink();
        long now = (_clock.UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;
        var first = Assert.Single(_mqtt.Connects);
        Assert.Equal(("gw-gs01-a", "emissionedge-hub.azure-devices.net/gw-gs01-a/?api-version=2021-04-12"), (first.ClientId, first.Username));
        Assert.Equal(Sas(now + 3600), first.Password);
        Assert.Equal(now + 3600, _loop.Session.TokenExpiry);

        _clock.UtcTicks = DateTime.UnixEpoch.Ticks + ((now + 3600 - 360 - 1) * TimeSpan.TicksPerSecond);
        _loop.ServeUplink();
        Assert.Single(_mqtt.Connects);

        _clock.UtcTicks += TimeSpan.TicksPerSecond; // 360 s = a tenth of the lifetime before expiry
        _loop.ServeUplink();
        Assert.Equal((1, 2), (_mqtt.Disconnects, _mqtt.Connects.Count));
        Assert.Equal(Sas(now + 3240 + 3600), _mqtt.Connects[1].Password);
    }

    /// <summary>The SAS token computed with .NET's HMACSHA256 and URL encoding (telemetry.md "Transport").</summary>
    private static string Sas(long expiry)
    {
        var resource = Uri.EscapeDataString("emissionedge-hub.azure-devices.net/devices/gw-gs01-a");
        var sig = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(TelemetryEncoderTests.ContractDeviceKey), Encoding.UTF8.GetBytes(resource + "\n" + expiry)));
        return $"SharedAccessSignature sr={resource}&sig={WebUtility.UrlEncode(sig)}&se={expiry}";
    }

    [Fact]
    public void After_a_dropped_connection_the_unacknowledged_records_are_sent_again_and_a_late_puback_of_the_old_connection_trims_nothing()
    {
        Cycles(30);
        _loop.ServeUplink();
        Assert.Equal([1L, 2L], Seqs(_mqtt.Published[0].Json));
        _mqtt.BrokerCloses();
        _mqtt.Accepts = false;
        _loop.ServeUplink(); // reconnect refused, the publish in flight is forgotten
        Cycles(15);          // a third minute meanwhile

        // The old connection's PUBACK for packet 1 surfaces while the new connection is being opened, whose first packet is 1 too.
        _mqtt.Accepts = true;
        _mqtt.DuringConnect = () => _mqtt.Ack(1);
        _clock.MonotonicMilliseconds += EmissionEdge.Gateway.Core.Telemetry.IotHubSession.FirstBackoffMilliseconds;
        _loop.ServeUplink();
        var (id, _, json) = _mqtt.Published[1];
        Assert.Equal(1, id);
        Assert.Equal([1L, 2L, 3L], Seqs(json));
        Assert.StartsWith(_mqtt.Published[0].Json[..^2], json, StringComparison.Ordinal); // same bytes, same macs for records 1 and 2
        _loop.ServeUplink();
        Assert.Equal(0u, _journal.AcknowledgedSequence);

        _mqtt.Ack(1);
        _loop.ServeUplink();
        Assert.Equal(3u, _journal.AcknowledgedSequence);
    }

    [Fact]
    public void A_puback_overdue_by_more_than_the_timeout_drops_the_connection_and_the_records_are_sent_again()
    {
        Cycles(30);
        _loop.ServeUplink();
        _clock.MonotonicMilliseconds += 60000;
        _loop.ServeUplink();
        Assert.Equal((0, 1), (_mqtt.Disconnects, _mqtt.Published.Count));

        _clock.MonotonicMilliseconds += 1;
        _loop.ServeUplink();
        Assert.Equal((1, 2, 2), (_mqtt.Disconnects, _mqtt.Connects.Count, _mqtt.Published.Count));
        Assert.Equal(_mqtt.Published[0].Json, _mqtt.Published[1].Json);
        Assert.StartsWith("uplink: no PUBACK within 60000 ms", _loop.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_journal_write_is_retried_until_the_next_minute_closes_and_a_minute_lost_is_counted()
    {
        _storage.FailWrites = true;
        Cycles(15); // 00:01:00 closes the first minute; its write fails
        Assert.Equal((true, 0L), (_loop.JournalFailing, _loop.MinutesJournaled));
        Assert.Equal("journal: flash write failed", _loop.LastError);

        _storage.FailWrites = false;
        Cycles(1);
        Assert.Equal((false, 1L), (_loop.JournalFailing, _loop.MinutesJournaled));
        Assert.Equal((MinuteOf(0, 0), 14), (Record(1).Minute, Record(1).Samples(SO2)));

        _storage.FailWrites = true;
        Cycles(14 + 15); // 00:02:00 closes minute 00:01 (unsaved), 00:03:00 closes 00:02 over it
        _storage.FailWrites = false;
        Cycles(1);
        Assert.Equal((2L, 1L), (_loop.MinutesJournaled, _loop.MinutesLost));
        Assert.Equal(MinuteOf(0, 2), Record(2).Minute);
    }

    [Fact]
    public void A_clock_step_forward_skips_the_missed_instants_and_a_step_back_does_not_stall_sampling()
    {
        Cycles(2);
        _clock.UtcTicks += 30 * TimeSpan.TicksPerSecond; // after the sample at 00:00:08, now ≈ 00:00:38
        Cycles(1);                                       // 12 … 32 missed, sampled at 36
        Assert.Equal((3L, 6L), (_loop.SamplesTaken, _loop.SamplesSkipped));
        Cycles(1);                                       // back on the grid: waits for 00:00:40
        Assert.Equal((4L, 6L), (_loop.SamplesTaken, _loop.SamplesSkipped));
        Assert.InRange(new DateTime(_clock.UtcTicks, DateTimeKind.Utc), new DateTime(2026, 11, 26, 0, 0, 40, DateTimeKind.Utc), new DateTime(2026, 11, 26, 0, 0, 41, DateTimeKind.Utc));

        _clock.UtcTicks -= TimeSpan.TicksPerHour;
        long before = _clock.MonotonicMilliseconds;
        Cycles(1);
        Assert.Equal(5L, _loop.SamplesTaken);
        Assert.InRange(_clock.MonotonicMilliseconds - before, 0, 4000);
    }

    [Fact]
    public void No_sample_is_taken_before_the_clock_has_been_set()
    {
        _clock.UtcTicks = DateTime.UnixEpoch.Ticks + (90 * TimeSpan.TicksPerSecond);
        long before = _clock.MonotonicMilliseconds;
        Cycles(3);
        Assert.Equal(0L, _loop.SamplesTaken);
        Assert.Equal(12000, _clock.MonotonicMilliseconds - before);
        Assert.Equal("clock not set: no sample taken", _loop.LastError);
        Assert.Equal(GatewayLoop.FirstValidUtcTicks, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks);
    }

    [Fact]
    public void A_device_key_that_is_not_base64_is_refused_when_the_loop_is_built()
    {
        var problems = new ProblemList();
        var config = GatewayConfigReader.Read(RepositoryFiles.Read("hardware/gateway-configs/reference.json"), "reference.json",
            new DirectoryTextFiles(RepositoryFiles.PathOf("hardware/gateway-configs")), problems)!;
        var sampler = new GatewaySampler(config, [new FakeModbusSlave(_clock), null], new FakeLoops(), new FakeContacts(), _clock);
        var e = Assert.Throws<ArgumentException>(() => new GatewayLoop(config, sampler, _journal, _mqtt, "not base64!", new HmacSha256(), _clock, new GatewayLoopOptions()));
        Assert.StartsWith("the device key is not valid base64", e.Message, StringComparison.Ordinal);
    }
}
