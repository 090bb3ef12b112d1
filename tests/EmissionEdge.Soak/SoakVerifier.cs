using EmissionEdge.Compliance;
using EmissionEdge.Compliance.Evaluation;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Gateway.Core.Journal;
using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Core.Telemetry;
using EmissionEdge.Gateway.Host.Storage;
using EmissionEdge.Ingest.Evaluation;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Ingest.Storage.Sqlite;
using EmissionEdge.Ingest.Telemetry;
using Microsoft.Data.Sqlite;
using CoreMinuteRecord = EmissionEdge.Gateway.Core.Acquisition.MinuteRecord;

namespace EmissionEdge.Soak;

/// <summary>A gateway as the verifier sees it: its identity and key, and its journal file.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="JournalPath">The journal file (read after the gateway stopped).</param>
/// <param name="JournalSizeBytes">Its size.</param>
public sealed record JournalSource(SoakUnit Unit, string JournalPath, int JournalSizeBytes);

/// <summary>
/// Checks a stopped server's store against what the gateways generated, after the run:
/// <list type="bullet">
/// <item><b>Records.</b> Every sequence number 1…last a gateway journaled is read back from its journal (1 MiB holds 7
/// days, so nothing is overwritten in a soak) and encoded as the gateway sends it, mac chain included; the stored
/// minute of that (device, seq) must exist once and have the same unit, minute, readings and mac.</item>
/// <item><b>Hours.</b> Each unit's stored minutes go through <see cref="ComplianceEvaluator"/> (what <c>evaluate</c>
/// runs); every hour it yields must be stored with the identical result (same JSON), and every hour that ended before
/// the run's end must be closed.</item>
/// <item><b>Alerts.</b> Every stored alert version has exactly one webhook outbox entry, delivered; the receiver got each
/// (alert id, version) with a valid signature and the outbox payload as body; nothing else.</item>
/// </list>
/// </summary>
public static class SoakVerifier
{
    /// <summary>Runs every check and adds counts and violations to <paramref name="report"/>.</summary>
    /// <param name="databasePath">The server's SQLite database (server stopped).</param>
    /// <param name="profiles">The units' profiles as the server read them.</param>
    /// <param name="journals">The gateways' journals.</param>
    /// <param name="deliveries">What the webhook receiver accepted.</param>
    /// <param name="end">The simulated end of generation: hours ending by then must be closed.</param>
    /// <param name="report">Where counts and violations go.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>A task.</returns>
    public static async Task VerifyAsync(string databasePath, IReadOnlyList<UnitProfile> profiles, IReadOnlyList<JournalSource> journals,
        IReadOnlyCollection<WebhookDelivery> deliveries, DateTimeOffset end, SoakReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(journals);
        ArgumentNullException.ThrowIfNull(report);
        var store = new SqliteIngestStore(databasePath);
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var from = DateTime.UnixEpoch;
        var to = end.UtcDateTime.AddDays(2);
        foreach (var source in journals)
        {
            var stored = await store.GetMinutesAsync(source.Unit.Unit, from, to, cancellationToken).ConfigureAwait(false);
            CheckRecords(source, stored, report);
            var profile = profiles.Single(p => p.Id == source.Unit.Unit);
            await CheckHoursAsync(store, profile, stored, end.UtcDateTime, report, cancellationToken).ConfigureAwait(false);
        }

        CheckAlerts(databasePath, deliveries, report);
    }

    /// <summary>The records a gateway generated, as it sends them: read from its journal and encoded with its mac chain.</summary>
    /// <param name="source">The gateway's journal.</param>
    /// <param name="unreadable">Sequence numbers that could not be read back.</param>
    /// <returns>Decoded records by sequence number, 1…last journaled.</returns>
    public static IReadOnlyDictionary<long, TelemetryRecord> GeneratedRecords(JournalSource source, out IReadOnlyList<long> unreadable)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var storage = new FileJournalStorage(source.JournalPath, source.JournalSizeBytes, flushToDisk: false);
        var journal = new MinuteJournal(storage);
        var encoder = new TelemetryEncoder(source.Unit.Gateway, source.Unit.Unit, new HmacSha256(), Convert.FromBase64String(source.Unit.Key));
        var buffer = new byte[encoder.MaxRecordLength + 64];
        var record = new CoreMinuteRecord();
        var generated = new Dictionary<long, TelemetryRecord>();
        var missing = new List<long>();
        for (uint seq = 1; seq < journal.NextSequence; seq++)
        {
            if (!journal.TryRead(seq, record))
            {
                missing.Add(seq);
                continue;
            }

            var length = encoder.EncodeSingle(record, buffer, 0);
            generated[seq] = TelemetryDecoder.DecodeRecord(buffer.AsSpan(0, length).ToArray());
        }

