using System.Globalization;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Configuration;

namespace EmissionEdge.Cli.Evaluate;

/// <summary>
/// Reads <c>minutes.csv</c>: a header row, then one minute of one unit per row. Columns: <c>unit</c>, <c>minute</c>
/// (ISO 8601 start of the minute with <c>Z</c> or an offset), any telemetry channel (<c>SO2</c> … <c>AuxPower</c>), each
/// optionally with a <c>&lt;channel&gt;_flag</c> column. An empty value and flag mean "not measured"; an empty flag means N;
/// a flag without value (for example <c>C</c>) is a minute without valid sample.
/// </summary>
public static class MinutesCsv
{
    private const string FlagSuffix = "_flag";

    private enum ColumnRole
    {
        Unit,
        Minute,
        Value,
        Flag,
    }

    private readonly record struct Column(string Name, ColumnRole Role, Channel Channel);

    /// <summary>Parses the file's text.</summary>
    /// <param name="fileName">The file name used in problems.</param>
    /// <param name="text">The file content.</param>
    /// <param name="knownUnits">Unit ids defined in units.json; a row of any other unit is a problem.</param>
    /// <param name="problems">Every problem found, in file order.</param>
    /// <returns>The minute records in file order; meaningful only when <paramref name="problems"/> is empty.</returns>
    public static IReadOnlyList<MinuteRecord> Parse(string fileName, string text, IReadOnlySet<string> knownUnits, out IReadOnlyList<InputProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(knownUnits);
        var found = new List<InputProblem>();
        problems = found;
        var records = new List<MinuteRecord>();
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd('\r').Length == 0)
        {
            found.Add(new InputProblem(fileName, 1, 1, "missing header row (unit,minute,<channels>…)"));
            return records;
        }

        var header = Fields(lines[0].TrimEnd('\r').TrimStart('\uFEFF'));
        var columns = Header(fileName, header, found);
        if (columns is null)
        {
            return records;
        }

        var values = new ChannelReading[Channels.Count];
        for (var lineIndex = 1; lineIndex < lines.Length; lineIndex++)
        {
            var line = lines[lineIndex].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var lineNumber = lineIndex + 1;
            var fields = Fields(line);
            if (fields.Count != columns.Length)
            {
                found.Add(new InputProblem(fileName, lineNumber, 1, $"expected {columns.Length} fields as in the header, got {fields.Count}"));
                continue;
            }

            var before = found.Count;
            string? unit = null;
            DateTime minute = default;
            var channelValues = new double?[Channels.Count];
            var channelFlags = new (DataFlag Flag, int Column)?[Channels.Count];
            for (var i = 0; i < columns.Length; i++)
            {
                var (value, column) = fields[i];
                var spec = columns[i];
                switch (spec.Role)
                {
                    case ColumnRole.Unit:
                        if (knownUnits.Contains(value))
                        {
                            unit = value;
                        }
                        else
                        {
                            found.Add(new InputProblem(fileName, lineNumber, column, $"unit: unknown unit '{value}' (not in units.json)"));
                        }

                        break;
                    case ColumnRole.Minute:
                        if (TryParseMinute(value, out var parsed, out var why))
                        {
                            minute = parsed;
                        }
                        else
                        {
                            found.Add(new InputProblem(fileName, lineNumber, column, $"minute: {why} '{value}'"));
                        }

                        break;
                    case ColumnRole.Value when value.Length > 0:
                        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                        {
                            channelValues[(int)spec.Channel] = number;
                        }
                        else
                        {
                            found.Add(new InputProblem(fileName, lineNumber, column, $"{spec.Name}: not a number '{value}'"));
                        }

                        break;
                    case ColumnRole.Flag when value.Length > 0:
                        if (DataFlags.TryParse(value, out var flag))
                        {
                            channelFlags[(int)spec.Channel] = (flag, column);
                        }
                        else
                        {
                            found.Add(new InputProblem(fileName, lineNumber, column, $"{spec.Name}: bad flag letter '{value}' (expected one of N F M S D C T B)"));
                        }

                        break;
                }
            }

            for (var c = 0; c < Channels.Count; c++)
            {
                if (channelValues[c] is null && channelFlags[c] is { Flag: DataFlag.N or DataFlag.T } orphan)
                {
                    found.Add(new InputProblem(fileName, lineNumber, orphan.Column, $"{Channels.Name((Channel)c)}{FlagSuffix}: flag '{DataFlags.Letter(orphan.Flag)}' needs a value in column {Channels.Name((Channel)c)}"));
                }
            }

            if (found.Count != before || unit is null)
            {
                continue;
            }

            var record = new MinuteRecord(unit, minute);
            for (var c = 0; c < Channels.Count; c++)
            {
                var flag = channelFlags[c]?.Flag ?? DataFlag.N;
                if (channelValues[c] is { } v)
                {
                    record[(Channel)c] = ChannelReading.FromValue(v, flag);
                }
                else if (channelFlags[c] is not null)
                {
                    record[(Channel)c] = ChannelReading.WithoutValue(flag);
                }
            }

            records.Add(record);
        }

