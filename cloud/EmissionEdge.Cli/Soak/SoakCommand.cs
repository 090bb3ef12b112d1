using System.Globalization;
using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Soak;

namespace EmissionEdge.Cli.Soak;

/// <summary>
/// <c>emissionedge soak</c>: runs many PC-hosted gateways against the local server (a separate <c>emissionedge serve</c>
/// process) for simulated hours while killing the server, restarting the broker and cutting connections, then checks that
/// every minute record, hour result and alert arrived exactly once. Prints the report; exit 1 on any violation.
/// </summary>
public sealed class SoakCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "soak";

    /// <inheritdoc />
    public string Summary => "Soak test with faults: gateways vs the local server under SIGKILLs, broker restarts and connection cuts; verify every record, hour and alert.";

    /// <inheritdoc />
    public CommandSpec Spec { get; } = new(
        [
            new OptionSpec("--gateways", "<n>", "Gateways (units), 1–999 (default 50)."),
            new OptionSpec("--hours", "<h>", "Simulated hours of generation, 1–168 (default 24)."),
            new OptionSpec("--time-scale", "<N>", "Simulated seconds per real second, 1–3600 (default 60: 24 h in 24 min)."),
            new OptionSpec("--seed", "<S>", "Seed of the fault schedule (default 1)."),
            new OptionSpec("--report", "<file>", "Also write the report as JSON to this file."),
            new OptionSpec("--work", "<directory>", "Server data, journals and server.log (emptied at start; default emissionedge-soak in the temp directory)."),
        ],
        [],
        """
        Faults per simulated day: 6 server SIGKILLs (down 0–10 min), 6 broker restarts (the broker lives in the server:
        SIGTERM and start), 1.5 connection cuts per gateway (1 min to 3 h). Gateways sample every 5 simulated seconds.
        Afterwards every generated minute (read back from each gateway's journal, with its mac) must be stored once and
        unchanged, every stored hour must equal the compliance engine's result over the stored minutes (as evaluate),
        every alert version must have one webhook outbox entry, delivered and received with a valid signature (repeat
        POSTs of an (alert id, version) are counted as re-deliveries). A gateway whose clock lagged more than 2 simulated
        minutes is reported as fallen behind.

        Exit codes: 0 no violation; 1 violations (listed); 2 bad usage.
        """);

    /// <inheritdoc />
    public async Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        if (!TryNumber(arguments, "--gateways", 50, out var gateways) || !TryNumber(arguments, "--hours", 24, out var hours) ||
            !TryNumber(arguments, "--time-scale", 60, out var scale) || !TryNumber(arguments, "--seed", 1, out var seed))
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: --gateways, --hours, --time-scale and --seed take numbers");
            return ExitCodes.BadInput;
        }

        var options = new SoakOptions
        {
            Gateways = (int)gateways,
            Hours = hours,
            TimeScale = scale,
            Seed = (int)seed,
            WorkDirectory = arguments.Value("--work") ?? Path.Combine(Path.GetTempPath(), "emissionedge-soak"),
            Server = ServerLauncher.DotnetDll(AppContext.BaseDirectory),
            Progress = line => console.Out.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}"),
        };
        try
        {
            options.EnsureValid();
        }
        catch (ArgumentException e)
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: {e.Message}");
            return ExitCodes.BadInput;
        }

        var report = await SoakRun.RunAsync(options, cancellationToken);
        await console.Out.WriteAsync(report.ToText());
        if (arguments.Value("--report") is { } file)
        {
            await File.WriteAllTextAsync(file, report.ToJson(), cancellationToken);
        }

        return report.Passed ? ExitCodes.Success : ExitCodes.Findings;
    }

    private static bool TryNumber(ParsedArguments arguments, string option, double fallback, out double value)
    {
        value = fallback;
        var text = arguments.Value(option);
        return text is null || (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value));
    }
}
