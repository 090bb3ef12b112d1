using System.Diagnostics;
using System.Globalization;
using System.Net;
using EmissionEdge.Emulator;
using EmissionEdge.Emulator.Inputs;
using EmissionEdge.Emulator.Serving;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Host;
using EmissionEdge.Gateway.Host.Mqtt;
using EmissionEdge.Gateway.Host.Time;
using EmissionEdge.Gateway.Host.Transports;
using EmissionEdge.Server.Configuration;
using Microsoft.Data.Sqlite;

namespace EmissionEdge.Soak;

/// <summary>
/// Runs a soak: the server as a separate process on the run's simulated timeline, one analyzer emulator (RTU over TCP),
/// 4–20 mA loop and PC-hosted gateway per unit in this process, each gateway behind a <see cref="ConnectionCutProxy"/>,
/// and a <see cref="WebhookReceiver"/> as the regulator; injects the <see cref="FaultPlan"/>; lets every gateway deliver
/// its backlog, closes the hours, stops the server cleanly and verifies the store (<see cref="SoakVerifier"/>).
/// </summary>
/// <remarks>
/// Each gateway and its emulator run on a <see cref="LockstepTimeProvider"/> of their own that a driver releases to the
/// run's clock every 50 ms: a gateway never skips a sampling instant on a busy machine, it lags instead, and the lag is
/// measured and reported (<see cref="SoakOptions.BehindThreshold"/>). At the end every gateway clock is held at the
/// end time, so no minute is generated after it and the journals are final.
/// </remarks>
public static class SoakRun
{
    /// <summary>The simulated start of generation: 2026-11-02 00:00 China time (a Monday).</summary>
    public static readonly DateTimeOffset SimulatedStart = new(2026, 11, 2, 0, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Runs the soak and verifies it.</summary>
    /// <param name="options">The run.</param>
    /// <param name="cancellationToken">Aborts the run.</param>
    /// <returns>The report.</returns>
    public static async Task<SoakReport> RunAsync(SoakOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        var watch = Stopwatch.StartNew();
        var start = SimulatedStart.ToUniversalTime();
        var end = start + TimeSpan.FromHours(options.Hours);
        var report = new SoakReport
        {
            Gateways = options.Gateways,
            SimulatedStart = start,
            SimulatedEnd = end,
            TimeScale = options.TimeScale,
            Seed = options.Seed,
            SamplingIntervalSeconds = options.SamplingIntervalSeconds,
        };

        var work = Path.GetFullPath(options.WorkDirectory);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        var dataDirectory = Path.Combine(work, "server");
        var journals = Path.Combine(work, "journals");
        Directory.CreateDirectory(dataDirectory);
        Directory.CreateDirectory(journals);
        var serverLog = Path.Combine(work, "server.log");
        void Progress(string text) => options.Progress?.Invoke(text);

        await using var receiver = await WebhookReceiver.StartAsync(SoakPlant.WebhookSecret, options.Seed, options.WebhookRefusalRate, cancellationToken).ConfigureAwait(false);
        var units = SoakPlant.Units(options.Gateways, start, options.Seed);
        var configPath = Path.Combine(work, "plant.json");
        await File.WriteAllTextAsync(configPath, SoakPlant.PlantConfigJson(units, dataDirectory, receiver.Url), cancellationToken).ConfigureAwait(false);
        var plant = PlantConfigFile.Load(configPath, out var problems)
            ?? throw new InvalidOperationException("soak plant configuration: " + string.Join("; ", problems));

        // Ten simulated minutes of lead for starting the server and the gateways before the first minute.
        var timeline = new SoakTimeline(start - TimeSpan.FromMinutes(10), options.TimeScale);
        var server = new ServerHolder(options.Server, configPath, timeline, serverLog);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        Progress($"server started (pid {server.Current.Id}, broker port {server.Current.MqttPort}); simulated {start:yyyy-MM-ddTHH:mm}Z → {end:yyyy-MM-ddTHH:mm}Z at {options.TimeScale}×");

        using var stopGateways = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rigs = new List<GatewayRig>();
        var running = new List<Task>();
        try
        {
            foreach (var unit in units)
            {
                var rig = GatewayRig.Create(unit, options, start, server.Current, journals);
                rigs.Add(rig);
                running.Add(rig.Rtu.RunAsync(stopGateways.Token));
                running.Add(rig.Proxy.RunAsync(stopGateways.Token));
                running.Add(rig.Gateway.RunAsync(stopGateways.Token));
            }

            server.Restarted += s => rigs.ForEach(r => r.Proxy.SetUpstream(s.MqttPort));
            Progress($"{rigs.Count} gateways running");

            // Drive the gateways' clocks along the run's timeline; hold them at the end.
            // A gateway's lag counts once its clock has first caught up with the run's (it may start late on a busy machine).
            var maxLag = new TimeSpan[rigs.Count];
            var caughtUp = new bool[rigs.Count];
            var driver = Task.Run(async () =>
            {
                while (!stopGateways.IsCancellationRequested)
                {
                    var limit = timeline.Now < end ? timeline.Now : end;
                    for (var i = 0; i < rigs.Count; i++)
                    {
                        rigs[i].Clock.Release(limit);
                        var lag = limit - rigs[i].Clock.GetUtcNow();
                        caughtUp[i] |= lag < TimeSpan.FromSeconds(options.SamplingIntervalSeconds * 2);
                        if (caughtUp[i] && lag > maxLag[i])
                        {
                            maxLag[i] = lag;
                        }
                    }

                    if (limit >= end)
                    {
                        return;
                    }

                    await Task.Delay(50, stopGateways.Token).ConfigureAwait(false);
                }
            }, CancellationToken.None);

            var plan = FaultPlan.Create(options, start, end, options.LongestCut < TimeSpan.FromHours(options.Hours / 3) ? options.LongestCut : TimeSpan.FromHours(options.Hours / 3));
            var faults = new List<Task>
            {
                RunServerFaultsAsync(plan.Where(f => f.Kind != FaultKind.ConnectionCut).ToList(), server, timeline, report, Progress, cancellationToken),
            };
            faults.AddRange(plan.Where(f => f.Kind == FaultKind.ConnectionCut).Select(f => RunCutAsync(f, rigs[f.Gateway], timeline, report, Progress, cancellationToken)));
            var hourMark = start;
            while (timeline.Now < end)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                if (timeline.Now - hourMark >= TimeSpan.FromHours(1))
                {
                    hourMark += TimeSpan.FromHours(1);
                    Progress($"{hourMark:yyyy-MM-ddTHH:mm}Z: {rigs.Sum(r => r.Gateway.Loop.MinutesJournaled)} minutes journaled, {rigs.Sum(r => r.Gateway.Loop.PendingRecords)} pending, {rigs.Count(r => r.Gateway.Loop.IsConnected)} connected");
                }
            }

            await Task.WhenAll(faults).ConfigureAwait(false);
            await driver.ConfigureAwait(false);

            // Every gateway's clock must get to the end (the sample at the end closes the last minute).
            var catchUp = Stopwatch.StartNew();
            while (rigs.Any(r => r.Clock.GetUtcNow() < end) && catchUp.Elapsed < options.DrainTimeout)
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            Progress($"end of generation reached ({catchUp.Elapsed.TotalSeconds:0} s after the run's clock); delivering backlogs");
            var drain = Stopwatch.StartNew();
            while (rigs.Any(r => r.Gateway.Loop.PendingRecords > 0) && drain.Elapsed < options.DrainTimeout)
            {
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }

            foreach (var rig in rigs.Where(r => r.Gateway.Loop.PendingRecords > 0 || r.Clock.GetUtcNow() < end))
            {
                report.Violation($"{rig.Unit.Gateway}: {rig.Gateway.Loop.PendingRecords} records still pending, clock at {rig.Clock.GetUtcNow():yyyy-MM-ddTHH:mm:ss}Z after {options.DrainTimeout.TotalMinutes:0} min of draining ({rig.Gateway.Loop.LastError})");
            }

            Progress($"backlogs delivered in {drain.Elapsed.TotalSeconds:0} s; stopping gateways");
            await stopGateways.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
                // Stopped.
            }

            for (var i = 0; i < rigs.Count; i++)
            {
                var loop = rigs[i].Gateway.Loop;
                var figures = new GatewayFigures(rigs[i].Unit.Gateway, loop.MinutesJournaled, loop.SamplesTaken, loop.SamplesSkipped, loop.MinutesLost, maxLag[i], rigs[i].Proxy.Connections);
                report.GatewayFigures.Add(figures);
                if (figures.MaxLag > options.BehindThreshold || figures.SamplesSkipped > 0 || figures.MinutesLost > 0)
                {
                    report.GatewaysBehind.Add($"{figures.Gateway} (lag {figures.MaxLag.TotalMinutes:0.#} min, {figures.SamplesSkipped} samples skipped, {figures.MinutesLost} minutes lost)");
                }
            }
        }
        finally
        {
            await stopGateways.CancelAsync().ConfigureAwait(false);
            foreach (var rig in rigs)
            {
                rig.Dispose();
            }
        }