        return records;
    }

    private static Column[]? Header(string fileName, List<(string Value, int Column)> header, List<InputProblem> problems)
    {
        var columns = new Column[header.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var (name, position) = header[i];
            if (seen.TryGetValue(name, out var first))
            {
                problems.Add(new InputProblem(fileName, 1, position, $"duplicate column '{name}' (first at column {first})"));
                continue;
            }

            seen[name] = position;
            if (name == "unit")
            {
                columns[i] = new Column(name, ColumnRole.Unit, default);
            }
            else if (name == "minute")
            {
                columns[i] = new Column(name, ColumnRole.Minute, default);
            }
            else if (Channels.TryParse(name, out var channel))
            {
                columns[i] = new Column(name, ColumnRole.Value, channel);
            }
            else if (name.EndsWith(FlagSuffix, StringComparison.Ordinal) && Channels.TryParse(name[..^FlagSuffix.Length], out var flagged))
            {
                columns[i] = new Column(name, ColumnRole.Flag, flagged);
            }
            else
            {
                problems.Add(new InputProblem(fileName, 1, position, $"unknown column '{name}' (expected unit, minute, {string.Join(", ", Channels.All.Select(Channels.Name))} or <channel>_flag)"));
            }
        }

        foreach (var required in new[] { "unit", "minute" })
        {
            if (!seen.ContainsKey(required))
            {
                problems.Add(new InputProblem(fileName, 1, 1, $"missing column '{required}'"));
            }
        }

        foreach (var column in columns.Where(c => c.Role == ColumnRole.Flag))
        {
            if (!seen.ContainsKey(Channels.Name(column.Channel)))
            {
                problems.Add(new InputProblem(fileName, 1, seen[column.Name], $"column '{column.Name}' without its value column '{Channels.Name(column.Channel)}'"));
            }
        }

        return problems.Count == 0 ? columns : null;
    }

    /// <summary>Parses an ISO 8601 minute start with <c>Z</c> or an offset (seconds optional, must be zero) into UTC.</summary>
    internal static bool TryParseMinute(string text, out DateTime utc, out string why)
    {
        utc = default;
        string[] formats = ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];
        var hasZone = text.EndsWith('Z') || (text.Length > 6 && (text[^6] is '+' or '-') && text[^3] == ':');
        if (!hasZone || !DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            why = hasZone || text.Length == 0 ? "not an ISO 8601 time" : "not an ISO 8601 time with Z or an offset";
            return false;
        }

        utc = parsed.UtcDateTime;
        if (utc.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            why = "not on a whole minute";
            return false;
        }

        why = string.Empty;
        return true;
    }

    /// <summary>Splits a CSV line into fields with their 1-based starting columns; double quotes may enclose a field ("" is a quote).</summary>
    private static List<(string Value, int Column)> Fields(string line)
    {
        var fields = new List<(string, int)>();
        var i = 0;
        while (true)
        {
            var start = i;
            string value;
            if (i < line.Length && line[i] == '"')
            {
                var builder = new System.Text.StringBuilder();
                i++;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            builder.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    builder.Append(line[i++]);
                }

                while (i < line.Length && line[i] != ',')
                {
                    builder.Append(line[i++]);
                }

                value = builder.ToString();
            }
            else
            {
                var comma = line.IndexOf(',', i);
                var end = comma < 0 ? line.Length : comma;
                value = line[i..end];
                i = end;
            }

            fields.Add((value, start + 1));
            if (i >= line.Length)
            {
                return fields;
            }

            i++; // skip the comma
        }
    }
}
