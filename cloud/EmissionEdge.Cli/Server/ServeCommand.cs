using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Cli.Commands;
using EmissionEdge.Server.Configuration;
using EmissionEdge.Server.Hosting;

namespace EmissionEdge.Cli.Server;

/// <summary>
/// <c>emissionedge serve --config &lt;plant-config&gt;</c>: runs the local server (MQTT broker, ingest on SQLite, API, live
/// feed, dashboard) until Ctrl+C. A bad configuration: exit 2 with every problem on stderr.
/// </summary>
public sealed class ServeCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "serve";

    /// <inheritdoc />
    public string Summary => "Run the local server of a plant: MQTT broker, ingest, API, live feed and dashboard.";

    /// <inheritdoc />
    public CommandSpec Spec { get; } = new(
        [
            new OptionSpec("--config", "<plant-config>", "The plant configuration (JSON): units, gateways, regulators, API keys, ports, data directory.", Required: true),
            SimulatedTimeOptions.TimeScale,
            SimulatedTimeOptions.Start,
            SimulatedTimeOptions.Anchor,
        ],
        [],
        """
        Plant configuration: {"plant", "dataDirectory", "http": {"url"}, "mqtt": {"hubHost", "tlsPort", "plainPort",
        "bindAddress", "certificatePath", "certificatePassword"}, "units": [units.json units], "gateways": [{"id", "unit",
        "key", "mac"}], "regulators": [{"name", "units", "webhook", "secret"}], "apiKeys": [{"key", "role", "units",
        "name"}], "ingest": {"hourGraceMinutes", "closeHoursEverySeconds"}}. Relative paths are relative to the file.
        Example: cloud/EmissionEdge.Server/Samples/plant.json.

        --time-scale runs the server on simulated time (minute stamps, SAS expiry, hour closing, outbox retries), for
        rigs and soak tests with gateways on the same accelerated clock; --time-anchor lets a restarted server continue
        the timeline it ran on before.

        Exit codes: 0 stopped with Ctrl+C or SIGTERM; 2 bad usage or configuration (each problem as file:line:column: path:
        message), or a port in use.
        """);

    /// <inheritdoc />
    public async Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        var time = SimulatedTimeOptions.Read(arguments, out var timeProblem);
        if (time is null)
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: {timeProblem}");
            return ExitCodes.BadInput;
        }

        var config = PlantConfigFile.Load(arguments.Required("--config"), out var problems);
        if (config is null)
        {
            foreach (var problem in problems)
            {
                await console.Error.WriteLineAsync(problem.ToString());
            }

            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: the plant configuration has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was started.");
            return ExitCodes.BadInput;
        }

        try
        {
            await EmissionEdgeServer.RunAsync(config, new ServerHostOptions { Time = time }, console.Out, cancellationToken);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            // A port in use or a data directory that cannot be written.
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: cannot start: {e.Message}");
            return ExitCodes.BadInput;
        }

        return ExitCodes.Success;
    }
}
