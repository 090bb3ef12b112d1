using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Journal;
using EmissionEdge.Gateway.Core.Ports;
using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Core.Telemetry;
using EmissionEdge.Gateway.Core.Tests.Support;

namespace EmissionEdge.Gateway.Core.Tests.Telemetry;

public sealed class TelemetryEncoderTests
{
    /// <summary>The device key of the contract examples (tests/contract/telemetry/README.md).</summary>
    public const string ContractDeviceKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static readonly uint Minute20261126T0001 = MinuteClock.MinuteOf(new DateTime(2026, 11, 26, 0, 1, 0, DateTimeKind.Utc).Ticks);

    private static MinuteRecord Example(uint seq, uint minute)
    {
        var r = new MinuteRecord { Sequence = seq, Minute = minute };
        r.Set(0, 18.62, 17.90, 19.41, 12, 'N');
        r.Set(1, 32.40, 30.02, 35.10, 12, 'N');
        r.Set(4, 2.15, 2.01, 2.30, 12, 'N');
        r.Set(5, 8.30, 8.10, 8.52, 12, 'N');
        return r;
    }

    private static string Encode(TelemetryEncoder encoder, MinuteRecord record)
    {
        var buffer = new byte[4096];
        int n = encoder.EncodeSingle(record, buffer, 0);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    [Fact]
    public void A_record_is_the_v1_json_of_the_contract()
    {
        var json = Encode(new TelemetryEncoder("gw-gs01-a", "GS-01", null, null), Example(1042, Minute20261126T0001));
        Assert.Equal(
            "{\"schema\":\"emissionedge.minute/1\",\"device\":\"gw-gs01-a\",\"unit\":\"GS-01\",\"seq\":1042,\"minute\":\"2026-11-26T00:01:00Z\",\"channels\":{" +
            "\"SO2\":{\"avg\":18.62,\"min\":17.9,\"max\":19.41,\"n\":12,\"flag\":\"N\"},\"NOx\":{\"avg\":32.4,\"min\":30.02,\"max\":35.1,\"n\":12,\"flag\":\"N\"}," +
            "\"Dust\":{\"avg\":2.15,\"min\":2.01,\"max\":2.3,\"n\":12,\"flag\":\"N\"},\"O2\":{\"avg\":8.3,\"min\":8.1,\"max\":8.52,\"n\":12,\"flag\":\"N\"}}}",
            json);
    }

    [Fact]
    public void A_channel_without_valid_sample_omits_avg_min_max_and_strings_are_escaped()
    {
        var r = Example(7, Minute20261126T0001);
        r.SetWithoutValue(1, 'B');
        var json = Encode(new TelemetryEncoder("gw\"1", "GS\\01", null, null), r);
        using var doc = JsonDocument.Parse(json);
        var nox = doc.RootElement.GetProperty("channels").GetProperty("NOx");
        Assert.False(nox.TryGetProperty("avg", out _));
        Assert.Equal((0, "B"), (nox.GetProperty("n").GetInt32(), nox.GetProperty("flag").GetString()));
        Assert.Equal(("gw\"1", "GS\\01"), (doc.RootElement.GetProperty("device").GetString(), doc.RootElement.GetProperty("unit").GetString()));
    }

    [Theory]
    [InlineData(-0.04, "-0.04")]
    [InlineData(0.00004, "0")]
    [InlineData(2000000.125, "2000000")]
    [InlineData(1234.5678, "1234.568")]
    [InlineData(35.0, "35")]
    [InlineData(35.05, "35.05")]
    public void Numbers_keep_7_significant_digits_and_4_decimals(double value, string expected)
    {
        var buffer = new byte[32];
        int n = EmissionEdge.Gateway.Core.Text.AsciiNumber.WriteDecimal(value, 4, buffer, 0);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer, 0, n));
    }

    [Fact]
    public void The_mac_chain_verifies_with_dotnet_hmac_over_previous_mac_and_record_without_mac()
    {
        var key = Convert.FromBase64String(ContractDeviceKey);
        var encoder = new TelemetryEncoder("gw-gs01-a", "GS-01", new HmacSha256(), key);
        var first = Encode(encoder, Example(1042, Minute20261126T0001));
        var second = Encode(encoder, Example(1043, Minute20261126T0001 + 1));
        var mac1 = VerifyMac(first, key, []);
        VerifyMac(second, key, mac1);
        // A gap restarts the chain: the previous mac is empty.
        var afterGap = Encode(encoder, Example(1050, Minute20261126T0001 + 8));
        VerifyMac(afterGap, key, []);
    }

    /// <summary>Independent check as the cloud does it: strip the mac member, HMAC(prev mac ‖ bytes).</summary>
    internal static byte[] VerifyMac(string json, byte[] key, byte[] previousMac)
    {
        using var doc = JsonDocument.Parse(json);
        var mac = doc.RootElement.GetProperty("mac").GetString()!;
        var canonical = json.Replace(",\"mac\":\"" + mac + "\"", string.Empty, StringComparison.Ordinal);
        var expected = HMACSHA256.HashData(key, previousMac.Concat(Encoding.UTF8.GetBytes(canonical)).ToArray());
        Assert.Equal(Convert.ToBase64String(expected), mac);
        return expected;
    }

    [Fact]
    public void Batch_form_wraps_records_and_each_parses()
    {
        var encoder = new TelemetryEncoder("gw-gs01-a", "GS-01", null, null);
        var records = new[] { Example(1, Minute20261126T0001), Example(2, Minute20261126T0001 + 1), Example(3, Minute20261126T0001 + 2) };
        var buffer = new byte[8192];
        int n = encoder.EncodeBatch(records, 3, buffer, 0, out int written);
        using var doc = JsonDocument.Parse(buffer.AsMemory(0, n));
        Assert.Equal(3, written);
        Assert.Equal(new[] { 1, 2, 3 }, doc.RootElement.GetProperty("batch").EnumerateArray().Select(e => e.GetProperty("seq").GetInt32()));
    }

    [Fact]
    public void A_batch_stops_at_the_buffer_size_and_says_how_many_it_wrote()
    {
        var encoder = new TelemetryEncoder("gw-gs01-a", "GS-01", null, null);
        var records = Enumerable.Range(1, 10).Select(i => Example((uint)i, Minute20261126T0001)).ToArray();
        var buffer = new byte[encoder.MaxRecordLength * 3];
        int n = encoder.EncodeBatch(records, 10, buffer, 0, out int written);
        Assert.InRange(written, 1, 9); // stops while a worst-case record (8 channels) still fits
        using var doc = JsonDocument.Parse(buffer.AsMemory(0, n));
        Assert.Equal(written, doc.RootElement.GetProperty("batch").GetArrayLength());
    }

    [Fact]
    public void The_contract_examples_are_what_the_encoder_produces()
    {
        var key = Convert.FromBase64String(ContractDeviceKey);
        var noValue = Example(1043, Minute20261126T0001 + 1);
        noValue.SetWithoutValue(4, 'D');
        var chained = new TelemetryEncoder("gw-gs01-a", "GS-01", new HmacSha256(), key);
        var plain = new TelemetryEncoder("gw-gs01-a", "GS-01", null, null);
        var batchBuffer = new byte[8192];
        int batchLength = plain.EncodeBatch([Example(1042, Minute20261126T0001), noValue], 2, batchBuffer, 0, out _);
        var expected = new Dictionary<string, string>
        {
            ["single.json"] = Encode(plain, Example(1042, Minute20261126T0001)),
            ["no-value-channel.json"] = Encode(plain, noValue),
            ["batch.json"] = Encoding.UTF8.GetString(batchBuffer, 0, batchLength),
            ["mac-chain-1.json"] = Encode(chained, Example(1042, Minute20261126T0001)),
            ["mac-chain-2.json"] = Encode(chained, Example(1043, Minute20261126T0001 + 1)),
        };

        var folder = RepositoryFiles.PathOf("tests/contract/telemetry");
        if (Environment.GetEnvironmentVariable("EE_WRITE_CONTRACT") == "1")
        {
            Directory.CreateDirectory(folder);
            foreach (var (name, json) in expected)
            {
                File.WriteAllText(Path.Combine(folder, name), json + "\n");
            }
        }

        foreach (var (name, json) in expected)
        {
            Assert.Equal(json, File.ReadAllText(Path.Combine(folder, name)).TrimEnd('\n'));
        }

        var mac1 = VerifyMac(expected["mac-chain-1.json"], key, []);
        VerifyMac(expected["mac-chain-2.json"], key, mac1);
    }
}

