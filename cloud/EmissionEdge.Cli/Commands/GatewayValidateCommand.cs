using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Json;
using EmissionEdge.Gateway.Host;

namespace EmissionEdge.Cli.Commands;

/// <summary><c>emissionedge gateway validate &lt;gateway-config&gt;</c>: checks a gateway configuration with its maps and pin map.</summary>
public sealed class GatewayValidateCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "gateway validate";

    /// <inheritdoc />
    public string Summary => "Check a gateway configuration with its analyzer maps and pin map; name every problem.";

    /// <inheritdoc />
    public CommandSpec Spec { get; } = new(
        [],
        [new PositionalSpec("<gateway-config>", "Gateway configuration JSON (hardware/gateway-configs/*.json); map and pin map paths are relative to it.")],
        "Prints OK with a summary (and a note naming 4–20 mA channels without calibration), or one line per problem naming the file, the entry and the value.\n" +
        "Exit codes: 0 valid, 1 problems found, 2 the configuration file cannot be read or is not JSON.");

    /// <inheritdoc />
    public async Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        var path = arguments.Positionals[0];
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName}: cannot read '{path}': {e.Message}");
            return ExitCodes.BadInput;
        }

        if (!JsonReader.TryParse(text, out _, out var jsonError))
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName}: '{path}' is not valid JSON: {jsonError}");
            return ExitCodes.BadInput;
        }

        var problems = new ProblemList();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var config = GatewayConfigReader.Read(text, Path.GetFileName(path), new RelativeTextFiles(directory), problems);
        if (config is null)
        {
            for (int i = 0; i < problems.Count; i++)
            {
                await console.Out.WriteLineAsync(problems[i]);
            }

            await console.Error.WriteLineAsync($"{problems.Count} problem(s) in {path}");
            return ExitCodes.Findings;
        }

        int channels = config.Analyzers.Sum(a => a.Channels.Length) + config.AnalogChannels.Length;
        await console.Out.WriteLineAsync(
            $"OK {config.DeviceId} (unit {config.Unit}): {config.Analyzers.Length} analyzer(s), {config.AnalogChannels.Length} 4–20 mA channel(s), " +
            $"{channels} channels, {config.StatusInputs.Length} status input(s), sampling every {config.SamplingIntervalSeconds} s, board {config.PinMap.Board}");
        var uncalibrated = config.AnalogChannels.Where(c => c.Calibration is null).Select(c => $"{c.Channel} ({c.Input})").ToList();
        if (uncalibrated.Count > 0)
        {
            await console.Out.WriteLineAsync(
                $"note: no calibration for {string.Join(", ", uncalibrated)}: the ESP32 ADC's uncalibrated gain is off by up to −8…+10 % " +
                "(hardware/reference-board/current-loop-inputs.md, \"Calibration procedure\")");
        }

        return ExitCodes.Success;
    }
}
