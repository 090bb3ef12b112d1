using System.Text;
using System.Text.Json;

namespace EmissionEdge.Cli.Evaluate;

/// <summary>The kind of a <see cref="JsonNodeAt"/>.</summary>
internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A JSON property with the position of its name.</summary>
internal sealed record JsonPropertyAt(string Name, int Line, int Column, JsonNodeAt Value);

/// <summary>A JSON value with the 1-based line and column where it starts, so configuration errors can point at it.</summary>
internal sealed class JsonNodeAt
{
    public required JsonKind Kind { get; init; }
    public required int Line { get; init; }
    public required int Column { get; init; }

    /// <summary>The string value, or the number as written.</summary>
    public string? Text { get; init; }

    public List<JsonPropertyAt> Properties { get; } = [];
    public List<JsonNodeAt> Items { get; } = [];

    /// <summary>The value as it appears in a message: strings quoted, numbers as written, containers by kind.</summary>
    public string Display => Kind switch
    {
        JsonKind.String => $"\"{Text}\"",
        JsonKind.Number => Text!,
        JsonKind.True => "true",
        JsonKind.False => "false",
        JsonKind.Null => "null",
        JsonKind.Object => "an object",
        _ => "an array",
    };
}

/// <summary>Parses JSON into <see cref="JsonNodeAt"/> trees with positions, using <see cref="Utf8JsonReader"/>.</summary>
internal static class PositionedJson
{
    /// <summary>Parses <paramref name="utf8"/>; on a syntax error returns null and the error's position and message.</summary>
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

            var root = ReadValue(ref reader, lineStarts);
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
    }

    private static JsonNodeAt ReadValue(ref Utf8JsonReader reader, List<long> lineStarts)
    {
        var (line, column) = Position(lineStarts, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var node = new JsonNodeAt { Kind = JsonKind.Object, Line = line, Column = column };
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var (nameLine, nameColumn) = Position(lineStarts, reader.TokenStartIndex);
                    var name = reader.GetString()!;
                    reader.Read();
                    node.Properties.Add(new JsonPropertyAt(name, nameLine, nameColumn, ReadValue(ref reader, lineStarts)));
                }

                return node;
            }

            case JsonTokenType.StartArray:
            {
                var node = new JsonNodeAt { Kind = JsonKind.Array, Line = line, Column = column };
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    node.Items.Add(ReadValue(ref reader, lineStarts));
                }

                return node;
            }

            case JsonTokenType.String:
                return new JsonNodeAt { Kind = JsonKind.String, Line = line, Column = column, Text = reader.GetString() };
            case JsonTokenType.Number:
                return new JsonNodeAt { Kind = JsonKind.Number, Line = line, Column = column, Text = Encoding.UTF8.GetString(reader.ValueSpan) };
            case JsonTokenType.True:
                return new JsonNodeAt { Kind = JsonKind.True, Line = line, Column = column };
            case JsonTokenType.False:
                return new JsonNodeAt { Kind = JsonKind.False, Line = line, Column = column };
            default:
                return new JsonNodeAt { Kind = JsonKind.Null, Line = line, Column = column };
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