public sealed class TelemetryUplinkTests
{
    private sealed class FakePublisher : IMqttPublisher
    {
        private ushort _next = 1;
        public bool IsConnected { get; set; } = true;
        public List<(ushort Id, string Topic, string Json)> Published { get; } = [];
        public event PublishAcknowledgedHandler? PublishAcknowledged;

        public ushort Publish(string topic, byte[] payload, int offset, int count)
        {
            var id = _next++;
            Published.Add((id, topic, Encoding.UTF8.GetString(payload, offset, count)));
            return id;
        }

        public void Ack(ushort id) => PublishAcknowledged?.Invoke(id);
    }

    [Fact]
    public void Replays_oldest_first_in_batches_and_trims_only_on_puback()
    {
        var storage = new MemoryStorage(JournalLayout.HeaderSize + (100 * JournalLayout.RecordSize));
        var journal = new MinuteJournal(storage);
        for (uint m = 1; m <= 5; m++)
        {
            var r = new MinuteRecord { Minute = 10_000_000 + m };
            r.Set(0, m, m, m, 12, 'N');
            journal.Append(r);
        }

        var key = Convert.FromBase64String(TelemetryEncoderTests.ContractDeviceKey);
        var publisher = new FakePublisher();
        var uplink = new TelemetryUplink(journal, new TelemetryEncoder("gw", "U1", new HmacSha256(), key), publisher, "devices/gw/messages/events/", "0.9.1", 2, 16384);
        Assert.Equal(2, uplink.Pump());
        Assert.Equal("devices/gw/messages/events/fw=0.9.1&backlog=3", publisher.Published[0].Topic); // 5 pending, 2 in this message
        Assert.Equal(0, uplink.Pump()); // one message in flight at a time
        Assert.Equal(0u, journal.AcknowledgedSequence);
        publisher.Ack(publisher.Published[0].Id);
        Assert.Equal(2u, journal.AcknowledgedSequence);

        Assert.Equal(2, uplink.Pump()); // records 3, 4
        uplink.ConnectionLost();        // no PUBACK: resend after reconnect
        Assert.Equal(2, uplink.Pump());
        Assert.Equal(publisher.Published[1].Json, publisher.Published[2].Json); // same bytes, same macs
        Assert.EndsWith("&backlog=1", publisher.Published[2].Topic, StringComparison.Ordinal);
        publisher.Ack(publisher.Published[2].Id);
        Assert.Equal(1, uplink.Pump());
        Assert.EndsWith("&backlog=0", publisher.Published[3].Topic, StringComparison.Ordinal);
        publisher.Ack(publisher.Published[3].Id);
        Assert.Equal(5u, journal.AcknowledgedSequence);

        // Every mac chains to the previous record's mac across the messages.
        byte[] previous = [];
        foreach (var json in new[] { 0, 2, 3 }.Select(i => publisher.Published[i].Json))
        {
            using var doc = JsonDocument.Parse(json);
            foreach (var record in doc.RootElement.TryGetProperty("batch", out var batch) ? batch.EnumerateArray().Select(e => e.GetRawText()).ToArray() : [json])
            {
                previous = TelemetryEncoderTests.VerifyMac(record, key, previous);
            }
        }

        // The chain state survives a restart through the journal header.
        var reopened = new MinuteJournal(storage);
        var mac = new byte[32];
        reopened.CopyChainMac(mac, 0);
        Assert.Equal(5u, reopened.ChainSequence);
        Assert.Equal(previous, mac);
    }
}
