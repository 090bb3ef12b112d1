using System.Text.Encodings.Web;
using System.Text.Json;
using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Gateway.Core.Hj212;

namespace EmissionEdge.Cli.Commands;

/// <summary><c>emissionedge hj212 decode &lt;file&gt;</c>: decodes HJ 212 packets, one per line, to JSON.</summary>
public sealed class Hj212DecodeCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "hj212 decode";

    /// <inheritdoc />
    public string Summary => "Decode HJ 212-2017 packets, one per line, to JSON.";

    /// <inheritdoc />
    public CommandSpec Spec { get; } = new(
        [],
        [new PositionalSpec("<file>", "Text file with one packet per line (blank lines are skipped).")],
        "Prints a JSON array with one object per packet line: its line number and header fields, and CP as a list\n" +
        "of groups (';'-separated) of key/value pairs, or the reason it is invalid.\n" +
        "Exit codes: 0 every packet decoded, 1 some packet is invalid, 2 the file cannot be read.");

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
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var (line, text) in lines)
            {
                json.WriteStartObject();
                json.WriteNumber("line", line);
                if (!Hj212Codec.TryParse(text, out var packet, out var error))
                {
                    allValid = false;
                    json.WriteBoolean("valid", false);
                    json.WriteString("error", error);
                }
                else
                {
                    json.WriteBoolean("valid", true);
                    WritePacket(json, packet!);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        await console.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        return allValid ? ExitCodes.Success : ExitCodes.Findings;
    }

    private static void WritePacket(Utf8JsonWriter json, Hj212Packet packet)
    {
        WriteOptional(json, "qn", packet.QN);
        json.WriteString("st", packet.ST);
        json.WriteString("cn", packet.CN);
        json.WriteString("pw", packet.PW);
        json.WriteString("mn", packet.MN);
        if (packet.Flag >= 0)
        {
            json.WriteNumber("flag", packet.Flag);
        }

        if (packet.IsSplit)
        {
            json.WriteNumber("pnum", packet.PacketCount);
            json.WriteNumber("pno", packet.PacketNumber);
        }

        if (packet.ExtraFieldCount > 0)
        {
            json.WriteStartObject("otherFields");
            for (int i = 0; i < packet.ExtraFieldCount; i++)
            {
                json.WriteString(packet.ExtraFieldName(i), packet.ExtraFieldValue(i));
            }

            json.WriteEndObject();
        }

        json.WriteStartArray("cp");
        int group = -1;
        foreach (var item in packet.CpItems())
        {
            if (item.Group != group)
            {
                if (group >= 0)
                {
                    json.WriteEndArray();
                }

                json.WriteStartArray();
                group = item.Group;
            }

            json.WriteStartObject();
            json.WriteString("key", item.Key);
            json.WriteString("value", item.Value);
            json.WriteEndObject();
        }

        if (group >= 0)
        {
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string value)
    {
        if (value.Length > 0)
        {
            json.WriteString(name, value);
        }
    }
}
