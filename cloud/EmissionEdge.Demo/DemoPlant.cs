using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Compliance.Time;
using EmissionEdge.Emulator;
using EmissionEdge.Emulator.Inputs;
using EmissionEdge.Emulator.Scenarios;
using EmissionEdge.Emulator.Serving;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Host;
using EmissionEdge.Gateway.Host.Mqtt;
using EmissionEdge.Gateway.Host.Time;
using EmissionEdge.Gateway.Host.Transports;
using EmissionEdge.Server.Configuration;
using EmissionEdge.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace EmissionEdge.Demo;

/// <summary>
/// The built-in demo plant: four units, each with a SICK MARSIC300 emulator (RTU over TCP on 127.0.0.1) and 4–20 mA
/// loops for dust, coal feed and gross/auxiliary power, read by a PC-hosted gateway (the same gateway core as the ESP32)
/// that publishes to the local server's broker over TLS with its SAS token. Everything shares one accelerated clock.
/// </summary>
/// <remarks>
/// <para><b>Time.</b> The simulated clock starts at <see cref="EventHourOffset"/> before a China hour that began two hours
/// before the real start, and runs <see cref="DemoOptions.Speed"/> times faster. The server gets the same clock
/// (<see cref="ServerHostOptions.Time"/>), so minute stamps, enqueued times, SAS expiry, hour closing (15 simulated minutes
/// of grace) and "last full hour" all agree. At 60× the event hour is complete after 70 s, its alerts are derived 15
/// simulated minutes later (85 s), and the simulated clock overtakes the wall clock after about three minutes; the
/// dashboard shows the server's clock, not the browser's.</para>
/// <para><b>Scenarios</b> (<c>Scenarios/*.json</c>, times from the simulated start): DM-01 burns too much coal (335
/// gce/kWh, limit 320); DM-02 exceeds SO2 from the event hour on; DM-03 calibrates for 35 minutes of the event hour;
/// DM-04 loses its analyzer line for 80 minutes.</para>
/// </remarks>
public static class DemoPlant
{
    /// <summary>The plant id.</summary>
    public const string Plant = "DEMO";

    /// <summary>The hub host the demo gateways believe they talk to.</summary>
    public const string HubHost = "emissionedge.demo";

    /// <summary>The operator's API key (all units).</summary>
    public const string OperatorKey = "demo-operator-key-0001";

    /// <summary>The regulator's API key (all units; may acknowledge alerts).</summary>
    public const string RegulatorKey = "demo-regulator-key-0001";

    /// <summary>Simulated time from the demo start to the start of the event hour.</summary>
    public static readonly TimeSpan EventHourOffset = TimeSpan.FromMinutes(10);

    /// <summary>The four units.</summary>
    public static readonly IReadOnlyList<string> Units = ["DM-01", "DM-02", "DM-03", "DM-04"];

    /// <summary>Starts the demo: server, emulators and gateways.</summary>
    /// <param name="options">Speed, ports, directories.</param>
    /// <param name="loggerFactory">Logging of gateways (none by default).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running demo; dispose it to stop everything.</returns>
    public static async Task<RunningDemo> StartAsync(DemoOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Directory.Exists(options.DataDirectory))
        {
            Directory.Delete(options.DataDirectory, recursive: true);
        }

