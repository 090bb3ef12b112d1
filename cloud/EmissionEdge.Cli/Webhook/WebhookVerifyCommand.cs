using System.Globalization;
using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Ingest.Alerts;

namespace EmissionEdge.Cli.Webhook;

/// <summary>
/// <c>emissionedge webhook verify --secret s --timestamp t --signature h --body file</c>: checks one received alert webhook
/// delivery the way a regulator's receiver must (<see cref="WebhookSignature.Verify"/>).
/// </summary>
public sealed class WebhookVerifyCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "webhook verify";

    /// <inheritdoc />
    public string Summary => "Check the signature and timestamp of a received alert webhook delivery.";

    /// <inheritdoc />
    public CommandSpec Spec { get; } = new(
        [
            new OptionSpec("--secret", "<secret>", "The regulator's webhook secret.", Required: true),
            new OptionSpec("--timestamp", "<unix-seconds>", "The X-EmissionEdge-Timestamp header as received.", Required: true),
            new OptionSpec("--signature", "<sha256=hex>", "The X-EmissionEdge-Signature header as received.", Required: true),
            new OptionSpec("--body", "<file>", "The request body exactly as received (raw bytes, not reformatted).", Required: true),
            new OptionSpec("--received-at", "<unix-seconds>", "When the delivery was received (default: now); the timestamp must lie within the window of it."),
            new OptionSpec("--window", "<seconds>", "How far the timestamp may lie from the receiving time, either way (default 300)."),
        ],
        [],
        """
        The signature is sha256=<lowercase hex of HMAC-SHA256(secret, "<timestamp>." + body)>, compared in constant time.
        A delivery whose timestamp lies outside the window is refused even when signed correctly: a replay of an old delivery.

        Exit codes: 0 valid; 1 invalid (the reason is printed); 2 bad usage or unreadable body file.
        """);

    /// <inheritdoc />
    public async Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        var problems = new List<string>();
        var receivedAt = arguments.Value("--received-at") is { } at
            ? UnixSeconds(at, "--received-at", problems)
            : DateTimeOffset.UtcNow;
        var window = TimeSpan.FromSeconds(arguments.Value("--window") is { } w
            ? PositiveSeconds(w, "--window", problems)
            : WebhookSignature.DefaultTolerance.TotalSeconds);
        var timestamp = arguments.Required("--timestamp");
        var sentAt = UnixSeconds(timestamp, "--timestamp", problems);
        var bodyPath = arguments.Required("--body");
        byte[] body = [];
        try
        {
            body = await File.ReadAllBytesAsync(bodyPath, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"--body: cannot read '{bodyPath}': {e.Message}");
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: {problem}");
            }

            return ExitCodes.BadInput;
        }

        var result = WebhookSignature.Verify(arguments.Required("--secret"), timestamp, body, arguments.Required("--signature"), receivedAt, window);
        var offset = (sentAt - receivedAt).TotalSeconds;
        var when = string.Create(CultureInfo.InvariantCulture, $"timestamp {sentAt:yyyy-MM-dd'T'HH:mm:ss'Z'}, {Math.Abs(offset):0} s {(offset <= 0 ? "before" : "after")} the receiving time");
        await console.Out.WriteLineAsync(result switch
        {
            WebhookVerification.Valid => $"valid: signed with this secret over these {body.Length} body bytes; {when}, within the {window.TotalSeconds:0} s window",
            WebhookVerification.SignatureMismatch => "INVALID: the signature does not match: the body or the timestamp was changed, or another secret signed it",
            WebhookVerification.OutsideWindow => $"INVALID: signed correctly, but {when}, outside the {window.TotalSeconds:0} s window (a replayed or misdated delivery)",
            _ => $"INVALID: {result}",
        });
        return result == WebhookVerification.Valid ? ExitCodes.Success : ExitCodes.Findings;
    }

    private static DateTimeOffset UnixSeconds(string text, string option, List<string> problems)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        problems.Add($"{option}: expected Unix seconds (a whole number such as 1764115200), got '{text}'");
        return DateTimeOffset.UnixEpoch;
    }

    private static double PositiveSeconds(string text, string option, List<string> problems)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return seconds;
        }

        problems.Add($"{option}: expected a positive whole number of seconds, got '{text}'");
        return 1;
    }
}
