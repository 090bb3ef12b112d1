using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Gateway.Core.Hj212;

namespace EmissionEdge.Cli.Commands;

/// <summary><c>emissionedge hj212 check &lt;file&gt;</c>: verifies one HJ 212 packet per line (length, CRC, fields).</summary>
public sealed class Hj212CheckCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "hj212 check";

    /// <inheritdoc />
    public string Summary => "Check HJ 212-2017 packets, one per line: length, CRC and fields.";

    /// <inheritdoc />
    public CommandSpec Spec { get; } = new(
        [],
        [new PositionalSpec("<file>", "Text file with one packet per line (##…CRC, trailing CR/LF optional; blank lines are skipped).")],
        "Prints one verdict per packet line: OK, or ERROR <reason>.\nExit codes: 0 every packet is valid, 1 some packet is not, 2 the file cannot be read.");

    /// <inheritdoc />
    public async Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        var lines = await PacketLines.ReadAsync(arguments.Positionals[0], console, cancellationToken);
        if (lines is null)
        {
            return ExitCodes.BadInput;
        }

        bool allValid = true;
        foreach (var (_, text) in lines)
        {
            if (Hj212Codec.TryParse(text, out _, out var error))
            {
                await console.Out.WriteLineAsync("OK");
            }
            else
            {
                allValid = false;
                await console.Out.WriteLineAsync("ERROR " + error);
            }
        }

        return allValid ? ExitCodes.Success : ExitCodes.Findings;
    }
}

/// <summary>Reads a file of packets, one per line, skipping blank lines.</summary>
internal static class PacketLines
{
    /// <summary>The non-blank lines with their 1-based line numbers, or <see langword="null"/> after reporting why the file cannot be read.</summary>
    public static async Task<IReadOnlyList<(int Line, string Text)>?> ReadAsync(string path, CliConsole console, CancellationToken cancellationToken)
    {
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName}: cannot read '{path}': {e.Message}");
            return null;
        }

        return lines.Select((text, i) => (Line: i + 1, Text: text.TrimEnd('\r', '\n'))).Where(l => l.Text.Trim().Length > 0).ToList();
    }
}