        Directory.CreateDirectory(options.DataDirectory);
        var realStart = options.RealStart ?? DateTimeOffset.UtcNow;
        var eventHour = ChinaTime.HourStartUtc(realStart.UtcDateTime).AddHours(-2);
        var start = new DateTimeOffset(eventHour - EventHourOffset, TimeSpan.Zero);
        var clock = new AcceleratedTimeProvider(start, options.Speed);
        var keys = Units.ToDictionary(u => u, _ => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), StringComparer.Ordinal);

        var run = new RunningDemo(clock, eventHour);
        try
        {
            var config = PlantConfig(options, keys);
            run.Server = await EmissionEdgeServer.StartAsync(config, new ServerHostOptions
            {
                Time = clock,
                LogLevel = LogLevel.Warning,

                // The demo prints alerts itself; the log sink would repeat each version.
                ConfigureLogging = logging => logging.AddFilter(typeof(Ingest.Alerts.LogAlertSink).FullName, LogLevel.Error),
            }, cancellationToken).ConfigureAwait(false);
            foreach (var unit in Units)
            {
                run.Add(StartUnit(unit, keys[unit], options, run, loggerFactory));
            }
        }
        catch
        {
            await run.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return run;
    }

    /// <summary>The demo plant's configuration (what <c>serve --config</c> would read).</summary>
    private static PlantConfig PlantConfig(DemoOptions options, IReadOnlyDictionary<string, string> keys)
    {
        var units = Units.Select(u => new UnitProfile(u) { Class = UnitClass.Existing, CoalLhvKjPerKg = 20900 }).ToArray();
        return new PlantConfig(
            Plant,
            options.DataDirectory,
            new HttpSettings(new Uri($"http://127.0.0.1:{options.HttpPort.ToString(CultureInfo.InvariantCulture)}")),
            new MqttSettings(HubHost, options.MqttPort, null, "127.0.0.1", null, null),
            units,
            Units.Select(u => new GatewaySettings(GatewayId(u), u, keys[u], Mac: true)).ToArray(),
            [new RegulatorSettings("Demo EPB", Units, null, null)],
            [
                new ApiKeySettings(OperatorKey, ApiRole.Operator, Units, "Demo plant control room"),
                new ApiKeySettings(RegulatorKey, ApiRole.Regulator, Units, "Demo EPB duty officer"),
            ],
            new IngestSettings(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(1)));
    }

    private static string GatewayId(string unit) => "gw-" + unit.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    private static DemoUnit StartUnit(string unit, string key, DemoOptions options, RunningDemo run, ILoggerFactory? loggerFactory)
    {
        var assets = options.AssetsDirectory;
        var id = unit.ToLowerInvariant();
        // Scenario time zero is the simulated start itself, not the moment this emulator was built.
        var file = ScenarioReader.Load(Path.Combine(assets, "scenarios", $"{id}.json"));
        var scenario = new Scenario(file.Description, run.Clock.Start, file.Seed, file.Channels, file.Events);
        var problems = new ProblemList();
        var gatewayConfig = GatewayConfigReader.Read(EmulatedGatewayConfig.Json(GatewayId(unit), unit, HubHost, key, samplingIntervalSeconds: 3, modbusTimeoutMs: 100, modbusRetries: 1, withPlantMeters: true), $"{GatewayId(unit)}.json", new RelativeTextFiles(assets), problems)
            ?? throw new InvalidOperationException($"demo gateway of {unit}: {string.Join("; ", Enumerable.Range(0, problems.Count).Select(i => problems[i]))}");
        var map = AnalyzerEmulator.LoadMap(Path.Combine(assets, "analyzer-maps", "sick-marsic300.json"));
        var analyzer = new AnalyzerEmulator(map, scenario, 1, run.Clock);
        var rtu = new TcpRtuServer(new IPEndPoint(IPAddress.Loopback, 0), new EmulatedBus([analyzer]));
        var gateway = new HostedGateway(new HostedGatewayOptions
        {
            Config = gatewayConfig,
            DeviceKey = key,
            Broker = new MqttBrokerOptions { Host = "127.0.0.1", Port = run.Server.Broker.TlsPort, CaCertificateFile = run.Server.Broker.CaCertificatePath },
            JournalPath = Path.Combine(options.DataDirectory, $"{GatewayId(unit)}.journal"),
            Links = { ["rs485-1"] = ModbusLink.RtuOverTcp("127.0.0.1", rtu.LocalEndPoint.Port) },
            Time = run.Clock,
            CurrentLoops = new EmulatedCurrentLoops(gatewayConfig, scenario, run.Clock, run.Clock.Start),
            FlushJournalToDisk = false,
        }, loggerFactory);
        return new DemoUnit(unit, scenario.Description, rtu, gateway);
    }
}
