using EmissionEdge.Compliance.Model;
using EmissionEdge.Ingest.Integrity;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Ingest.Tests.Support;
using Microsoft.Data.Sqlite;
using TelemetryJson = EmissionEdge.Ingest.Tests.Support.Telemetry;

namespace EmissionEdge.Ingest.Tests.Integrity;

/// <summary>
/// Security proof "tamper with one stored minute and show the chain check finds it": a signed chain goes through the real
/// pipeline into SQLite, one stored minute is changed directly in the database file, and the audit over what is stored
/// names exactly that device and seq.
/// </summary>
public sealed class StoredChainAuditorTests : IDisposable
{
    private readonly PipelineHarness _h = new(gs01SignsRecords: true);

    public void Dispose() => _h.Dispose();

    private static byte[] Example(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "contract", "telemetry", name)).AsSpan().TrimEnd("\n"u8).ToArray();

    private Task<ChainAuditReport> AuditAsync() =>
        new StoredChainAuditor(_h.Store).AuditAsync([_h.Registry.Find("gw-gs01-a")!, _h.Registry.Find("gw-gs02-a")!], DateTime.MinValue, DateTime.MaxValue, CancellationToken.None);

    /// <summary>Six signed records of gw-gs02-a (seq 1..6), sent as two batches of three, the way a catching-up gateway does.</summary>
    private async Task IngestSignedChainAsync()
    {
        var previous = Array.Empty<byte>();
        var records = new List<string>();
        for (var seq = 1; seq <= 6; seq++)
        {
            var (json, mac) = TelemetryJson.Signed(TelemetryJson.Record("gw-gs02-a", "GS-02", seq, TelemetryJson.Hour.AddMinutes(seq), so2: 20 + seq), PipelineHarness.SignedKey, previous);
            records.Add(json);
            previous = mac;
        }

        Assert.Equal(3, (await _h.IngestAsync("gw-gs02-a", TelemetryJson.Batch(records.Take(3)))).Accepted);
        Assert.Equal(3, (await _h.IngestAsync("gw-gs02-a", TelemetryJson.Batch(records.Skip(3)))).Accepted);
    }

    /// <summary>Runs one statement against the database file, as someone with access to the disk would.</summary>
    private void Tamper(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={_h.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        Assert.Equal(1, command.ExecuteNonQuery());
    }

    /// <summary>The stored minute seq 3 of gw-gs02-a with its SO2 average changed from 23 to 9 mg/m3.</summary>
    private async Task<byte[]> TamperedReadingsOfSeq3Async()
    {
        var stored = (await _h.Store.GetMinuteAsync("gw-gs02-a", 3, CancellationToken.None))!;
        Assert.Equal(23, stored.Record[Channel.SO2].Average);
        var changed = new MinuteRecord(stored.Record.Unit, stored.Record.MinuteUtc);
        foreach (var channel in Channels.All.Where(stored.Record.Has))
        {
            changed[channel] = stored.Record[channel];
        }

        var so2 = stored.Record[Channel.SO2];
        changed[Channel.SO2] = new ChannelReading(9, so2.Minimum, so2.Maximum, so2.Samples, so2.Flag);
        return MinuteRecordCodec.EncodeReadings(changed);
    }

    [Fact]
    public async Task An_untampered_store_audits_clean()
    {
        await _h.Pipeline.IngestAsync("gw-gs01-a", Example("mac-chain-1.json"), _h.Time.GetUtcNow(), CancellationToken.None);
        await _h.Pipeline.IngestAsync("gw-gs01-a", Example("mac-chain-2.json"), _h.Time.GetUtcNow(), CancellationToken.None);
        await IngestSignedChainAsync();

        var report = await AuditAsync();

        Assert.Empty(report.Findings);
        Assert.Equal((2, 8), (report.Devices, report.RecordsChecked));
    }

    [Fact]
    public async Task Changing_one_stored_value_is_found_at_exactly_that_device_and_seq()
    {
        await IngestSignedChainAsync();

        Tamper("UPDATE minutes SET readings = $r WHERE device = 'gw-gs02-a' AND seq = 3", ("$r", await TamperedReadingsOfSeq3Async()));

        var finding = Assert.Single((await AuditAsync()).Findings);
        Assert.Equal(("gw-gs02-a", 3L, TelemetryJson.Hour.AddMinutes(3), ChainBreak.ContentChanged), (finding.Device, finding.Seq, finding.MinuteUtc, finding.Break));
        Assert.StartsWith("SO2: stored 9 ", finding.Detail, StringComparison.Ordinal);
        Assert.Contains("signed 23 ", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_signed_bytes_as_well_breaks_the_mac_of_exactly_that_record()
    {
        await IngestSignedChainAsync();

        // A careful tamperer changes the readings and the kept record bytes alike, so they agree; the mac cannot be redone without the key.
        var canonical = (await _h.Store.GetMinuteAsync("gw-gs02-a", 3, CancellationToken.None))!.Canonical!;
        var forged = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(canonical).Replace("\"SO2\":{\"avg\":23,", "\"SO2\":{\"avg\":9,", StringComparison.Ordinal));
        Assert.NotEqual(canonical, forged);
        Tamper("UPDATE minutes SET readings = $r, canonical = $c WHERE device = 'gw-gs02-a' AND seq = 3", ("$r", await TamperedReadingsOfSeq3Async()), ("$c", forged));

        var finding = Assert.Single((await AuditAsync()).Findings);
        Assert.Equal(("gw-gs02-a", 3L, ChainBreak.MacMismatch), (finding.Device, finding.Seq, finding.Break));
    }

    [Fact]
    public async Task Replacing_the_mac_too_breaks_the_next_link()
    {
        await IngestSignedChainAsync();

        Tamper("UPDATE minutes SET mac = $m WHERE device = 'gw-gs02-a' AND seq = 3", ("$m", new byte[32]));

        var findings = (await AuditAsync()).Findings;
        Assert.Equal([(3L, ChainBreak.MacMismatch), (4L, ChainBreak.MacMismatch)], findings.Select(f => (f.Seq, f.Break)));
    }

    [Fact]
    public async Task A_deleted_minute_is_a_missing_seq_at_its_successor()
    {
        await IngestSignedChainAsync();

        Tamper("DELETE FROM minutes WHERE device = 'gw-gs02-a' AND seq = 4");

        var finding = Assert.Single((await AuditAsync()).Findings);
        Assert.Equal(("gw-gs02-a", 5L, ChainBreak.MissingSeq, "seq 4 is not stored"), (finding.Device, finding.Seq, finding.Break, finding.Detail));
    }

    [Fact]
    public async Task A_range_starting_mid_chain_checks_its_first_link_against_the_stored_predecessor()
    {
        await IngestSignedChainAsync();
        Tamper("UPDATE minutes SET mac = $m WHERE device = 'gw-gs02-a' AND seq = 3", ("$m", new byte[32]));

        // Only seq 4..6 lie in the range; seq 4's link still comes from seq 3's (tampered) stored mac.
        var report = await new StoredChainAuditor(_h.Store).AuditAsync([_h.Registry.Find("gw-gs02-a")!], TelemetryJson.Hour.AddMinutes(4), TelemetryJson.Hour.AddHours(1), CancellationToken.None);

        Assert.Equal(3, report.RecordsChecked);
        Assert.Equal((4L, ChainBreak.MacMismatch), Assert.Single(report.Findings) is var f ? (f.Seq, f.Break) : default);
    }
}
