using System.Text;
using System.Text.Json;

namespace EmissionEdge.Configuration.Json;

/// <summary>The kind of a <see cref="JsonNodeAt"/>.</summary>
public enum JsonNodeKind
{
    /// <summary>An object.</summary>
    Object,
    /// <summary>An array.</summary>
    Array,
    /// <summary>A string.</summary>
    String,
    /// <summary>A number (kept as written).</summary>
    Number,
    /// <summary><c>true</c>.</summary>
    True,
    /// <summary><c>false</c>.</summary>
    False,
    /// <summary><c>null</c>.</summary>
    Null,
}

/// <summary>A JSON property with the position of its name.</summary>
/// <param name="Name">The property name.</param>
/// <param name="Line">1-based line of the name.</param>
/// <param name="Column">1-based column of the name.</param>
/// <param name="Value">The value.</param>
public sealed record JsonPropertyAt(string Name, int Line, int Column, JsonNodeAt Value);

/// <summary>A JSON value with the 1-based line and column where it starts, so configuration errors can point at it.</summary>
public sealed class JsonNodeAt
{
    /// <summary>What the value is.</summary>
    public required JsonNodeKind Kind { get; init; }

    /// <summary>1-based line where the value starts.</summary>
    public required int Line { get; init; }

    /// <summary>1-based column (bytes of the line) where the value starts.</summary>
    public required int Column { get; init; }

    /// <summary>Where the value sits in the document, e.g. <c>units[1].o2Reference</c>; empty for the root.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>The string value, or the number as written.</summary>
    public string? Text { get; init; }

    /// <summary>The properties of an object, in document order (repeats kept).</summary>
    public List<JsonPropertyAt> Properties { get; } = [];

    /// <summary>The items of an array.</summary>
    public List<JsonNodeAt> Items { get; } = [];

    /// <summary>The first property named <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The property.</returns>
    public JsonPropertyAt? Property(string name) => Properties.FirstOrDefault(p => p.Name == name);

    /// <summary>The value as it appears in a message: strings quoted, numbers as written, containers by kind.</summary>
    public string Display => Kind switch
    {
        JsonNodeKind.String => $"\"{Text}\"",
        JsonNodeKind.Number => Text!,
        JsonNodeKind.True => "true",
        JsonNodeKind.False => "false",
        JsonNodeKind.Null => "null",
        JsonNodeKind.Object => "an object",
        _ => "an array",
    };
}

/// <summary>Parses JSON into <see cref="JsonNodeAt"/> trees with positions, using <see cref="Utf8JsonReader"/>.</summary>
public static class PositionedJson
{
    /// <summary>Parses a configuration file's bytes (a UTF-8 byte order mark is skipped); a syntax error is added to <paramref name="problems"/>.</summary>
    /// <param name="fileName">The file name used in the problem.</param>
    /// <param name="utf8">The file content.</param>
    /// <param name="problems">Where a syntax error is reported.</param>
    /// <returns>The root value, or <see langword="null"/> after a syntax error.</returns>
    public static JsonNodeAt? ParseFile(string fileName, byte[] utf8, List<InputProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        ArgumentNullException.ThrowIfNull(problems);
        var content = utf8.AsSpan().StartsWith("\uFEFF"u8) ? utf8[3..] : utf8;
        var root = Parse(content, out var syntax);
        if (root is null)
        {
            problems.Add(new InputProblem(fileName, syntax!.Value.Line, syntax.Value.Column, syntax.Value.Message));
        }

        return root;
    }

    /// <summary>Parses <paramref name="utf8"/>; on a syntax error returns null and the error's position and message.</summary>
    /// <param name="utf8">The document.</param>
    /// <param name="error">The syntax error, when there is one.</param>
    /// <returns>The root value, or <see langword="null"/>.</returns>
    public static JsonNodeAt? Parse(byte[] utf8, out (int Line, int Column, string Message)? error)
    {
        var lineStarts = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        try
        {
            if (!reader.Read())
            {
                error = (1, 1, "the file is empty");
                return null;
            }

            var root = ReadValue(ref reader, lineStarts, string.Empty);
            if (reader.Read())
            {
                var (line, column) = Position(lineStarts, reader.TokenStartIndex);
                error = (line, column, "unexpected content after the JSON value");
                return null;
            }

            error = null;
            return root;
        }
        catch (JsonException e)
        {
            error = ((int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, $"invalid JSON: {FirstSentence(e.Message)}");
            return null;
        }
        catch (UnreadableTextException e)
        {
            error = (e.Line, e.Column, e.Message);
            return null;
        }
    }

    /// <summary>
    /// The current string token or property name as text. <see cref="Utf8JsonReader.GetString"/> throws
    /// <see cref="InvalidOperationException"/> (not <see cref="JsonException"/>) for bytes that are not UTF-8 and for an
    /// escaped lone surrogate (<c>"\ud800"</c>); that becomes a problem at the token's position.
    /// </summary>
    private static string ReadText(ref Utf8JsonReader reader, List<long> lineStarts)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            var (line, column) = Position(lineStarts, reader.TokenStartIndex);
            throw new UnreadableTextException(line, column, "invalid JSON: text that is not valid UTF-8 (or an escaped lone surrogate such as \\ud800)");
        }
    }

    /// <summary>A string token whose text cannot be decoded.</summary>
    private sealed class UnreadableTextException(int line, int column, string message) : Exception(message)
    {
        public int Line { get; } = line;

        public int Column { get; } = column;
    }

    private static JsonNodeAt ReadValue(ref Utf8JsonReader reader, List<long> lineStarts, string path)
    {
        var (line, column) = Position(lineStarts, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = new JsonNodeAt { Kind = JsonNodeKind.Object, Line = line, Column = column, Path = path };
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var (nameLine, nameColumn) = Position(lineStarts, reader.TokenStartIndex);
                    var name = ReadText(ref reader, lineStarts);
                    reader.Read();
                    node.Properties.Add(new JsonPropertyAt(name, nameLine, nameColumn, ReadValue(ref reader, lineStarts, path.Length == 0 ? name : $"{path}.{name}")));
                }

                return node;
            }

            case JsonTokenType.StartArray:
            {
                var node = new JsonNodeAt { Kind = JsonNodeKind.Array, Line = line, Column = column, Path = path };
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    node.Items.Add(ReadValue(ref reader, lineStarts, $"{path}[{node.Items.Count}]"));
                }

                return node;
            }

            case JsonTokenType.String:
                return new JsonNodeAt { Kind = JsonNodeKind.String, Line = line, Column = column, Path = path, Text = ReadText(ref reader, lineStarts) };
            case JsonTokenType.Number:
                return new JsonNodeAt { Kind = JsonNodeKind.Number, Line = line, Column = column, Path = path, Text = Encoding.UTF8.GetString(reader.ValueSpan) };
            case JsonTokenType.True:
                return new JsonNodeAt { Kind = JsonNodeKind.True, Line = line, Column = column, Path = path };
            case JsonTokenType.False:
                return new JsonNodeAt { Kind = JsonNodeKind.False, Line = line, Column = column, Path = path };
            default:
                return new JsonNodeAt { Kind = JsonNodeKind.Null, Line = line, Column = column, Path = path };
        }
    }

    private static List<long> LineStarts(byte[] utf8)
    {
        var starts = new List<long> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static (int Line, int Column) Position(List<long> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch(offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, (int)(offset - lineStarts[index]) + 1);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd();
    }
}
