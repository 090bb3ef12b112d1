using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Emulator.Inputs;
using EmissionEdge.Emulator.Scenarios;
using EmissionEdge.Gateway.Host;
using EmissionEdge.Gateway.Host.Mqtt;
using EmissionEdge.Gateway.Host.Transports;

namespace EmissionEdge.Cli.Commands;

/// <summary><c>emissionedge gateway run --config &lt;gateway-config&gt;</c>: the PC-hosted gateway.</summary>
public sealed class GatewayRunCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "gateway run";

    /// <inheritdoc />
    public string Summary => "Run a gateway on this PC: Modbus over a serial port or RTU over TCP, minute journal in a file, MQTT to IoT Hub or a local server.";

    /// <inheritdoc />
    public CommandSpec Spec { get; } = new(
        [
            new("--config", "<gateway-config>", "Gateway configuration JSON (hardware/gateway-configs/*.json).", Required: true),
            new("--serial", "<port>", "Serial port of the RS-485 bus (/dev/ttyUSB0, COM7) when the configuration uses one bus."),
            new("--rtu-tcp", "<host:port>", "RTU-over-TCP endpoint of the RS-485 bus (serial device server, emulator) when the configuration uses one bus."),
            new("--link", "<uart>=<port|tcp://host:port>", "How the pin-map UART <uart> (e.g. rs485-1) is reached; repeat for several buses.", Repeatable: true),
            new("--device-key-file", "<file>", "File holding the device's base64 key (needed when the configuration names a key file on the device)."),
            new("--broker", "<host[:port]>", "Broker to publish to (default: the configuration's IoT Hub host, port 8883)."),
            new("--plain", null, "MQTT without TLS (a local server's plain listener; default port 1883)."),
            new("--ca", "<pem-file>", "Trust this certificate authority for the broker (e.g. the local server's development CA)."),
            new("--insecure-dev-cert", null, "Accept any broker certificate (a local development certificate without its CA). Never in production."),
            new("--journal", "<file>", "Journal file on this PC (default: <device-id>.journal in the current folder)."),
            new("--inputs-scenario", "<scenario>", "Drive the configuration's 4–20 mA inputs and status contacts from a scenario file (a PC has none)."),
            SimulatedTimeOptions.TimeScale,
            SimulatedTimeOptions.Start,
            new("--journal-torn-write-pause", "<ms>", "Fault injection for kill tests: write each journal record in two halves with this pause between."),
        ],
        [],
        "Runs until Ctrl+C. Status lines (connection, journaled and pending minutes, errors) go to stderr once a simulated minute.\n" +
        "Exit codes: 0 stopped by Ctrl+C, 2 bad options, configuration, key, port or journal.");

    /// <inheritdoc />
    public async Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        var problems = new List<string>();
        HostedGatewayOptions? options = null;
        try
        {
            options = ReadOptions(arguments, problems);
        }
        catch (Exception e) when (e is GatewayConfigurationException or ScenarioException or IOException)
        {
            problems.Add(e.Message);
        }

        if (options is null || problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: {problem}");
            }

            return ExitCodes.BadInput;
        }

        using var logging = CliLoggerProvider.CreateFactory(console.Error);
        HostedGateway gateway;
        try
        {
            gateway = new HostedGateway(options, logging);
        }
        catch (Exception e) when (e is GatewayConfigurationException or IOException)
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: {e.Message}");
            return ExitCodes.BadInput;
        }

        using (gateway)
        {
            await gateway.RunAsync(cancellationToken);
        }

        return ExitCodes.Success;
    }

    private static HostedGatewayOptions? ReadOptions(ParsedArguments arguments, List<string> problems)
    {
        var config = GatewayConfigFile.Load(arguments.Required("--config"));
        var key = GatewayConfigFile.DeviceKey(config, arguments.Value("--device-key-file"));
        var time = SimulatedTimeOptions.Read(arguments, out var timeProblem);
        if (timeProblem is not null)
        {
            problems.Add(timeProblem);
        }

        var links = ReadLinks(arguments, config, problems);
        bool plain = arguments.Flag("--plain");
        string host = config.IotHubHost;
        int port = plain ? 1883 : 8883;
        if (arguments.Value("--broker") is { } broker)
        {
            if (broker.Contains(':', StringComparison.Ordinal))
            {
                if (!ModbusLink.TryParseHostPort(broker, out host, out port, out var error))
                {
                    problems.Add($"--broker: {error}");
                }
            }
            else
            {
                host = broker;
            }
        }

        if (plain && (arguments.Value("--ca") is not null || arguments.Flag("--insecure-dev-cert")))
        {
            problems.Add("--plain has no TLS: --ca and --insecure-dev-cert do not apply");
        }

        var pause = TimeSpan.Zero;
        if (arguments.Value("--journal-torn-write-pause") is { } pauseText)
        {
            if (!int.TryParse(pauseText, out var ms) || ms < 1 || ms > 60000)
            {
                problems.Add($"--journal-torn-write-pause '{pauseText}' is not a number of milliseconds from 1 to 60000");
            }

            pause = TimeSpan.FromMilliseconds(ms);
        }

        if (problems.Count > 0 || time is null)
        {
            return null;
        }

        Emulator.Scenarios.Scenario? inputs = arguments.Value("--inputs-scenario") is { } scenarioPath ? ScenarioReader.Load(scenarioPath) : null;
        return new HostedGatewayOptions
        {
            Config = config,
            DeviceKey = key,
            Broker = new MqttBrokerOptions
            {
                Host = host,
                Port = port,
                UseTls = !plain,
                CaCertificateFile = arguments.Value("--ca"),
                AcceptAnyServerCertificate = arguments.Flag("--insecure-dev-cert"),
            },
            JournalPath = arguments.Value("--journal") ?? $"{config.DeviceId}.journal",
            Links = links,
            Time = time,
            CurrentLoops = inputs is null ? null : new EmulatedCurrentLoops(config, inputs, time),
            StatusInputs = inputs is null ? null : new EmulatedContacts(config, inputs, time),
            JournalTornWritePause = pause,
        };
    }

    private static Dictionary<string, ModbusLink> ReadLinks(ParsedArguments arguments, Gateway.Core.Configuration.GatewayConfig config, List<string> problems)
    {
        var links = new Dictionary<string, ModbusLink>(StringComparer.Ordinal);
        var used = config.Analyzers.Select(a => a.Port).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var text in arguments.Values("--link"))
        {
            int equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add($"--link '{text}' is not <uart>=<port|tcp://host:port>");
                continue;
            }

            var uart = text[..equals];
            if (!used.Contains(uart, StringComparer.Ordinal))
            {
                problems.Add($"--link '{text}': no analyzer of the configuration is on '{uart}' (used: {string.Join(", ", used)})");
            }
            else if (ModbusLink.TryParse(text[(equals + 1)..], out var link, out var error))
            {
                links[uart] = link!;
            }
            else
            {
                problems.Add($"--link: {error}");
            }
        }

        var serial = arguments.Value("--serial");
        var rtuTcp = arguments.Value("--rtu-tcp");
        if (serial is not null || rtuTcp is not null)
        {
            if (serial is not null && rtuTcp is not null)
            {
                problems.Add("give --serial or --rtu-tcp, not both");
            }
            else if (used.Length != 1)
            {
                problems.Add($"the configuration uses {used.Length} buses ({string.Join(", ", used)}): say which is which with --link <uart>=<port>");
            }
            else if (serial is not null)
            {
                links[used[0]] = ModbusLink.SerialPort(serial);
            }
            else if (ModbusLink.TryParseHostPort(rtuTcp!, out var host, out var port, out var error))
            {
                links[used[0]] = ModbusLink.RtuOverTcp(host, port);
            }
            else
            {
                problems.Add($"--rtu-tcp: {error}");
            }
        }

        foreach (var uart in used.Where(u => !links.ContainsKey(u)))
        {
            problems.Add($"no link for '{uart}' (used by analyzer {config.Analyzers.First(a => a.Port == uart).Name}): give --serial, --rtu-tcp or --link {uart}=<port>");
        }

        return links;
    }
}
