using System.Globalization;
using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Compliance.Evaluation;
using EmissionEdge.Configuration;
using EmissionEdge.Configuration.Units;

namespace EmissionEdge.Cli.Evaluate;

/// <summary>
/// <c>emissionedge evaluate --units &lt;units.json&gt; --minutes &lt;minutes.csv&gt;</c>: evaluates minute data against the
/// units' limits and prints the JSON report. Bad input: exit code 2 and one line per problem (the first 20) as
/// <c>file:line:column: message</c> on stderr, nothing on stdout.
/// </summary>
public sealed class EvaluateCommand : ICliCommand
{
    /// <summary>Problems printed at most; a final line says how many more were found.</summary>
    public const int MaxProblemsShown = 20;

    /// <inheritdoc />
    public string Name => "evaluate";

    /// <inheritdoc />
    public string Summary => "Evaluate minute data against the units' limits: hourly results, net coal consumption and alerts as JSON.";

    /// <inheritdoc />
    public CommandSpec Spec { get; } = new(
        [
            new OptionSpec("--units", "<units.json>", "Unit profiles: {\"units\":[{\"id\":\"U1\",\"class\":\"existing\",…}]}", Required: true),
            new OptionSpec("--minutes", "<minutes.csv>", "Minute records: unit,minute,<channel>[,<channel>_flag]…", Required: true),
            new OptionSpec("--as-of", "<time>", "ISO 8601 time up to which data is complete (closes months, ends data gaps); default: end of the last hour in the data"),
        ],
        [],
        """
        units.json fields (all but id optional): id, class (existing|new), o2Reference (6), limits ([{pollutant, value, from}],
        default Dust 10, SO2 35, NOx 50), coalLimit (320 existing / 300 new), basis ({"SO2":"wet-actual",…} for SO2, NOx,
        NO, NO2, Dust, Flow; default dry-standard), o2Basis (dry|wet), ambientPressurePa (101325), o2CutOff (20),
        standardCoalKjPerKg (29271), coalLhvKjPerKg, dailyCoalLhvKjPerKg ({"2026-03-15": 21100}).

        minutes.csv columns: unit, minute (ISO 8601 start of the minute, Z or offset), then any of SO2 NOx NO NO2 Dust O2 H2O
        Temp Pressure Flow CoalFeed GrossPower AuxPower, each optionally with <channel>_flag (N F M S D C T B; empty = N).
        An empty cell is not measured. The same unit and minute twice: the later row wins.

        Exit codes: 0 report written; 2 bad usage or input (each problem as file:line:column: message on stderr).
        """);

    /// <inheritdoc />
    public async Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        var unitsPath = arguments.Required("--units");
        var minutesPath = arguments.Required("--minutes");

        DateTime? asOf = null;
        if (arguments.Value("--as-of") is { } asOfText)
        {
            if (!DateTimeOffset.TryParse(asOfText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) || !HasZone(asOfText))
            {
                return await Fail(console, [$"{CliApplication.ProgramName} evaluate: --as-of must be an ISO 8601 time with Z or an offset, got '{asOfText}'"]);
            }

            asOf = parsed.UtcDateTime;
        }

        byte[] unitsBytes;
        string minutesText;
        try
        {
            unitsBytes = await File.ReadAllBytesAsync(unitsPath, cancellationToken);
            minutesText = await File.ReadAllTextAsync(minutesPath, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return await Fail(console, [$"{CliApplication.ProgramName} evaluate: cannot read input: {e.Message}"]);
        }

        var units = UnitsFile.Parse(unitsPath, unitsBytes, out var unitProblems);
        if (unitProblems.Count > 0)
        {
            return await Fail(console, unitProblems.Select(p => p.ToString()).ToList());
        }

        var knownUnits = units.Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        var minutes = MinutesCsv.Parse(minutesPath, minutesText, knownUnits, out var minuteProblems);
        if (minuteProblems.Count > 0)
        {
            return await Fail(console, minuteProblems.Select(p => p.ToString()).ToList());
        }

        var report = ComplianceEvaluator.Evaluate(units, minutes, asOfUtc: asOf);
        await console.Out.WriteAsync(ReportJson.Write(report).AsMemory(), cancellationToken);
        return ExitCodes.Success;
    }

    private static bool HasZone(string text) => text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static async Task<int> Fail(CliConsole console, IReadOnlyList<string> problems)
    {
        foreach (var problem in problems.Take(MaxProblemsShown))
        {
            await console.Error.WriteLineAsync(problem);
        }

        if (problems.Count > MaxProblemsShown)
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} evaluate: {problems.Count - MaxProblemsShown} more problems not shown ({problems.Count} in all)");
        }

        return ExitCodes.BadInput;
    }
}
