namespace EmissionEdge.Gateway.Core.Hj212
{
    /// <summary>
    /// The HJ 212-2017 Appendix A CRC (not CRC-16/MODBUS): register 0xFFFF; for each byte
    /// <c>reg = (reg &gt;&gt; 8) ^ byte</c>, then 8 times shift right, XOR 0xA001 when the bit shifted out was 1.
    /// Printed high byte first as 4 hex digits.
    /// </summary>
    /// <remarks>
    /// The first step keeps only the register's high byte, so after each byte the register is a function
    /// of the 8-bit value <c>(reg &gt;&gt; 8) ^ byte</c> alone: <c>reg = Table[(reg &gt;&gt; 8) ^ byte]</c>, one
    /// lookup per byte instead of 8 shifts.
    /// </remarks>
    public static class Hj212Crc
    {
        private static readonly ushort[] Table = BuildTable();

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
            ushort[] table = Table;
            int reg = 0xFFFF;
            int any = 0;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                int b = data[i];
                any |= b;
                reg = table[(reg >> 8) ^ b];
            }

            ascii = (any & 0x80) == 0;
            return (ushort)reg;
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
    }
}
