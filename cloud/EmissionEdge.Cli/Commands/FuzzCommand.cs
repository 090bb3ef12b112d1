using System.Globalization;
using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Fuzzing.Running;
using EmissionEdge.Fuzzing.Targets;

namespace EmissionEdge.Cli.Commands;

/// <summary>
/// <c>emissionedge fuzz</c>: runs the parsers and configuration loaders on generated inputs (valid ones that must
/// round-trip, and mutations of them) and prints per target the inputs, accepted, rejected by reason, the slowest input
/// and the crashes.
/// </summary>
public sealed class FuzzCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "fuzz";

    /// <inheritdoc />
    public string Summary => "Fuzz the HJ 212, telemetry and Modbus parsers and the configuration loaders.";

    /// <inheritdoc />
    public CommandSpec Spec { get; } = new(
        [
            new OptionSpec("--target", "<name>", $"{string.Join("|", FuzzTargets.Names)}|all (default all)."),
            new OptionSpec("--count", "<n>", "Inputs per target (default 1000000)."),
            new OptionSpec("--seed", "<s>", "Seed of the generators (default 1); the same seed gives the same inputs."),
            new OptionSpec("--out", "<dir>", "Where a failing input is saved (default: the temporary directory's emissionedge-fuzz)."),
        ],
        [],
        "A run stops at the first crash (an exception other than the component's documented rejection), broken promise " +
        "(valid input refused or changed, rejection without a reason), input slower than 2 s or hang (20 s), and saves the input.\n" +
        "Exit codes: 0 no failure, 1 a target failed, 2 bad arguments.");

    /// <inheritdoc />
    public async Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        var target = arguments.Value("--target") ?? "all";
        var names = target == "all" ? FuzzTargets.Names : FuzzTargets.Names.Where(n => n == target).ToList();
        if (names.Count == 0)
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} fuzz: unknown target '{target}' (use {string.Join(", ", FuzzTargets.Names)} or all)");
            return ExitCodes.BadInput;
        }

        if (!TryNumber(arguments.Value("--count"), 1_000_000, out var count) || count < 1 || !TryNumber(arguments.Value("--seed"), 1, out var seed) || seed < 0)
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} fuzz: --count must be a positive whole number and --seed a non-negative one");
            return ExitCodes.BadInput;
        }

        var options = new FuzzOptions { Count = count, Seed = (ulong)seed };
        if (arguments.Value("--out") is { } directory)
        {
            options = options with { FailureDirectory = directory };
        }

        var failed = false;
        foreach (var name in names)
        {
            var fuzzTarget = FuzzTargets.Create(name)!;
            await console.Out.WriteLineAsync($"fuzzing {name}: {fuzzTarget.Description}, {count} inputs, seed {seed}");
            var report = await Task.Run(() => FuzzRunner.Run(fuzzTarget, options, cancellationToken), cancellationToken);
            await console.Out.WriteAsync(report.ToString());
            failed |= report.Failure is not null;
        }

        return failed ? ExitCodes.Findings : ExitCodes.Success;
    }

    private static bool TryNumber(string? text, long fallback, out long value)
    {
        if (text is null)
        {
            value = fallback;
            return true;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
