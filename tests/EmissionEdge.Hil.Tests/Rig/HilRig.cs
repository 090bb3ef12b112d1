using System.Globalization;
using System.Net;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using EmissionEdge.Emulator;
using EmissionEdge.Emulator.Inputs;
using EmissionEdge.Emulator.Scenarios;
using EmissionEdge.Emulator.Serving;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Runtime;
using EmissionEdge.Gateway.Host;
using EmissionEdge.Gateway.Host.Mqtt;
using EmissionEdge.Gateway.Host.Time;
using EmissionEdge.Gateway.Host.Transports;

namespace EmissionEdge.Hil.Tests.Rig;

/// <summary>
/// The rig of one HIL test: an analyzer emulator on a real serial link, a real MQTT broker, and the gateway under test
/// between them. Two modes (README "HIL tests"):
/// <list type="bullet">
/// <item>PC (default): a socat pseudo-terminal pair, the PC-hosted gateway in this process on lockstep time (every
/// sampling instant is taken, however loaded the machine), emulated 4–20 mA inputs; an hour runs in seconds.</item>
/// <item>Board: when <c>EMISSIONEDGE_HIL_ANALYZER_PORT</c> and <c>EMISSIONEDGE_HIL_MQTT_ENDPOINT</c> are set, the emulator
/// serves the USB-RS485 adapter wired to the real board and the broker listens where the board publishes; time is real,
/// so the tests take as long as their scenarios.</item>
/// </list>
/// </summary>
internal sealed class HilRig : IAsyncDisposable
{
    /// <summary>Start of the first minute of every PC-mode scenario: 2026-03-15 09:00 China time, an hour boundary.</summary>
    public static readonly DateTimeOffset PcStart = new(2026, 3, 15, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Device key of the PC-hosted gateway (32 bytes 0x00…0x1F, base64).</summary>
    public const string PcDeviceKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private readonly List<IDisposable> _owned = [];
    private readonly List<Task> _running = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly LockstepTimeProvider? _lockstep;
    private HostedGateway? _gateway;

    private HilRig(RigSettings settings, Scenario scenario, GatewayConfig config, DateTimeOffset start, TestBroker broker, LockstepTimeProvider? lockstep)
    {
        Settings = settings;
        Scenario = scenario;
        Config = config;
        Start = start;
        Broker = broker;
        _lockstep = lockstep;
    }

    public RigSettings Settings { get; }

    public bool OnBoard => Settings.OnBoard;

    /// <summary>Whether the rig drives the gateway's 4–20 mA inputs (PC mode; the board needs the programmable source, not driven yet).</summary>
    public bool DrivesCurrentLoops => !OnBoard;

    public Scenario Scenario { get; }

    public GatewayConfig Config { get; }

    public string DeviceId => Settings.DeviceId ?? Config.DeviceId;

    /// <summary>Scenario time zero: the start of the first full minute.</summary>
    public DateTimeOffset Start { get; }

    public TestBroker Broker { get; }

    /// <summary>The PC-hosted gateway (null on a board).</summary>
    public HostedGateway? Gateway => _gateway;

    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("ee-hil-").FullName;

    public static string RepositoryFile(string relative) =>
        Path.Combine(typeof(HilRig).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!, relative);

    public static string RigConfigPath => RepositoryFile("hardware/gateway-configs/hil-rig.json");

    /// <summary>Starts the rig on a scenario of <c>hardware/hil/scenarios</c>.</summary>
    public static async Task<HilRig> StartAsync(string scenarioName, bool brokerUp = true)
    {
        var settings = RigSettings.FromEnvironment();
        var config = GatewayConfigFile.Load(RigConfigPath);
        if (!settings.OnBoard)
        {
            config = WithAnalyzerTimeout(config, PcTimeoutMilliseconds);
        }

        var scenario = ScenarioReader.Load(RepositoryFile($"hardware/hil/scenarios/{scenarioName}.json"));
        var gas = config.Analyzers[0];
        if (!settings.OnBoard)
        {
            // One warm-up minute before scenario time zero (not asserted): the first requests pay for JIT compilation.
            var lockstep = new LockstepTimeProvider(PcStart - TimeSpan.FromSeconds(61));
            var rig = new HilRig(settings, scenario, config, PcStart, new TestBroker(config.IotHubHost, PcDeviceKey, IPAddress.Loopback), lockstep);
            try
            {
                var pty = rig.Own(SocatPtyPair.Start());
                var emulator = new AnalyzerEmulator(gas.Map, scenario, gas.UnitId, lockstep, PcStart);
                var server = rig.Own(new SerialRtuServer(pty.First, gas.Serial, new EmulatedBus([emulator])));
                rig._running.Add(server.RunAsync(rig._stop.Token));
                if (brokerUp)
                {
                    await rig.Broker.StartAsync();
                }

                rig._gateway = rig.Own(new HostedGateway(new HostedGatewayOptions
                {
                    Config = config,
                    DeviceKey = PcDeviceKey,
                    Broker = new MqttBrokerOptions { Host = "127.0.0.1", Port = rig.Broker.Port, UseTls = false },
                    JournalPath = Path.Combine(rig.WorkDirectory, "journal.bin"),
                    Links = { [gas.Port] = ModbusLink.SerialPort(pty.Second) },
                    Time = lockstep,
                    CurrentLoops = new EmulatedCurrentLoops(config, scenario, lockstep, PcStart),
                    FlushJournalToDisk = false,
                    UplinkStep = TimeSpan.FromMilliseconds(20),
                    Loop = new GatewayLoopOptions { PubackTimeoutMilliseconds = 600_000 },
                }));
                rig._running.Add(rig._gateway.RunAsync(rig._stop.Token));
                return rig;
            }
            catch
            {
                await rig.DisposeAsync();
                throw;
            }
        }

        // Board: real time. Scenario time zero is the start of the minute after next, so the emulator is serving before it.
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(2);
        var certificate = settings.BrokerCertificate is { } pfx ? X509CertificateLoader.LoadPkcs12FromFile(pfx, settings.BrokerCertificatePassword) : null;
        var board = new HilRig(settings, scenario, config, start, new TestBroker(config.IotHubHost, settings.DeviceKey, IPAddress.Any, settings.BrokerPort, certificate), null);
        try
        {
            var emulator = new AnalyzerEmulator(gas.Map, scenario, gas.UnitId, TimeProvider.System, start);
            var server = board.Own(new SerialRtuServer(settings.AnalyzerPort!, settings.AnalyzerSerial ?? gas.Serial, new EmulatedBus([emulator])));
            board._running.Add(server.RunAsync(board._stop.Token));
            if (brokerUp)
            {
                await board.Broker.StartAsync();
            }

            return board;
        }
        catch
        {
            await board.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Modbus timeout of the PC-hosted gateway in the rig. Lockstep time asks the next question at once after an answer, so
    /// an answer that comes late because the emulator thread did not get the CPU (a loaded CI machine) would be taken for
    /// the next, identical request; 1 s keeps that out of exact tests. The board keeps the configuration's 250 ms.
    /// </summary>
    public const int PcTimeoutMilliseconds = 1000;

    private static GatewayConfig WithAnalyzerTimeout(GatewayConfig c, int timeout) =>
        new(c.DeviceId, c.Unit, c.IotHubHost, c.DeviceKey, c.DeviceKeyFile, c.SamplingIntervalSeconds, c.PinMapPath, c.PinMap, c.JournalPath, c.JournalSizeBytes, c.MacEnabled,
            c.Analyzers.Select(a => new AnalyzerConfig(a.Name, a.MapPath, a.Map, a.UnitId, a.Port, a.PortIndex, a.Serial, timeout, a.Retries, a.Channels)).ToArray(),
            c.AnalogChannels, c.StatusInputs);

    /// <summary>Lets scenario time run to <paramref name="offset"/> (lockstep) or waits for it (board).</summary>
    public async Task RunToAsync(TimeSpan offset)
    {
        var target = Start + offset;
        if (_lockstep is { } lockstep)
        {
            await Task.Run(() => lockstep.RunTo(target, TimeSpan.FromMinutes(3), _stop.Token));
            return;
        }

        var wait = target - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    /// <summary>Runs the first <paramref name="minutes"/> minutes and returns their records once the broker has them all.</summary>
    public async Task<IReadOnlyList<TelemetryRecord>> MinutesAsync(int minutes)
    {
        await RunToAsync(TimeSpan.FromMinutes(minutes));
        var last = (Start + TimeSpan.FromMinutes(minutes - 1)).UtcDateTime;
        IReadOnlyList<TelemetryRecord> records;
        try
        {
            records = await Broker.WaitForMinutesAsync(DeviceId, last, OnBoard ? TimeSpan.FromMinutes(3) : TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; gateway: {Describe()}", e);
        }

        return records.Where(r => r.MinuteUtc >= Start.UtcDateTime && r.MinuteUtc <= last).ToArray();
    }

    public string Describe() => _gateway is { } g
        ? $"{g.Loop.SamplesTaken} samples, {g.Loop.SamplesSkipped} skipped, {g.Loop.MinutesJournaled} minutes journaled, {g.Loop.PendingRecords} pending, " +
          $"{(g.Loop.IsConnected ? "connected" : "not connected")}, {g.Loop.Session.Connects} connects, last error '{g.Loop.LastError}'"
        : "board";

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or IOException)
        {
            // Stopping; a serving loop that failed has already failed its test.
        }

        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        await Broker.DisposeAsync();
        _stop.Dispose();
        Directory.Delete(WorkDirectory, true);
    }

    private T Own<T>(T owned)
        where T : IDisposable
    {
        _owned.Add(owned);
        return owned;
    }
}

/// <summary>The <c>EMISSIONEDGE_HIL_*</c> environment variables (hardware/hil/README.md).</summary>
internal sealed record RigSettings(
    string? AnalyzerPort,
    SerialSettings? AnalyzerSerial,
    int BrokerPort,
    string? DeviceId,
    string? DeviceKey,
    string? BrokerCertificate,
    string? BrokerCertificatePassword,
    string? PowerRelay)
{
    public bool OnBoard => AnalyzerPort is not null;

    public static RigSettings FromEnvironment()
    {
        string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var port = Get("EMISSIONEDGE_HIL_ANALYZER_PORT");
        var endpoint = Get("EMISSIONEDGE_HIL_MQTT_ENDPOINT");
        if ((port is null) != (endpoint is null))
        {
            throw new InvalidOperationException("set both EMISSIONEDGE_HIL_ANALYZER_PORT and EMISSIONEDGE_HIL_MQTT_ENDPOINT to test a board, or neither to test the PC-hosted gateway");
        }

        if (port is null)
        {
            return new RigSettings(null, null, 0, null, null, null, null, null);
        }

        var uri = new Uri(endpoint!);
        if (uri.Scheme is not ("mqtt" or "mqtts") || uri.Port <= 0)
        {
            throw new InvalidOperationException($"EMISSIONEDGE_HIL_MQTT_ENDPOINT '{endpoint}' must be mqtt://host:port or mqtts://host:port");
        }

        var certificate = Get("EMISSIONEDGE_HIL_BROKER_CERT");
        if (uri.Scheme == "mqtts" && certificate is null)
        {
            throw new InvalidOperationException("EMISSIONEDGE_HIL_MQTT_ENDPOINT is mqtts: set EMISSIONEDGE_HIL_BROKER_CERT to the broker's PFX (server certificate the board trusts)");
        }

        return new RigSettings(port, ParseSerial(Get("EMISSIONEDGE_HIL_ANALYZER_SERIAL")), uri.Port, Get("EMISSIONEDGE_HIL_DEVICE_ID"),
            Get("EMISSIONEDGE_HIL_DEVICE_KEY"), uri.Scheme == "mqtts" ? certificate : null, Get("EMISSIONEDGE_HIL_BROKER_CERT_PASSWORD"), Get("EMISSIONEDGE_HIL_POWER_RELAY"));
    }

    /// <summary>Parses <c>38400,8E1</c>.</summary>
    public static SerialSettings? ParseSerial(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split(',');
        if (parts.Length != 2 || parts[1].Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var baud) ||
            !char.IsDigit(parts[1][0]) || "NEO".IndexOf(parts[1][1]) < 0 || parts[1][2] is not ('1' or '2'))
        {
            throw new InvalidOperationException($"EMISSIONEDGE_HIL_ANALYZER_SERIAL '{text}' is not like 38400,8E1");
        }

        return new SerialSettings(baud, parts[1][1], parts[1][0] - '0', parts[1][2] - '0');
    }
}
