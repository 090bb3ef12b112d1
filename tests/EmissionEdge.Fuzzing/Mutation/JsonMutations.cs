using System.Text;
using CsCheck;

namespace EmissionEdge.Fuzzing.Mutation;

/// <summary>
/// Structure-aware mutation of a valid JSON document: a value replaced by a boundary value (huge and tiny numbers,
/// overflowing integers, empty, NUL, lone surrogate and non-ASCII strings, wrong types), values swapped between fields,
/// members duplicated, removed or renamed, array items multiplied, values wrapped in deep nesting. Each result is
/// written compact or indented, and sometimes byte-mutated as well. The big forms (up to 2000 copies of an item, 20 000
/// levels of nesting, strings of 300 000 characters) are drawn 1 time in 32 of their mutation, small ones otherwise: a
/// million-input run still holds thousands of each, and they no longer make most of its time.
/// </summary>
public static class JsonMutations
{
    /// <summary>Values put in place of a field's value.</summary>
    public static IReadOnlyList<string> BoundaryValues { get; } =
    [
        "null", "true", "false", "0", "-0", "-1", "1", "0.5", "2147483647", "2147483648", "-2147483649", "4294967296",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "123456789012345678901234567890123456789", "1e308", "1.7976931348623157e308", "1e309", "-1e309", "4.9e-324", "1e-400",
        "0.1e1", "1E+2", "-1e-7", "65535", "65536", "247", "248", "256", "1024", "1025",
        "\"\"", "\" \"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"é中文\"", "\"😀\"", "\"\\\"\"", "\"\\\\\"",
        "\"../../../../etc/passwd\"", "\"/dev/null\"", "\"C:\\\\con\"", "\"NaN\"", "\"Infinity\"", "\"-0\"", "\"1\"", "\"true\"",
        "\"2026-11-26T00:01:00Z\"", "\"2026-02-30\"", "\"9999-12-31T23:59:59Z\"", "\"0001-01-01\"", "\"N\"", "\"n\"", "\"X\"",
        "{}", "[]", "[null]", "{\"\":0}", "[[]]",
    ];

    private static readonly string[] Names =
        ["boundary value", "value swap", "member duplicate", "member delete", "member rename", "item multiply", "deep nesting", "long string", "type flip"];

    /// <summary>Applies 1–3 structural mutations to a copy of <paramref name="document"/> and writes it.</summary>
    /// <param name="pcg">Random source.</param>
    /// <param name="document">A valid document (not changed).</param>
    /// <param name="description">The mutations applied.</param>
    /// <returns>The mutated JSON.</returns>
    public static byte[] Mutate(PCG pcg, JsonTree document, out string description)
    {
        var tree = document.Clone();
        var rounds = 1 + (int)pcg.Next(3);
        var applied = new StringBuilder();
        for (var r = 0; r < rounds; r++)
        {
            var op = (int)pcg.Next((uint)Names.Length);
            tree = Apply(pcg, tree, op);
            applied.Append(r == 0 ? string.Empty : " + ").Append(Names[op]);
        }

        description = applied.ToString();
        return tree.ToUtf8(pcg.Next(3) == 0 ? 0 : 2);
    }

