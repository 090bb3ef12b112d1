namespace EmissionEdge.Gateway.Core.Hj212
{
    /// <summary>
    /// The HJ 212-2017 Appendix A CRC (not CRC-16/MODBUS): register 0xFFFF; for each byte
    /// <c>reg = (reg &gt;&gt; 8) ^ byte</c>, then 8 times shift right, XOR 0xA001 when the bit shifted out was 1.
    /// Printed high byte first as 4 hex digits.
    /// </summary>
    /// <remarks>
    /// How it is computed fast, with the same result: the first step keeps only the register's high byte,
    /// so after each byte the register is <c>T[(reg &gt;&gt; 8) ^ byte]</c>, where <c>T[v]</c> is the result of
    /// the 8 shift steps from <c>v</c>. Between bytes only the high byte <c>h</c> of the register matters:
    /// <c>h' = H1[h ^ byte]</c> with <c>H1[v] = T[v] &gt;&gt; 8</c>. The shift steps are linear over GF(2)
    /// (<c>H1[a ^ b] = H1[a] ^ H1[b]</c>), so eight bytes at once are
    /// <c>h' = H8[h ^ b0] ^ H7[b1] ^ … ^ H1[b7]</c> (<c>Hk</c> = H1 applied k times): one dependent lookup
    /// per eight bytes instead of one per byte, the eight bytes read as one 64-bit word, whose high bits
    /// also tell whether all eight are ASCII. The last byte goes through <c>T</c> for all 16 bits.
    /// On .NET with AVX2 (the server), 32-byte blocks go first, 32 bytes per step (see Hj212Crc.Blocks.cs).
    /// </remarks>
    public static partial class Hj212Crc
    {
        private const ulong HighBits = 0x8080808080808080UL;
        private const ulong LowBits = 0x0101010101010101UL;
        private const ulong Semicolons = LowBits * ';';
        private const ulong Commas = LowBits * ',';
        private const ulong EqualsSigns = LowBits * '=';

        private static readonly ushort[] Table = BuildTable();
        private static readonly byte[] High1 = BuildHigh1();

        // H1 … H8 in one array (Hk at (k - 1) × 256), so the word loop needs one table register.
        private static readonly byte[] Slices = BuildSlices();

        // Eight bytes are read as one little-endian word; on a big-endian machine the byte loop does all.
        private static readonly bool WordReads = System.BitConverter.IsLittleEndian;

#if NANOFRAMEWORK_1_0
        // The device has no vector instructions; Hj212Crc.Blocks.cs (not compiled for it) does 32-byte blocks on .NET.
        private const bool VectorBlocks = false;
#endif

        /// <summary>Computes the CRC of the data segment bytes.</summary>
        /// <param name="data">Source.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <returns>The CRC.</returns>
        public static ushort Compute(byte[] data, int offset, int count)
        {
            bool ascii;
            return Compute(data, offset, count, out ascii);
        }

        /// <summary>
        /// Computes the CRC and, in the same pass, whether every byte is ASCII (below 0x80), so a caller
        /// can skip UTF-8 validation of plain ASCII packets.
        /// </summary>
        /// <param name="data">Source.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <param name="ascii">Whether every byte is below 0x80.</param>
        /// <returns>The CRC.</returns>
        public static ushort Compute(byte[] data, int offset, int count, out bool ascii)
        {
            return Compute(data, offset, count, null, out ascii);
        }

        /// <summary>
        /// Computes the CRC and whether every byte is ASCII and, in the same pass, marks where the data
        /// segment's separators may be, so the reader looks at those bytes only: bit k of
        /// <paramref name="separators"/>[w] is set when byte 64w + k of the segment may be ';', ',' or '='.
        /// Every separator is marked; a few other bytes may be too (the 8-byte word test is approximate), so a
        /// caller checks each marked byte.
        /// </summary>
        /// <param name="data">Source.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <param name="separators">At least (count + 63) / 64 words; null to mark nothing.</param>
        /// <param name="ascii">Whether every byte is below 0x80.</param>
        /// <returns>The CRC.</returns>
        internal static ushort Compute(byte[] data, int offset, int count, ulong[]? separators, out bool ascii)
        {
            return Compute(data, offset, count, separators, VectorBlocks, out ascii);
        }

        /// <summary>
        /// <see cref="Compute(byte[], int, int, ulong[], out bool)"/>, choosing whether 32-byte blocks may be
        /// done with vector instructions (they are only where the processor has them), so tests can compare both ways.
        /// </summary>
        internal static ushort Compute(byte[] data, int offset, int count, ulong[]? separators, bool vectorBlocks, out bool ascii)
        {
            ascii = true;
            if (count <= 0)
            {
                return 0xFFFF;
            }

            if (separators != null)
            {
                System.Array.Clear(separators, 0, (count + 63) >> 6);
            }

            int high = 0xFF;
            ulong any = 0;
            int i = offset;
            int last = offset + count - 1;
#if !NANOFRAMEWORK_1_0
            if (vectorBlocks && VectorBlocks && last - offset >= 32)
            {
                i = ComputeBlocks(data, offset, last, separators, ref high, ref any);
            }
#endif
            if (WordReads)
            {
                byte[] h = Slices;
                while (i + 8 <= last)
                {
                    // Byte k of the word is data[i + k] (little-endian).
                    ulong value = System.BitConverter.ToUInt64(data, i);
                    any |= value;
                    uint low = (uint)value;
                    uint up = (uint)(value >> 32);
                    high = h[0x700 + (high ^ (int)(low & 0xFF))] ^ h[0x600 + (int)((low >> 8) & 0xFF)]
                        ^ h[0x500 + (int)((low >> 16) & 0xFF)] ^ h[0x400 + (int)(low >> 24)]
                        ^ h[0x300 + (int)(up & 0xFF)] ^ h[0x200 + (int)((up >> 8) & 0xFF)]
                        ^ h[0x100 + (int)((up >> 16) & 0xFF)] ^ h[(int)(up >> 24)];
                    if (separators != null)
                    {
                        // Words start a multiple of 8 bytes into the segment, so their 8 marks share one ulong.
                        int at = i - offset;
                        separators[at >> 6] |= SeparatorCandidates(value) << (at & 63);
                    }

                    i += 8;
                }
            }

            byte[] table1 = High1;
            while (i <= last)
            {
                int b = data[i];
                any |= (uint)b;
                if (separators != null && (b == ';' || b == ',' || b == '='))
                {
                    int at = i - offset;
                    separators[at >> 6] |= 1UL << (at & 63);
                }

                if (i == last)
                {
                    break;
                }

                high = table1[high ^ b];
                i++;
            }

            ascii = (any & HighBits) == 0;
            return Table[high ^ data[last]];
        }

        /// <summary>
        /// One bit per byte of <paramref name="value"/> (bit k for byte k) that is ';', ',' or '=', and possibly
        /// for a byte just above one of those: for each separator s, <c>t = value ^ s…s</c> has a 0 byte where s
        /// is, and <c>(t - 0x01…01) &amp; ~t</c> has bit 7 set in every 0 byte (and maybe in the next byte up,
        /// from the borrow). The bit 7s, moved to bits 0, 8, …, 56, are gathered into the top byte by one
        /// multiplication (byte k's bit lands on bit 56 + k; no two partial products overlap, so nothing carries).
        /// </summary>
        private static ulong SeparatorCandidates(ulong value)
        {
            ulong semicolons = value ^ Semicolons;
            ulong commas = value ^ Commas;
            ulong equalsSigns = value ^ EqualsSigns;
            ulong bit7s = (((semicolons - LowBits) & ~semicolons) | ((commas - LowBits) & ~commas) | ((equalsSigns - LowBits) & ~equalsSigns)) & HighBits;
            return ((bit7s >> 7) * 0x0102040810204080UL) >> 56;
        }

        /// <summary>The register after the 8 shift steps, for every 8-bit start value.</summary>
        private static ushort[] BuildTable()
        {
            var table = new ushort[256];
            for (int value = 0; value < 256; value++)
            {
                int reg = value;
                for (int bit = 0; bit < 8; bit++)
                {
                    bool carry = (reg & 1) != 0;
                    reg >>= 1;
                    if (carry)
                    {
                        reg ^= 0xA001;
                    }
                }

                table[value] = (ushort)reg;
            }

            return table;
        }

        /// <summary>H1 … H8 one after the other: H(k+1)[v] = H1[Hk[v]].</summary>
        private static byte[] BuildSlices()
        {
            var slices = new byte[8 * 256];
            for (int value = 0; value < 256; value++)
            {
                slices[value] = High1[value];
            }

            for (int k = 1; k < 8; k++)
            {
                for (int value = 0; value < 256; value++)
                {
                    slices[(k * 256) + value] = High1[slices[((k - 1) * 256) + value]];
                }
            }

            return slices;
        }

        /// <summary>H1: the high byte of the register after the 8 shift steps.</summary>
        private static byte[] BuildHigh1()
        {
            var result = new byte[256];
            for (int value = 0; value < 256; value++)
            {
                result[value] = (byte)(Table[value] >> 8);
            }

            return result;
        }
    }
}
