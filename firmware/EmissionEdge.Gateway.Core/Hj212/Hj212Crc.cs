namespace EmissionEdge.Gateway.Core.Hj212
{
    /// <summary>
    /// The HJ 212-2017 Appendix A CRC (not CRC-16/MODBUS): register 0xFFFF; for each byte
    /// <c>reg = (reg &gt;&gt; 8) ^ byte</c>, then 8 times shift right, XOR 0xA001 when the bit shifted out was 1.
    /// Printed high byte first as 4 hex digits.
    /// </summary>
    public static class Hj212Crc
    {
        /// <summary>Computes the CRC of the data segment bytes.</summary>
        /// <param name="data">Source.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <returns>The CRC.</returns>
        public static ushort Compute(byte[] data, int offset, int count)
        {
            int reg = 0xFFFF;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                reg = (reg >> 8) ^ data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    bool carry = (reg & 1) != 0;
                    reg >>= 1;
                    if (carry)
                    {
                        reg ^= 0xA001;
                    }
                }
            }

            return (ushort)reg;
        }
    }
}
