using System.Globalization;
using Microsoft.Data.Sqlite;
using EmissionEdge.Soak;
using Xunit.Abstractions;

namespace EmissionEdge.Soak.Tests;

public sealed class ReducedSoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Five_gateways_survive_a_server_sigkill_a_broker_restart_and_connection_cuts_with_every_record_hour_and_alert_exactly_once()
    {
        var work = Path.Combine(Path.GetTempPath(), "emissionedge-soak-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var report = await SoakRun.RunAsync(new SoakOptions
            {
                Gateways = 5,
                Hours = 3,
                TimeScale = 90,
                Seed = 8,
                WorkDirectory = work,
                Server = ServerLauncher.DotnetDll(AppContext.BaseDirectory),
                KillsPerDay = 16,
                BrokerRestartsPerDay = 8,
                CutsPerGatewayPerDay = 16,
                Progress = output.WriteLine,
            }, CancellationToken.None);
            output.WriteLine(report.ToText());

            Assert.Contains(report.Faults, f => f.Kind == "server-kill");
            Assert.Contains(report.Faults, f => f.Kind == "broker-restart");
            Assert.Contains(report.Faults, f => f.Kind == "connection-cut");
            Assert.True(report.Passed, string.Join("\n", report.Violations));

            // 5 gateways × 3 h × 60 minutes, each stored once, unchanged.
            Assert.InRange(report.RecordsGenerated, 5 * 180, 5 * 181);
            Assert.Equal(report.RecordsGenerated, report.RecordsStored);
            Assert.Equal(report.RecordsGenerated, report.RecordsIdentical);
            Assert.True(report.HoursCompared >= 5 * 3, $"{report.HoursCompared} hours compared");

            // SK-01 exceeds SO2 from 1:00: at least one exceedance alert reached the regulator, signed, once per version.
            Assert.True(report.HoursExceeding >= 2, $"{report.HoursExceeding} hours exceeding");
            Assert.True(report.AlertsByKind.GetValueOrDefault("exceedance") >= 1, "no exceedance alert");
            Assert.Equal(report.AlertVersions, report.OutboxEntries);
            Assert.Equal(report.OutboxEntries, report.WebhookDistinct);

            await TheVerifierNamesDamageDoneAfterwardsAsync(report.Evidence!);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }
    /// <summary>
    /// The verifier must not be a check that cannot fail: the passing run's evidence is damaged the ways a faulty
    /// server could (a record lost, a record's readings replaced, an hour result replaced, an alert version queued twice,
    /// a POST the regulator never got) and each damage must be named.
    /// </summary>
    private static async Task TheVerifierNamesDamageDoneAfterwardsAsync(SoakEvidence evidence)
    {
        string lost, changed, hour;
        string doubled;
        await using (var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = evidence.DatabasePath, Pooling = false }.ToString()))
        {
            await db.OpenAsync();
            async Task<string> ScalarAsync(string sql) => Convert.ToString(await Command(db, sql).ExecuteScalarAsync(), CultureInfo.InvariantCulture)!;
            async Task ExecuteAsync(string sql) => Assert.Equal(1, await Command(db, sql).ExecuteNonQueryAsync());

            // Lost: the 10th record of the first gateway. Changed: its 20th takes the readings of its 80th.
            var device = await ScalarAsync("SELECT device FROM minutes ORDER BY device LIMIT 1");
            lost = $"{device} seq 10 ";
            changed = $"{device} seq 20 ";
            await ExecuteAsync($"DELETE FROM minutes WHERE device = '{device}' AND seq = 10");
            await ExecuteAsync($"UPDATE minutes SET readings = (SELECT readings FROM minutes WHERE device = '{device}' AND seq = 80) WHERE device = '{device}' AND seq = 20");

            // An hour result replaced by the next hour's of the same unit.
            var unit = await ScalarAsync("SELECT unit FROM hours ORDER BY unit, hour_start LIMIT 1");
            var first = long.Parse(await ScalarAsync($"SELECT hour_start FROM hours WHERE unit = '{unit}' ORDER BY hour_start LIMIT 1 OFFSET 1"), CultureInfo.InvariantCulture);
            await ExecuteAsync($"UPDATE hours SET payload = (SELECT payload FROM hours WHERE unit = '{unit}' AND hour_start > {first} ORDER BY hour_start LIMIT 1) WHERE unit = '{unit}' AND hour_start = {first}");
            hour = $"{unit} hour ";

            // An alert version queued for the webhook twice.
            doubled = await ScalarAsync("SELECT alert_id || ' version ' || version FROM outbox WHERE destination LIKE 'webhook%' ORDER BY alert_id, version LIMIT 1");
            await ExecuteAsync("INSERT INTO outbox (id, alert_id, version, unit, destination, payload, attempts, next_attempt, delivered, last_error) " +
                "SELECT id || '-again', alert_id, version, unit, destination, payload, attempts, next_attempt, delivered, last_error FROM outbox " +
                $"WHERE destination LIKE 'webhook%' AND alert_id || ' version ' || version = '{doubled}'");
        }

        // A POST the regulator never received: the last one is taken out of what the receiver got.
        var deliveries = evidence.Deliveries.ToList();
        var missing = deliveries[^1];
        deliveries.RemoveAll(d => d.AlertId == missing.AlertId && d.Version == missing.Version);

        var again = new SoakReport();
        await SoakVerifier.VerifyAsync(evidence.DatabasePath, evidence.Profiles, evidence.Journals, deliveries, evidence.End, again, CancellationToken.None);

        var text = string.Join("\n", again.Violations);
        Assert.Contains(again.Violations, v => v.StartsWith(lost, StringComparison.Ordinal) && v.EndsWith("generated, not stored", StringComparison.Ordinal));
        Assert.Contains(again.Violations, v => v.StartsWith(changed, StringComparison.Ordinal) && v.EndsWith("stored content differs from the generated record", StringComparison.Ordinal));
        Assert.Contains(again.Violations, v => v.StartsWith(hour, StringComparison.Ordinal) && v.EndsWith("stored result differs from evaluate over the stored minutes", StringComparison.Ordinal));
        Assert.Contains(again.Violations, v => v == $"alert {doubled}: 2 webhook outbox entries, not 1");
        Assert.Contains(again.Violations, v => v == $"alert {missing.AlertId} version {missing.Version}: in the outbox, never received by the webhook");
        Assert.False(again.Passed, text);
    }

    private static SqliteCommand Command(SqliteConnection db, string sql)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