        // Let the server close the last hour (after its grace period) and deliver every alert, then stop it cleanly.
        await timeline.WaitUntilAsync(end + plant.Ingest.HourGracePeriod, cancellationToken).ConfigureAwait(false);
        var settle = Stopwatch.StartNew();
        while (await PendingServerWorkAsync(plant.DatabasePath, end, cancellationToken).ConfigureAwait(false) > 0 && settle.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
        }

        Progress($"hours closed and outbox delivered {(timeline.Now - end).TotalMinutes:0} simulated min after the end");

        var exit = await server.StopAsync().ConfigureAwait(false);
        if (exit != 0)
        {
            report.Violation($"the server did not stop cleanly at the end (exit code {(exit?.ToString(CultureInfo.InvariantCulture) ?? "none: killed after 60 s")})");
        }

        Progress("server stopped; verifying");
        var sources = units.Select(u => new JournalSource(u, GatewayRig.JournalPathOf(journals, u), GatewayRig.JournalSizeBytes)).ToList();
        report.WebhookPostsRefused = receiver.Refused;
        report.Evidence = new SoakEvidence(plant.DatabasePath, plant.Units, sources, receiver.Deliveries.ToList(), end);
        await SoakVerifier.VerifyAsync(plant.DatabasePath, plant.Units, sources, report.Evidence.Deliveries, end, report, cancellationToken).ConfigureAwait(false);
        report.RealDuration = watch.Elapsed;
        return report;
    }

    private static async Task RunServerFaultsAsync(IReadOnlyList<PlannedFault> faults, ServerHolder server, SoakTimeline timeline, SoakReport report, Action<string> progress, CancellationToken cancellationToken)
    {
        foreach (var fault in faults)
        {
            await timeline.WaitUntilAsync(fault.At, cancellationToken).ConfigureAwait(false);
            var at = timeline.Now;
            var pid = server.Current.Id;
            string note;
            if (fault.Kind == FaultKind.ServerKill)
            {
                server.Current.Kill();
                await timeline.WaitUntilAsync(at + fault.Duration, cancellationToken).ConfigureAwait(false);
                var restart = Stopwatch.StartNew();
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
                note = $"SIGKILL pid {pid}; restarted as pid {server.Current.Id} (broker port {server.Current.MqttPort}) in {restart.Elapsed.TotalSeconds:0.0} s real";
            }
            else
            {
                var restart = Stopwatch.StartNew();
                var exit = await server.StopAsync().ConfigureAwait(false);
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
                note = $"SIGTERM pid {pid} (exit {(exit?.ToString(CultureInfo.InvariantCulture) ?? "none, killed")}); restarted as pid {server.Current.Id} (broker port {server.Current.MqttPort}) in {restart.Elapsed.TotalSeconds:0.0} s real";
                if (exit != 0)
                {
                    report.Violation($"broker restart at {at:yyyy-MM-ddTHH:mm:ss}Z: the server did not stop cleanly (exit {exit?.ToString(CultureInfo.InvariantCulture) ?? "none"})");
                }
            }

            var injected = new InjectedFault(fault.Kind == FaultKind.ServerKill ? "server-kill" : "broker-restart", "server", at, timeline.Now - at, note);
            lock (report)
            {
                report.Faults.Add(injected);
            }

            progress($"{at:yyyy-MM-ddTHH:mm:ss}Z {injected.Kind}: {note}");
        }
    }

    private static async Task RunCutAsync(PlannedFault fault, GatewayRig rig, SoakTimeline timeline, SoakReport report, Action<string> progress, CancellationToken cancellationToken)
    {
        await timeline.WaitUntilAsync(fault.At, cancellationToken).ConfigureAwait(false);
        var at = timeline.Now;
        rig.Proxy.Cut();
        await timeline.WaitUntilAsync(at + fault.Duration, cancellationToken).ConfigureAwait(false);
        rig.Proxy.Restore();
        var injected = new InjectedFault("connection-cut", rig.Unit.Gateway, at, timeline.Now - at, $"{rig.Gateway.Loop.PendingRecords} records pending at the end of the cut");
        lock (report)
        {
            report.Faults.Add(injected);
            report.Faults.Sort((a, b) => a.SimulatedAt.CompareTo(b.SimulatedAt));
        }

        progress($"{at:yyyy-MM-ddTHH:mm:ss}Z connection-cut {rig.Unit.Gateway} for {injected.SimulatedDuration.TotalMinutes:0} min");
    }

    /// <summary>Undelivered outbox entries plus open hours that ended by <paramref name="end"/> (read while the server runs: WAL allows it).</summary>
    private static async Task<long> PendingServerWorkAsync(string databasePath, DateTimeOffset end, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM outbox WHERE delivered IS NULL) + (SELECT COUNT(*) FROM hours WHERE closed = 0 AND hour_start <= $last)";
        command.Parameters.AddWithValue("$last", end.UtcDateTime.AddHours(-1).Ticks);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The current server process, restarted on the same configuration and timeline.</summary>
    private sealed class ServerHolder(ServerLauncher launcher, string configPath, SoakTimeline timeline, string logPath)
    {
        public ServerProcess Current { get; private set; } = null!;

        public event Action<ServerProcess>? Restarted;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            Current?.Dispose();
            Current = await ServerProcess.StartAsync(launcher, configPath, timeline, logPath, TimeSpan.FromSeconds(90), cancellationToken).ConfigureAwait(false);
            Restarted?.Invoke(Current);
        }

        public Task<int?> StopAsync() => Current.StopAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>One unit's emulator, relay and gateway on their own lockstep clock.</summary>
    private sealed class GatewayRig : IDisposable
    {
        public const int JournalSizeBytes = 1024 * 1024;

        private GatewayRig(SoakUnit unit, LockstepTimeProvider clock, TcpRtuServer rtu, ConnectionCutProxy proxy, HostedGateway gateway)
        {
            Unit = unit;
            Clock = clock;
            Rtu = rtu;
            Proxy = proxy;
            Gateway = gateway;
        }

        public SoakUnit Unit { get; }

        public LockstepTimeProvider Clock { get; }

        public TcpRtuServer Rtu { get; }

        public ConnectionCutProxy Proxy { get; }

        public HostedGateway Gateway { get; }

        public static string JournalPathOf(string folder, SoakUnit unit) => Path.Combine(folder, unit.Gateway + ".journal");

        public static GatewayRig Create(SoakUnit unit, SoakOptions options, DateTimeOffset start, ServerProcess server, string journals)
        {
            var problems = new ProblemList();
            var config = GatewayConfigReader.Read(SoakPlant.GatewayConfigJson(unit, options.SamplingIntervalSeconds), unit.Gateway + ".json", new RelativeTextFiles(options.AssetsDirectory), problems)
                ?? throw new InvalidOperationException($"soak gateway {unit.Gateway}: {string.Join("; ", Enumerable.Range(0, problems.Count).Select(i => problems[i]))}");
            var clock = new LockstepTimeProvider(start);
            var map = AnalyzerEmulator.LoadMap(Path.Combine(options.AssetsDirectory, "analyzer-maps", "sick-marsic300.json"));
            var rtu = new TcpRtuServer(new IPEndPoint(IPAddress.Loopback, 0), new EmulatedBus([new AnalyzerEmulator(map, unit.Scenario, 1, clock, start)]));
            var proxy = new ConnectionCutProxy(server.MqttPort);
            var gateway = new HostedGateway(new HostedGatewayOptions
            {
                Config = config,
                DeviceKey = unit.Key,
                Broker = new MqttBrokerOptions { Host = "127.0.0.1", Port = proxy.Port, CaCertificateFile = server.CaCertificatePath },
                JournalPath = JournalPathOf(journals, unit),
                Links = { ["rs485-1"] = ModbusLink.RtuOverTcp("127.0.0.1", rtu.LocalEndPoint.Port) },
                Time = clock,
                CurrentLoops = new EmulatedCurrentLoops(config, unit.Scenario, clock, start),
                FlushJournalToDisk = false,
                UplinkStep = TimeSpan.FromMilliseconds(200),
            });
            return new GatewayRig(unit, clock, rtu, proxy, gateway);
        }

        public void Dispose()
        {
            Gateway.Dispose();
            Proxy.Dispose();
            Rtu.Dispose();
        }
    }
}
