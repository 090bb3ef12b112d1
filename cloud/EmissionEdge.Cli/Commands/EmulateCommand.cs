using System.Globalization;
using System.Net;
using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Emulator;
using EmissionEdge.Emulator.Scenarios;
using EmissionEdge.Emulator.Serving;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Host.Transports;

namespace EmissionEdge.Cli.Commands;

/// <summary><c>emissionedge emulate</c>: a CEMS analyzer as a Modbus RTU slave on a serial port or RTU over TCP.</summary>
public sealed class EmulateCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "emulate";

    /// <inheritdoc />
    public string Summary => "Play a CEMS analyzer (Modbus RTU slave) from an analyzer map and a scenario, on a serial port or RTU over TCP.";

    /// <inheritdoc />
    public CommandSpec Spec { get; } = new(
        [
            new("--map", "<map>", "Analyzer map JSON (hardware/analyzer-maps/*.json) saying where each value and status bit lives.", Required: true),
            new("--serial", "<port>", "Serve on this serial port (/dev/ttyUSB0, COM7, or one end of a socat pty pair)."),
            new("--rtu-tcp", "<host:port>", "Serve RTU frames over TCP on this address (port 0 picks a free one; the address is printed)."),
            new("--line", "<baud,8E1>", "Serial line settings (default 9600,8E1)."),
            new("--unit-id", "<N>", "Modbus slave address 1–247 (default 1)."),
            new("--scenario", "<file>", "Scenario JSON: value profiles and events over time (README \"Scenario files\")."),
            new("--set", "<channel=value>", "A constant value instead of a scenario, e.g. --set SO2=18.62 --set O2=8.3.", Repeatable: true),
            SimulatedTimeOptions.TimeScale,
            SimulatedTimeOptions.Start,
            new("--status-every", "<seconds>", "Real seconds between status lines on stderr (default 10)."),
        ],
        [],
        "Give --serial or --rtu-tcp, and --scenario or --set. Runs until Ctrl+C; a status line (values shown, active status, requests) goes to\n" +
        "stderr every --status-every seconds. Exit codes: 0 stopped by Ctrl+C, 2 bad options, map, scenario or port.");

    /// <inheritdoc />
    public async Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        var problems = new List<string>();
        var serial = arguments.Value("--serial");
        var rtuTcp = arguments.Value("--rtu-tcp");
        if ((serial is null) == (rtuTcp is null))
        {
            problems.Add("give exactly one of --serial <port> and --rtu-tcp <host:port>");
        }

        var scenarioPath = arguments.Value("--scenario");
        var sets = arguments.Values("--set");
        if ((scenarioPath is null) == (sets.Count == 0))
        {
            problems.Add("give exactly one of --scenario <file> and --set <channel=value> (repeatable)");
        }

        var values = ParseSets(sets, problems);
        byte unitId = 1;
        if (arguments.Value("--unit-id") is { } unitText && (!byte.TryParse(unitText, NumberStyles.None, CultureInfo.InvariantCulture, out unitId) || unitId < 1 || unitId > 247))
        {
            problems.Add($"--unit-id '{unitText}' is not a slave address from 1 to 247");
        }

        var line = ParseLine(arguments.Value("--line") ?? "9600,8E1", problems);
        int statusSeconds = 10;
        if (arguments.Value("--status-every") is { } everyText && (!int.TryParse(everyText, NumberStyles.None, CultureInfo.InvariantCulture, out statusSeconds) || statusSeconds < 1))
        {
            problems.Add($"--status-every '{everyText}' is not a whole number of seconds ≥ 1");
        }

        var time = SimulatedTimeOptions.Read(arguments, out var timeProblem);
        if (timeProblem is not null)
        {
            problems.Add(timeProblem);
        }

        AnalyzerEmulator? emulator = null;
        if (problems.Count == 0)
        {
            try
            {
                emulator = AnalyzerEmulator.Load(arguments.Required("--map"), scenarioPath, values, unitId, time);
            }
            catch (Exception e) when (e is ScenarioException or ArgumentException)
            {
                problems.Add(e.Message);
            }
        }

        if (problems.Count > 0 || emulator is null || line is null)
        {
            foreach (var problem in problems)
            {
                await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: {problem}");
            }

            return ExitCodes.BadInput;
        }

        var unknown = values.Keys.Where(c => emulator.Map.FindChannel(c) is null).ToArray();
        if (unknown.Length > 0)
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: warning: {emulator.Map.Model} has no register for {string.Join(", ", unknown)}");
        }

        var bus = new EmulatedBus([emulator]);
        IDisposable server;
        Task serving;
        string where;
        try
        {
            if (serial is not null)
            {
                var serialServer = new SerialRtuServer(serial, line, bus);
                serving = serialServer.RunAsync(cancellationToken);
                server = serialServer;
                where = $"serial port {serial} ({line.BaudRate} bit/s, parity {line.Parity}, {line.StopBits} stop bit(s))";
            }
            else
            {
                if (!ModbusLink.TryParseHostPort(rtuTcp!, out var host, out var port, out var error, allowZero: true) || !IPAddress.TryParse(host == "localhost" ? "127.0.0.1" : host, out var address))
                {
                    await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: --rtu-tcp '{rtuTcp}' is not <ip-address>:<port> ({error})");
                    return ExitCodes.BadInput;
                }

                var tcpServer = new TcpRtuServer(new IPEndPoint(address, port), bus);
                serving = tcpServer.RunAsync(cancellationToken);
                server = tcpServer;
                where = $"RTU over TCP {tcpServer.LocalEndPoint}";
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: {e.Message}");
            return ExitCodes.BadInput;
        }

        using (server)
        {
            await console.Error.WriteLineAsync(
                $"emulating {emulator.Map.Model} ({emulator.Map.FileName}) as unit {unitId} on {where}; scenario: {emulator.Scenario.Description}; scenario time zero {emulator.ScenarioStart:yyyy-MM-ddTHH:mm:ssZ}");
            await console.Error.FlushAsync(cancellationToken);
            while (!serving.IsCompleted && !cancellationToken.IsCancellationRequested)
            {
                await Task.WhenAny(serving, Task.Delay(TimeSpan.FromSeconds(statusSeconds), cancellationToken)).ContinueWith(_ => { }, TaskScheduler.Default);
                await console.Error.WriteLineAsync(Status(emulator, bus));
                await console.Error.FlushAsync(CancellationToken.None);
            }

            try
            {
                await serving;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: serving stopped: {e.Message}");
                return ExitCodes.BadInput;
            }
        }

        return ExitCodes.Success;
    }

    private static string Status(AnalyzerEmulator emulator, EmulatedBus bus)
    {
        var shown = string.Join(" ", emulator.Map.Channels.Select(c => $"{c.Channel}={emulator.ValueShown(c.Channel).ToString("0.###", CultureInfo.InvariantCulture)}"));
        var active = emulator.ActiveStatus();
        var status = active.Count == 0 ? "none" : string.Join(", ", active.Select(s => $"{s.Description} ({s.Flag})"));
        return $"{emulator.Time.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ} scenario {emulator.ScenarioTime:hh\\:mm\\:ss}: {shown}; active status: {status}; " +
               $"{bus.Requests} requests, {emulator.RequestsAnswered} answered, {emulator.RequestsSilenced} silenced, {emulator.ExceptionsSent} exceptions, {bus.Discarded} garbled";
    }

    private static Dictionary<string, double> ParseSets(IReadOnlyList<string> sets, List<string> problems)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            int equals = set.IndexOf('=', StringComparison.Ordinal);
            var channel = equals > 0 ? set[..equals] : set;
            if (equals <= 0 || !double.TryParse(set[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                problems.Add($"--set '{set}' is not <channel>=<number>, e.g. SO2=18.62");
            }
            else if (ChannelNames.IndexOf(channel) < 0)
            {
                problems.Add($"--set '{set}': '{channel}' is not a telemetry channel (known: {ChannelNames.List()})");
            }
            else
            {
                values[channel] = value;
            }
        }

        return values;
    }

    private static SerialSettings? ParseLine(string text, List<string> problems)
    {
        var parts = text.Split(',');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var baud) && baud is >= 1200 and <= 921600 &&
            parts[1].Length == 3 && parts[1][0] is '7' or '8' && parts[1][1] is 'N' or 'E' or 'O' && parts[1][2] is '1' or '2')
        {
            return new SerialSettings(baud, parts[1][1], parts[1][0] - '0', parts[1][2] - '0');
        }

        problems.Add($"--line '{text}' is not <baud>,<data bits><parity N/E/O><stop bits>, e.g. 9600,8E1");
        return null;
    }
}
