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
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }
}
