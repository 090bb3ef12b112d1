using System.Globalization;
using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Ingest.Devices;
using EmissionEdge.Ingest.Integrity;
using EmissionEdge.Ingest.Storage.Sqlite;
using EmissionEdge.Server.Configuration;

namespace EmissionEdge.Cli.Audit;

/// <summary>
/// <c>emissionedge audit chain --config &lt;plant-config&gt; [--device id] [--from t] [--to t]</c>: checks the mac chain of
/// what the local server has stored (<see cref="StoredChainAuditor"/>) and prints every broken link.
/// </summary>
public sealed class AuditChainCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "audit chain";

    /// <inheritdoc />
    public string Summary => "Check the mac chain of the stored minute records: finds a stored minute changed after it arrived.";

    /// <inheritdoc />
    public CommandSpec Spec { get; } = new(
        [
            new OptionSpec("--config", "<plant-config>", "The plant configuration of the server whose store is audited (its data directory and gateway keys).", Required: true),
            new OptionSpec("--device", "<id>", "Audit only this gateway (default: every gateway of the configuration)."),
            new OptionSpec("--from", "<utc>", "Audit minutes from this UTC time, e.g. 2026-11-26T00:00Z (default: the first)."),
            new OptionSpec("--to", "<utc>", "Audit minutes before this UTC time (default: the last)."),
        ],
        [],
        """
        For every signed record stored, in seq order per gateway: the readings the engine evaluates must equal the signed
        record kept with them (content-changed), its mac must follow from the previous record's mac (mac-mismatch), and no
        seq may be missing (missing-seq). Each broken link is printed as one line:
          BROKEN <device> seq <n> minute <utc> <kind>: <detail>
        Reads the database (<dataDirectory>/emissionedge.db); it may run while the server runs.

        Exit codes: 0 every link holds; 1 broken links found; 2 bad usage, configuration, or no database.
        """);

    /// <inheritdoc />
    public async Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        var problems = new List<string>();
        var from = ParseTime(arguments.Value("--from"), "--from", DateTime.MinValue, problems);
        var to = ParseTime(arguments.Value("--to"), "--to", DateTime.MaxValue, problems);
        var config = PlantConfigFile.Load(arguments.Required("--config"), out var configProblems);
        problems.AddRange(configProblems.Select(p => p.ToString()));
        var devices = new List<DeviceRegistration>();
        if (config is not null)
        {
            var device = arguments.Value("--device");
            foreach (var g in config.Gateways.Where(g => device is null || g.Id == device))
            {
                devices.Add(new DeviceRegistration(g.Id, g.Unit, Convert.FromBase64String(g.Key), g.Mac));
            }

            if (device is not null && devices.Count == 0)
            {
                problems.Add($"--device: gateway '{device}' is not in the configuration (gateways: {string.Join(", ", config.Gateways.Select(g => g.Id))})");
            }

            if (!File.Exists(config.DatabasePath))
            {
                problems.Add($"--config: no database at {config.DatabasePath} (dataDirectory of the configuration): nothing has been stored there");
            }
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: {problem}");
            }

            return ExitCodes.BadInput;
        }

        using var store = new SqliteIngestStore(config!.DatabasePath);
        var report = await new StoredChainAuditor(store).AuditAsync(devices, from, to, cancellationToken);
        foreach (var f in report.Findings)
        {
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"BROKEN {f.Device} seq {f.Seq} minute {f.MinuteUtc:yyyy-MM-dd'T'HH:mm'Z'} {KindName(f.Break)}: {f.Detail}"));
        }

        var verdict = report.IsClean ? "every link holds." : $"{report.Findings.Count} broken link{(report.Findings.Count == 1 ? "" : "s")}.";
        await console.Out.WriteLineAsync($"{report.RecordsChecked} records of {report.Devices} gateway{(report.Devices == 1 ? "" : "s")} checked: {verdict}");
        return report.IsClean ? ExitCodes.Success : ExitCodes.Findings;
    }

    /// <summary>The kind as printed: <c>mac-mismatch</c>, <c>missing-seq</c>, <c>content-changed</c>, …</summary>
    private static string KindName(ChainBreak kind) => kind switch
    {
        ChainBreak.MacMismatch => "mac-mismatch",
        ChainBreak.MissingSeq => "missing-seq",
        ChainBreak.ContentChanged => "content-changed",
        ChainBreak.MacMissing => "mac-missing",
        _ => "not-auditable",
    };

    private static DateTime ParseTime(string? text, string option, DateTime absent, List<string> problems)
    {
        if (text is null)
        {
            return absent;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc) &&
            text.EndsWith('Z'))
        {
            return utc;
        }

        problems.Add($"{option}: expected a UTC time such as 2026-11-26T00:00Z, got '{text}'");
        return absent;
    }
}
