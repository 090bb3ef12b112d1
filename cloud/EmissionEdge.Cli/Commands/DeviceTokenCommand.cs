using System.Globalization;
using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Core.Telemetry;

namespace EmissionEdge.Cli.Commands;

/// <summary><c>emissionedge device token</c>: prints a device's IoT Hub SAS token (the gateway's MQTT password).</summary>
public sealed class DeviceTokenCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "device token";

    /// <inheritdoc />
    public string Summary => "Print a device's IoT Hub SAS token (MQTT password), as the gateway computes it.";

    /// <inheritdoc />
    public CommandSpec Spec { get; } = new(
        [
            new OptionSpec("--hub", "<host>", "IoT Hub host name, e.g. ee-hub.azure-devices.net.", Required: true),
            new OptionSpec("--device", "<id>", "Device id.", Required: true),
            new OptionSpec("--key", "<base64>", "The device's symmetric key, base64.", Required: true),
            new OptionSpec("--expiry", "<unix-seconds>", "When the token expires, Unix seconds.", Required: true),
        ],
        [],
        "Prints: SharedAccessSignature sr=<urlencoded host/devices/id>&sig=<urlencoded base64 HMAC-SHA256>&se=<expiry>.\n" +
        "Use it with username <host>/<id>/?api-version=2021-04-12 and client id <id>.");

    /// <inheritdoc />
    public async Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        var expiryText = arguments.Required("--expiry");
        if (!long.TryParse(expiryText, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry) || expiry <= 0)
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: --expiry '{expiryText}' is not Unix seconds (a positive whole number)");
            return ExitCodes.BadInput;
        }

        var key = arguments.Required("--key");
        try
        {
            Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: --key is not valid base64");
            return ExitCodes.BadInput;
        }

        var token = new IotHubConnection(arguments.Required("--hub"), arguments.Required("--device")).SasToken(key, expiry, new HmacSha256());
        await console.Out.WriteLineAsync(token);
        return ExitCodes.Success;
    }
}
