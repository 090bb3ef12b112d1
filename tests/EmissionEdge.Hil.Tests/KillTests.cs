using System.Net;
using EmissionEdge.Emulator;
using EmissionEdge.Emulator.Scenarios;
using EmissionEdge.Emulator.Serving;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Journal;
using EmissionEdge.Gateway.Host;
using EmissionEdge.Gateway.Host.Storage;
using EmissionEdge.Hil.Tests.Rig;

namespace EmissionEdge.Hil.Tests;

/// <summary>The gateway process is killed in the middle of a journal write and started again.</summary>
public sealed class KillTests
{
    [SkippableFact]
    public async Task A_gateway_process_killed_mid_write_loses_nothing_before_the_torn_record()
    {
        var settings = RigSettings.FromEnvironment();
        Skip.If(settings.OnBoard, "on a board this is the power-cut check of hardware/hil/README.md, run by hand: the relay protocol is not automated");

        var config = GatewayConfigFile.Load(HilRig.RigConfigPath);
        var gas = config.Analyzers[0];
        var folder = Directory.CreateTempSubdirectory("ee-kill-").FullName;
        try
        {
            var keyFile = Path.Combine(folder, "device.key");
            await File.WriteAllTextAsync(keyFile, HilRig.PcDeviceKey);
            var journalPath = Path.Combine(folder, "journal.bin");
            using var stop = new CancellationTokenSource();
            var scenario = ScenarioReader.Load(HilRig.RepositoryFile("hardware/hil/scenarios/steady.json"));
            var serving = new List<Task>();
            var owned = new List<IDisposable>();
            await using var broker = new TestBroker(config.IotHubHost, HilRig.PcDeviceKey, IPAddress.Loopback);

            // Each run gets a fresh pty pair: System.IO.Ports opens a tty exclusively (TIOCEXCL), and a pseudo-terminal
            // whose holder was killed keeps that flag while socat holds its master side (a USB adapter is released).
            string[] Arguments(string start)
            {
                var pty = SocatPtyPair.Start();
                var analyzer = new SerialRtuServer(pty.First, gas.Serial, new EmulatedBus([new AnalyzerEmulator(gas.Map, scenario, gas.UnitId)]));
                owned.Add(analyzer);
                owned.Add(pty);
                serving.Add(analyzer.RunAsync(stop.Token));
                return
                [
                    "--config", HilRig.RigConfigPath, "--device-key-file", keyFile, "--journal", journalPath, "--serial", pty.Second,
                    "--broker", $"127.0.0.1:{broker.Port}", "--plain", "--time-scale", "30", "--start", start,
                ];
            }

            // 1. Broker down: minutes pile up in the journal. Kill the process while it writes the fourth record.
            using (var first = GatewayProcess.Start([.. Arguments("2026-03-15T00:59:58Z"), "--journal-torn-write-pause", "4000"]))
            {
                await first.WaitForLinesAsync("paused half done", 4, TimeSpan.FromSeconds(90));
                first.Kill();
            }

            // 2. The journal as the restarted gateway finds it: records 1–3 intact, record 4 torn (first half written, CRC
            //    missing), so the journal ends at 3 and the torn record's number is used again: it was never sent.
            using (var storage = new FileJournalStorage(journalPath, config.JournalSizeBytes))
            {
                var slot = new byte[JournalLayout.RecordSize];
                storage.Read(JournalLayout.HeaderSize + (4 * JournalLayout.RecordSize), slot, 0, slot.Length);
                Assert.Equal(0xE1, slot[0]); // format byte of the first half
                Assert.All(slot[^4..], b => Assert.Equal(0, b)); // no CRC: the second half never came
                var journal = new MinuteJournal(storage);
                Assert.Equal(4u, journal.NextSequence);
                var record = new MinuteRecord();
                for (uint seq = 1; seq <= 3; seq++)
                {
                    Assert.True(journal.TryRead(seq, record), $"record {seq} lost");
                }

                Assert.False(journal.TryRead(4, record));
            }

            // 3. Restart with the broker up: the three records and the new minutes arrive, sequence numbers without a gap.
            await broker.StartAsync();
            using (var second = GatewayProcess.Start(Arguments("2026-03-15T01:09:58Z")))
            {
                await second.WaitForLinesAsync("next seq 4", 1, TimeSpan.FromSeconds(30));
                await broker.WaitForMinutesAsync(config.DeviceId, new DateTime(2026, 3, 15, 1, 11, 0, DateTimeKind.Utc), TimeSpan.FromSeconds(90));
            }

            var records = broker.Deduplicated();
            Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.Seq));
            Assert.Equal(new DateTime(2026, 3, 15, 1, 0, 0, DateTimeKind.Utc), records[0].MinuteUtc);
            // Minutes of the first run in order (each paused write stalls sampling for 2 simulated minutes, so some are skipped), then
            // seq 4 onwards from the restarted gateway.
            Assert.True(records[0].MinuteUtc < records[1].MinuteUtc && records[1].MinuteUtc < records[2].MinuteUtc);
            Assert.True(records[2].MinuteUtc < new DateTime(2026, 3, 15, 1, 9, 0, DateTimeKind.Utc));
            Assert.True(records[3].MinuteUtc >= new DateTime(2026, 3, 15, 1, 9, 0, DateTimeKind.Utc), "seq 4 is a minute of the restarted gateway");
            foreach (var r in records.Take(3))
            {
                // The emulator's values, intact; a minute cut short by a stall has fewer than 12 samples and says so with B.
                Assert.Equal(18.62, r["SO2"].Avg!.Value, 5);
                Assert.Equal(r["SO2"].N >= 12 ? 'N' : 'B', r["SO2"].Flag);
            }

            stop.Cancel();
            owned.ForEach(o => o.Dispose());
            await Task.WhenAll(serving).WaitAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
