#if !NANOFRAMEWORK_1_0
using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EmissionEdge.Gateway.Core.Hj212
{
    /// <summary>
    /// The CRC's 32-byte blocks with AVX2, on .NET only (this file is not compiled for nanoFramework).
    /// </summary>
    /// <remarks>
    /// With <c>G</c> = H1 (the 8-bit map between bytes, see <see cref="Hj212Crc"/>), the high byte after
    /// n bytes is <c>G^n(h0) ^ G^n(b0) ^ G^(n-1)(b1) ^ … ^ G(b(n-1))</c>: every byte's share is one linear
    /// map of that byte alone. A linear map of a byte is the XOR of a table look-up of each nibble, and
    /// <c>vpshufb</c> looks up 32 nibbles at once in a 16-entry table, so a map applies to 32 bytes in a few
    /// instructions. The blocks run as 32 interleaved sequences (lane j holds bytes j, j + 32, …):
    /// <c>acc = G^32(acc) ^ block</c>, and at the end the 32 lanes are folded pairwise
    /// (<c>G^1</c>, <c>G^2</c>, <c>G^4</c>, <c>G^8</c>, <c>G^16</c>) into one byte, the high byte after the
    /// blocks, from which the scalar loops go on. The separator marks are exact here (compare and move mask).
    /// </remarks>
    public static partial class Hj212Crc
    {
        /// <summary>Whether the 32-byte blocks are done with vector instructions on this processor.</summary>
        internal static readonly bool VectorBlocks = Avx2.IsSupported;

        private static readonly byte[] High16;
        private static readonly Vector256<byte>[] Maps;

        // Built from High1 here, not in initializers: the initializers of the two files of a partial class
        // run in no set order, and a static constructor runs after all of them.
        static Hj212Crc()
        {
            High16 = Squared(Squared(Squared(Squared(High1))));
            Maps = BuildMaps();
        }

        /// <summary>
        /// The whole 32-byte blocks of <c>data[offset … last)</c> (the last byte is never in one: it goes
        /// through the 16-bit table): updates the high byte, the non-ASCII bits and the marks.
        /// </summary>
        /// <returns>The index after the blocks.</returns>
        private static int ComputeBlocks(byte[] data, int offset, int last, ulong[]? separators, ref int high, ref ulong any)
        {
            int blocks = (last - offset) / 32;
            ReadOnlySpan<byte> span = new ReadOnlySpan<byte>(data, offset, blocks * 32);
            ref byte start = ref MemoryMarshal.GetReference(span);
            // maps[2k] and maps[2k + 1]: the low- and high-nibble tables of G^(2^k), k = 0 … 5.
            Vector256<byte>[] maps = Maps;
            Vector256<byte> low32 = maps[10];
            Vector256<byte> high32 = maps[11];
            Vector256<byte> semicolons = Vector256.Create((byte)';');
            Vector256<byte> commas = Vector256.Create((byte)',');
            Vector256<byte> equalsSigns = Vector256.Create((byte)'=');
            Vector256<byte> seen = Vector256<byte>.Zero;

            // The register's start value enters with the first byte: h1 = G(h0 ^ b0).
            Vector256<byte> acc = Vector256.CreateScalar((byte)high);
            for (int q = 0; q < blocks; q++)
            {
                Vector256<byte> block = Vector256.LoadUnsafe(ref start, (nuint)(q * 32));
                seen |= block;
                if (separators != null)
                {
                    uint marks = (Avx2.CompareEqual(block, semicolons) | Avx2.CompareEqual(block, commas) | Avx2.CompareEqual(block, equalsSigns)).ExtractMostSignificantBits();
                    separators[q >> 1] |= (ulong)marks << ((q & 1) << 5);
                }

                acc = (q == 0 ? acc : Map(acc, low32, high32)) ^ block;
            }

            // Lane j's share is G^(32 - j)(acc_j). Fold neighbours: G^1(even) ^ odd lands in the odd byte, and so on up.
            acc ^= Avx2.ShiftLeftLogical(Map(acc, maps[0], maps[1]).AsUInt16(), 8).AsByte();
            acc ^= Avx2.ShiftLeftLogical(Map(acc, maps[2], maps[3]).AsUInt32(), 16).AsByte();
            acc ^= Avx2.ShiftLeftLogical(Map(acc, maps[4], maps[5]).AsUInt64(), 32).AsByte();
            acc ^= Avx2.ShiftLeftLogical128BitLane(Map(acc, maps[6], maps[7]), 8);
            high = High1[High16[acc.GetElement(15)] ^ acc.GetElement(31)];
            if (seen.ExtractMostSignificantBits() != 0)
            {
                any |= HighBits;
            }

            return offset + (blocks * 32);
        }

        /// <summary>A linear map of each of the 32 bytes: the XOR of its low nibble's and high nibble's table entries.</summary>
        private static Vector256<byte> Map(Vector256<byte> value, Vector256<byte> lowTable, Vector256<byte> highTable)
        {
            Vector256<byte> nibbles = Vector256.Create((byte)0x0F);
            Vector256<byte> lows = value & nibbles;
            Vector256<byte> highs = Avx2.ShiftRightLogical(value.AsUInt16(), 4).AsByte() & nibbles;
            return Avx2.Shuffle(lowTable, lows) ^ Avx2.Shuffle(highTable, highs);
        }

        /// <summary>G^k for k = 1, 2, 4, 8, 16, 32 as nibble tables (low, high), each repeated in both 128-bit lanes.</summary>
        private static Vector256<byte>[] BuildMaps()
        {
            var maps = new Vector256<byte>[12];
            byte[] power = High1;
            for (int k = 0; k < 6; k++, power = Squared(power))
            {
                var low = new byte[16];
                var high = new byte[16];
                for (int n = 0; n < 16; n++)
                {
                    low[n] = power[n];
                    high[n] = power[n << 4];
                }

                maps[2 * k] = Vector256.Create(Vector128.Create(low), Vector128.Create(low));
                maps[(2 * k) + 1] = Vector256.Create(Vector128.Create(high), Vector128.Create(high));
            }

            return maps;
        }

        /// <summary>A map of bytes applied twice.</summary>
        private static byte[] Squared(byte[] map)
        {
            var result = new byte[256];
            for (int value = 0; value < 256; value++)
            {
                result[value] = map[map[value]];
            }

            return result;
        }
    }
}
#endif
