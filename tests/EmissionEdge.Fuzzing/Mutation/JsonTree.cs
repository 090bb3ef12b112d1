using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace EmissionEdge.Fuzzing.Mutation;

/// <summary>
/// A JSON document as a mutable tree that, unlike System.Text.Json's, can hold the same member twice and keeps
/// scalar tokens as their raw text (so huge numbers and odd escapes survive a rewrite).
/// </summary>
public abstract class JsonTree
{
    /// <summary>Parses valid JSON.</summary>
    /// <param name="utf8">The document.</param>
    /// <returns>The tree.</returns>
    public static JsonTree Parse(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return From(document.RootElement);
    }

    /// <summary>A copy of the whole tree.</summary>
    /// <returns>The copy.</returns>
    public abstract JsonTree Clone();

    /// <summary>Writes the tree as JSON text.</summary>
    /// <param name="text">Where.</param>
    /// <param name="indent">Indentation step; 0 writes compact JSON.</param>
    /// <param name="depth">Current depth.</param>
    public abstract void Write(StringBuilder text, int indent, int depth = 0);

    /// <summary>The tree as UTF-8 JSON.</summary>
    /// <param name="indent">Indentation step; 0 writes compact JSON.</param>
    /// <returns>The bytes.</returns>
    public byte[] ToUtf8(int indent)
    {
        var text = new StringBuilder();
        Write(text, indent);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Every node of the tree (this one first), with the container holding it (<see langword="null"/> for the root).</summary>
    /// <param name="into">Where the pairs go.</param>
    /// <param name="parent">This node's container.</param>
    public virtual void Collect(List<(JsonTree Node, JsonTree? Parent)> into, JsonTree? parent = null) => into.Add((this, parent));

    private static JsonTree From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new JsonObjectTree(element.EnumerateObject().Select(p => new KeyValuePair<string, JsonTree>(p.Name, From(p.Value))).ToList()),
        JsonValueKind.Array => new JsonArrayTree(element.EnumerateArray().Select(From).ToList()),
        _ => new JsonScalar(element.GetRawText()),
    };

    /// <summary>Newline and indentation.</summary>
    protected static void Break(StringBuilder text, int indent, int depth)
    {
        if (indent > 0)
        {
            text.Append('\n').Append(' ', indent * depth);
        }
    }
}

/// <summary>A string, number, true, false or null, kept as its raw JSON text.</summary>
/// <param name="raw">The token text, e.g. <c>"GS-01"</c> or <c>1e309</c>.</param>
public sealed class JsonScalar(string raw) : JsonTree
{
    /// <summary>The token text.</summary>
    public string Raw { get; set; } = raw;

    /// <inheritdoc />
    public override JsonTree Clone() => new JsonScalar(Raw);

    /// <inheritdoc />
    public override void Write(StringBuilder text, int indent, int depth = 0) => text.Append(Raw);
}

/// <summary>An object: members in order, names may repeat.</summary>
/// <param name="members">The members.</param>
public sealed class JsonObjectTree(List<KeyValuePair<string, JsonTree>> members) : JsonTree
{
    // Member names come from a few sample documents and their renames: each is escaped once, not at every write.
    private static readonly ConcurrentDictionary<string, string> QuotedNames = new(StringComparer.Ordinal);

    /// <summary>The members.</summary>
    public List<KeyValuePair<string, JsonTree>> Members { get; } = members;

    /// <inheritdoc />
    public override JsonTree Clone() => new JsonObjectTree(Members.Select(m => new KeyValuePair<string, JsonTree>(m.Key, m.Value.Clone())).ToList());

    /// <inheritdoc />
    public override void Write(StringBuilder text, int indent, int depth = 0)
    {
        text.Append('{');
        for (var i = 0; i < Members.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : ",");
            Break(text, indent, depth + 1);
            text.Append(Quoted(Members[i].Key)).Append(indent > 0 ? ": " : ":");
            Members[i].Value.Write(text, indent, depth + 1);
        }

        if (Members.Count > 0)
        {
            Break(text, indent, depth);
        }

        text.Append('}');
    }

    private static string Quoted(string name)
    {
        if (QuotedNames.TryGetValue(name, out var quoted))
        {
            return quoted;
        }

        quoted = JsonSerializer.Serialize(name);
        if (QuotedNames.Count < 10_000)
        {
            QuotedNames.TryAdd(name, quoted);
        }

        return quoted;
    }

    /// <inheritdoc />
    public override void Collect(List<(JsonTree Node, JsonTree? Parent)> into, JsonTree? parent = null)
    {
        into.Add((this, parent));
        foreach (var member in Members)
        {
            member.Value.Collect(into, this);
        }
    }
}

/// <summary>An array.</summary>
/// <param name="items">The items.</param>
public sealed class JsonArrayTree(List<JsonTree> items) : JsonTree
{
    /// <summary>The items.</summary>
    public List<JsonTree> Items { get; } = items;

    /// <inheritdoc />
    public override JsonTree Clone() => new JsonArrayTree(Items.Select(i => i.Clone()).ToList());

    /// <inheritdoc />
    public override void Write(StringBuilder text, int indent, int depth = 0)
    {
        text.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : ",");
            Break(text, indent, depth + 1);
            Items[i].Write(text, indent, depth + 1);
        }

        if (Items.Count > 0)
        {
            Break(text, indent, depth);
        }

        text.Append(']');
    }

    /// <inheritdoc />
    public override void Collect(List<(JsonTree Node, JsonTree? Parent)> into, JsonTree? parent = null)
    {
        into.Add((this, parent));
        foreach (var item in Items)
        {
            item.Collect(into, this);
        }
    }
}

/// <summary>Sets values inside a <see cref="JsonTree"/> by path, for generators that vary a valid sample.</summary>
public static class JsonEdit
{
    /// <summary>Sets (or adds) the member at <paramref name="path"/>, e.g. <c>analyzers[0].unitId</c>, to a raw JSON value.</summary>
    /// <param name="root">The document (changed).</param>
    /// <param name="path">Member names separated by '.', each optionally followed by <c>[index]</c>.</param>
    /// <param name="raw">The JSON text of the value.</param>
    /// <returns><paramref name="root"/>.</returns>
    public static JsonTree Set(JsonTree root, string path, string raw)
    {
        var node = root;
        var parts = path.Split('.');
        for (var p = 0; p < parts.Length; p++)
        {
            var part = parts[p];
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            var obj = (JsonObjectTree)node;
            var at = obj.Members.FindIndex(m => m.Key == name);
            var last = p == parts.Length - 1 && bracket < 0;
            if (last)
            {
                if (at < 0)
                {
                    obj.Members.Add(new(name, new JsonScalar(raw)));
                }
                else
                {
                    obj.Members[at] = new(name, new JsonScalar(raw));
                }

                return root;
            }

            node = obj.Members[at].Value;
            if (bracket >= 0)
            {
                var index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                node = ((JsonArrayTree)node).Items[index];
            }
        }

        return root;
    }
}
