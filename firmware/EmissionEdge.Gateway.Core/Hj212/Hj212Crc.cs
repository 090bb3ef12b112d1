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
    /// (<c>H1[a ^ b] = H1[a] ^ H1[b]</c>), so four bytes at once are
    /// <c>h' = H4[h ^ b0] ^ H3[b1] ^ H2[b2] ^ H1[b3]</c> (<c>Hk</c> = H1 applied k times): one dependent
    /// lookup per four bytes instead of one per byte. The last byte goes through <c>T</c> for all 16 bits.
    /// </remarks>
    public static class Hj212Crc
    {
        private static readonly ushort[] Table = BuildTable();
        private static readonly byte[] High1 = Compose(null);
        private static readonly byte[] High2 = Compose(High1);
        private static readonly byte[] High3 = Compose(High2);
        private static readonly byte[] High4 = Compose(High3);

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
            ascii = true;
            if (count <= 0)
            {
                return 0xFFFF;
            }

            byte[] h1 = High1;
            byte[] h2 = High2;
            byte[] h3 = High3;
            byte[] h4 = High4;
            int high = 0xFF;
            int any = 0;
            int i = offset;
            int last = offset + count - 1;
            while (i + 4 <= last)
            {
                int b0 = data[i];
                int b1 = data[i + 1];
                int b2 = data[i + 2];
                int b3 = data[i + 3];
                any |= b0 | b1 | b2 | b3;
                high = h4[high ^ b0] ^ h3[b1] ^ h2[b2] ^ h1[b3];
                i += 4;
            }

            while (i < last)
            {
                int b = data[i];
                any |= b;
                high = h1[high ^ b];
                i++;
            }

            any |= data[last];
            ascii = (any & 0x80) == 0;
            return Table[high ^ data[last]];
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

        /// <summary>H1 (high byte of the table) when <paramref name="previous"/> is null, otherwise H1 applied after <paramref name="previous"/>.</summary>
        private static byte[] Compose(byte[]? previous)
        {
            var result = new byte[256];
            for (int value = 0; value < 256; value++)
            {
                int v = previous == null ? value : previous[value];
                result[value] = (byte)(Table[v] >> 8);
            }

            return result;
        }
    }
}
