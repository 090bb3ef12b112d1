using System.Text;
using CsCheck;

namespace EmissionEdge.Fuzzing.Mutation;

/// <summary>
/// Byte-level mutation of a valid input: bit flips, byte insertion (random or meaningful: delimiters, NUL, non-ASCII
/// and broken UTF-8), deletion, truncation, splicing with another input, duplicated and hugely repeated chunks.
/// A chunk is repeated up to 64 times, and 1 time in 64 up to 20 000 times (inputs of up to ≈ 160 kB): often enough
/// that a million-input run holds thousands of them, rare enough that they do not make most of the run's time.
/// </summary>
public static class ByteMutations
{
    private static readonly byte[][] Interesting =
    [
        [0x00], [0xFF], [0x7F], [0x80], [(byte)'"'], [(byte)'\\'], [(byte)'{'], [(byte)'}'], [(byte)'['], [(byte)']'], [(byte)','],
        [(byte)':'], [(byte)'#'], [(byte)';'], [(byte)'='], [(byte)'&'], [(byte)'\r'], [(byte)'\n'], [(byte)' '], [(byte)'-'], [(byte)'.'],
        [0xC3, 0xA9], [0xE4, 0xB8, 0xAD], [0xC3], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98, 0x80], [0xEF, 0xBB, 0xBF],
        "##"u8.ToArray(), "&&"u8.ToArray(), "\\u0000"u8.ToArray(), "\\ud800"u8.ToArray(), "1e309"u8.ToArray(), "-0"u8.ToArray(),
        "99999999999999999999999"u8.ToArray(), "null"u8.ToArray(), "/*"u8.ToArray(), "//"u8.ToArray(),
    ];

    private static readonly string[] Names = ["bit flip", "byte insert", "meaningful insert", "byte delete", "truncation", "splice", "chunk duplicate", "chunk repeated", "byte set"];

    /// <summary>Applies 1–4 random mutations.</summary>
    /// <param name="pcg">Random source.</param>
    /// <param name="input">The input (not changed).</param>
    /// <param name="other">Another input to splice with.</param>
    /// <param name="description">The mutations applied, joined with " + ".</param>
    /// <returns>The mutated bytes.</returns>
    public static byte[] Mutate(PCG pcg, byte[] input, byte[] other, out string description) => Mutate(pcg, input, () => other, out description);

    /// <summary>Applies 1–4 random mutations; the input to splice with is made only when a splice is drawn.</summary>
    /// <param name="pcg">Random source.</param>
    /// <param name="input">The input (not changed).</param>
    /// <param name="other">Makes another input to splice with (called at most once per splice).</param>
    /// <param name="description">The mutations applied, joined with " + ".</param>
    /// <returns>The mutated bytes.</returns>
    public static byte[] Mutate(PCG pcg, byte[] input, Func<byte[]> other, out string description)
    {
        var bytes = new List<byte>(input);
        var rounds = 1 + (int)pcg.Next(4);
        var applied = new StringBuilder();
        for (var r = 0; r < rounds; r++)
        {
            var op = (int)pcg.Next((uint)Names.Length);
            Apply(pcg, bytes, other, op);
            applied.Append(r == 0 ? string.Empty : " + ").Append(Names[op]);
        }

        description = applied.ToString();
        return [.. bytes];
    }

    private static void Apply(PCG pcg, List<byte> bytes, Func<byte[]> makeOther, int op)
    {
        int At(int extra = 0) => (int)pcg.Next((uint)(bytes.Count + extra));
        switch (op)
        {
            case 0 when bytes.Count > 0:
                var i = At();
                bytes[i] ^= (byte)(1 << (int)pcg.Next(8));
                break;
            case 1:
                bytes.Insert(At(1), (byte)pcg.Next(256));
                break;
            case 2:
                bytes.InsertRange(At(1), Interesting[pcg.Next((uint)Interesting.Length)]);
                break;
            case 3 when bytes.Count > 0:
                var from = At();
                bytes.RemoveRange(from, 1 + (int)pcg.Next((uint)Math.Min(16, bytes.Count - from)));
                break;
            case 4 when bytes.Count > 0:
                var keep = At();
                bytes.RemoveRange(keep, bytes.Count - keep);
                break;
            case 5 when makeOther() is { Length: > 0 } other:
                var cut = At(1);
                var otherCut = (int)pcg.Next((uint)other.Length);
                bytes.RemoveRange(cut, bytes.Count - cut);
                bytes.AddRange(other.AsSpan(otherCut).ToArray());
                break;
            case 6 when bytes.Count > 0:
                var start = At();
                var length = 1 + (int)pcg.Next((uint)Math.Min(64, bytes.Count - start));
                bytes.InsertRange(At(1), bytes.GetRange(start, length));
                break;
            case 7 when bytes.Count > 0:
                var s = At();
                var chunk = bytes.GetRange(s, 1 + (int)pcg.Next((uint)Math.Min(8, bytes.Count - s))).ToArray();
                var times = 1 + (int)pcg.Next(pcg.Next(64) == 0 ? 20_000u : 64u);
                var repeated = new byte[chunk.Length * times];
                for (var t = 0; t < times; t++)
                {
                    chunk.CopyTo(repeated, t * chunk.Length);
                }

                bytes.InsertRange(s, repeated);
                break;
            case 8 when bytes.Count > 0:
                bytes[At()] = (byte)pcg.Next(256);
                break;
        }
    }
}