        unreadable = missing;
        return generated;
    }

    private static void CheckRecords(JournalSource source, IReadOnlyList<StoredMinute> stored, SoakReport report)
    {
        var device = source.Unit.Gateway;
        var generated = GeneratedRecords(source, out var unreadable);
        report.RecordsGenerated += generated.Count + unreadable.Count;
        report.RecordsUnreadableInJournal += unreadable.Count;
        foreach (var seq in unreadable)
        {
            report.Violation($"{device} seq {seq}: generated but no longer readable from the journal, content not compared");
        }

        var mine = stored.Where(m => m.Device == device).ToList();
        report.RecordsStored += mine.Count;
        foreach (var minute in mine)
        {
            var key = minute.Integrity.ToString();
            report.Integrity[key] = report.Integrity.GetValueOrDefault(key) + 1;
            if (minute.Integrity == MacStatus.Broken)
            {
                report.Violation($"{device} seq {minute.Seq}: mac chain marked broken in the store");
            }
        }

        var bySeq = mine.GroupBy(m => m.Seq).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (seq, copies) in bySeq)
        {
            if (copies.Count > 1)
            {
                report.RecordsDuplicated += copies.Count - 1;
                report.Violation($"{device} seq {seq}: stored {copies.Count} times");
            }

            if (!generated.ContainsKey(seq) && !unreadable.Contains(seq))
            {
                report.RecordsUnexpected++;
                report.Violation($"{device} seq {seq}: stored but never generated");
            }
        }

        foreach (var (seq, record) in generated.OrderBy(p => p.Key))
        {
            if (!bySeq.TryGetValue(seq, out var copies))
            {
                report.RecordsMissing++;
                report.Violation($"{device} seq {seq} ({record.MinuteUtc:yyyy-MM-ddTHH:mm}Z): generated, not stored");
                continue;
            }

            var minute = copies[0];
            var same = minute.Record.Unit == record.Unit && minute.Record.MinuteUtc == record.MinuteUtc &&
                minute.Readings.AsSpan().SequenceEqual(MinuteRecordCodec.EncodeReadings(record.Minute)) &&
                (minute.Mac ?? []).AsSpan().SequenceEqual(record.Mac ?? []);
            if (same)
            {
                report.RecordsIdentical++;
            }
            else
            {
                report.RecordsDiffering++;
                report.Violation($"{device} seq {seq} ({record.MinuteUtc:yyyy-MM-ddTHH:mm}Z): stored content differs from the generated record");
            }
        }
    }

    private static async Task CheckHoursAsync(SqliteIngestStore store, UnitProfile profile, IReadOnlyList<StoredMinute> stored, DateTime endUtc, SoakReport report, CancellationToken cancellationToken)
    {
        var codec = new HourResultCodec();
        var records = stored.Select(m => m.Record).ToList();
        var evaluated = ComplianceEvaluator.Evaluate([profile], records).Hours.ToDictionary(h => h.HourStartUtc);
        var storedHours = await store.GetHoursAsync(profile.Id, DateTime.UnixEpoch, endUtc.AddDays(2), cancellationToken).ConfigureAwait(false);
        foreach (var hour in storedHours)
        {
            var expected = evaluated.TryGetValue(hour.HourStartUtc, out var result)
                ? result
                : HourAggregator.Aggregate(profile, hour.HourStartUtc, [], ComplianceOptions.Default);
            report.HoursCompared++;
            if (expected.Dust.Exceeds || expected.SO2.Exceeds || expected.NOx.Exceeds)
            {
                report.HoursExceeding++;
            }

            if (!string.Equals(codec.Encode(expected), hour.Payload, StringComparison.Ordinal))
            {
                report.HoursMismatched++;
                report.Violation($"{profile.Id} hour {hour.HourStartUtc:yyyy-MM-ddTHH:mm}Z: stored result differs from evaluate over the stored minutes");
            }

            if (!hour.Closed && hour.HourStartUtc.AddHours(1) <= endUtc)
            {
                report.HoursNotClosed++;
                report.Violation($"{profile.Id} hour {hour.HourStartUtc:yyyy-MM-ddTHH:mm}Z: ended before the run's end and is not closed");
            }
        }

        var storedStarts = storedHours.Select(h => h.HourStartUtc).ToHashSet();
        foreach (var start in evaluated.Keys.Where(s => !storedStarts.Contains(s)).Order())
        {
            report.HoursMissing++;
            report.Violation($"{profile.Id} hour {start:yyyy-MM-ddTHH:mm}Z: minutes stored, no hour result");
        }
    }

    private static void CheckAlerts(string databasePath, IReadOnlyCollection<WebhookDelivery> deliveries, SoakReport report)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var versions = new List<(string Id, int Version)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT alert_id, kind, version FROM alerts";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var kind = reader.GetString(1);
                report.AlertsByKind[kind] = report.AlertsByKind.GetValueOrDefault(kind) + 1;
                for (var v = 1; v <= reader.GetInt32(2); v++)
                {
                    versions.Add((reader.GetString(0), v));
                }
            }
        }

        report.AlertVersions = versions.Count;
        var outbox = new Dictionary<(string Id, int Version), List<(string Payload, bool Delivered)>>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT alert_id, version, payload, delivered FROM outbox WHERE destination = $destination";
            command.Parameters.AddWithValue("$destination", "webhook:" + SoakPlant.Regulator);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetInt32(1));
                if (!outbox.TryGetValue(key, out var list))
                {
                    outbox[key] = list = [];
                }

                list.Add((reader.GetString(2), !reader.IsDBNull(3)));
                report.OutboxEntries++;
            }
        }

        foreach (var key in versions)
        {
            var count = outbox.TryGetValue(key, out var entries) ? entries.Count : 0;
            if (count != 1)
            {
                report.OutboxMissingOrDuplicated++;
                report.Violation($"alert {key.Id} version {key.Version}: {count} webhook outbox entries, not 1");
            }
        }

        foreach (var (key, entries) in outbox)
        {
            if (entries.Any(e => !e.Delivered))
            {
                report.OutboxUndelivered++;
                report.Violation($"alert {key.Id} version {key.Version}: webhook delivery not marked delivered");
            }
        }

        report.WebhookPostsAccepted = deliveries.Count;
        var received = new Dictionary<(string Id, int Version), List<WebhookDelivery>>();
        foreach (var delivery in deliveries)
        {
            if (!delivery.SignatureValid)
            {
                report.WebhookBadSignatures++;
                report.Violation($"alert {delivery.AlertId} version {delivery.Version}: POST with a signature that does not verify");
                continue;
            }

            var key = (delivery.AlertId, delivery.Version);
            if (!received.TryGetValue(key, out var list))
            {
                received[key] = list = [];
            }

            list.Add(delivery);
        }

        report.WebhookDistinct = received.Count;
        report.WebhookRedeliveries = received.Values.Sum(l => l.Count - 1);
        foreach (var key in outbox.Keys.Where(k => !received.ContainsKey(k)))
        {
            report.WebhookMissing++;
            report.Violation($"alert {key.Id} version {key.Version}: in the outbox, never received by the webhook");
        }

        foreach (var (key, posts) in received)
        {
            if (!outbox.TryGetValue(key, out var entries) || posts.Any(p => entries.All(e => !string.Equals(e.Payload, p.Body, StringComparison.Ordinal))))
            {
                report.WebhookUnexpected++;
                report.Violation($"alert {key.Id} version {key.Version}: received a body that is not the outbox payload of this version");
            }
        }
    }
}