    private static JsonTree Apply(PCG pcg, JsonTree tree, int op)
    {
        var nodes = new List<(JsonTree Node, JsonTree? Parent)>();
        tree.Collect(nodes);
        var (node, parent) = nodes[(int)pcg.Next((uint)nodes.Count)];
        switch (op)
        {
            case 0:
                return Replace(tree, node, parent, Scalar(BoundaryValues[(int)pcg.Next((uint)BoundaryValues.Count)]));
            case 1:
                var (other, otherParent) = nodes[(int)pcg.Next((uint)nodes.Count)];
                if (ReferenceEquals(other, node) || Contains(node, other) || Contains(other, node))
                {
                    return tree;
                }

                var copy = node.Clone();
                tree = Replace(tree, node, parent, other.Clone());
                return Replace(tree, other, otherParent, copy);
            case 2 when node is JsonObjectTree { Members.Count: > 0 } obj:
                var member = obj.Members[(int)pcg.Next((uint)obj.Members.Count)];
                var value = pcg.Next(2) == 0 ? member.Value.Clone() : Scalar(BoundaryValues[(int)pcg.Next((uint)BoundaryValues.Count)]);
                obj.Members.Insert((int)pcg.Next((uint)obj.Members.Count + 1), new(member.Key, value));
                return tree;
            case 3 when node is JsonObjectTree { Members.Count: > 0 } obj:
                obj.Members.RemoveAt((int)pcg.Next((uint)obj.Members.Count));
                return tree;
            case 3 when node is JsonArrayTree { Items.Count: > 0 } array:
                array.Items.RemoveAt((int)pcg.Next((uint)array.Items.Count));
                return tree;
            case 4 when node is JsonObjectTree { Members.Count: > 0 } obj:
                var index = (int)pcg.Next((uint)obj.Members.Count);
                obj.Members[index] = new(Rename(pcg, obj.Members[index].Key), obj.Members[index].Value);
                return tree;
            case 5 when node is JsonArrayTree { Items.Count: > 0 } array:
                var item = array.Items[(int)pcg.Next((uint)array.Items.Count)];
                // Up to 2000 copies, but not past ~2 MB: a larger file says nothing more and only slows the run.
                var times = Math.Min(1 + (int)pcg.Next(Big(pcg) ? 2000u : 8u), Math.Max(1, 2_000_000 / item.ToUtf8(0).Length));
                for (var t = 0; t < times; t++)
                {
                    array.Items.Add(item.Clone());
                }

                return tree;
            case 6:
                var depth = 1 + (int)pcg.Next(Big(pcg) ? 20_000u : 70u);
                var wrapped = new StringBuilder();
                var open = pcg.Next(2) == 0;
                for (var d = 0; d < depth; d++)
                {
                    wrapped.Append(open ? "[" : "{\"a\":");
                }

                node.Write(wrapped, 0);
                for (var d = 0; d < depth; d++)
                {
                    wrapped.Append(open ? "]" : "}");
                }

                return Replace(tree, node, parent, Scalar(wrapped.ToString()));
            case 7:
                var length = (int)pcg.Next(Big(pcg) ? 300_000u : 2000u);
                return Replace(tree, node, parent, Scalar("\"" + new string((char)('a' + pcg.Next(26)), length) + "\""));
            case 8 when node is JsonScalar scalar:
                // 12 ⇄ "12": the same value with the wrong JSON type.
                var raw = scalar.Raw;
                var flipped = raw.StartsWith('"') && raw.Length >= 2 ? raw[1..^1] : "\"" + raw.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
                return Replace(tree, node, parent, Scalar(flipped.Length == 0 ? "\"\"" : flipped));
        }

        return tree;
    }

    /// <summary>Whether this mutation takes its big form (1 in 32).</summary>
    private static bool Big(PCG pcg) => pcg.Next(32) == 0;

    private static JsonScalar Scalar(string raw) => new(raw);

    private static string Rename(PCG pcg, string name) => pcg.Next(5) switch
    {
        0 => name.ToUpperInvariant(),
        1 => name + "x",
        2 => name.Length > 1 ? name[..^1] : "é",
        3 => name + "\u00e9",
        _ => string.Empty,
    };

    private static bool Contains(JsonTree outer, JsonTree inner)
    {
        var all = new List<(JsonTree Node, JsonTree? Parent)>();
        outer.Collect(all);
        return all.Any(n => ReferenceEquals(n.Node, inner));
    }

    private static JsonTree Replace(JsonTree root, JsonTree node, JsonTree? parent, JsonTree replacement)
    {
        switch (parent)
        {
            case null:
                return replacement;
            case JsonObjectTree obj:
                var m = obj.Members.FindIndex(p => ReferenceEquals(p.Value, node));
                if (m >= 0)
                {
                    obj.Members[m] = new(obj.Members[m].Key, replacement);
                }

                return root;
            case JsonArrayTree array:
                var i = array.Items.FindIndex(n => ReferenceEquals(n, node));
                if (i >= 0)
                {
                    array.Items[i] = replacement;
                }

                return root;
            default:
                return root;
        }
    }
}
