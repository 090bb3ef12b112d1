namespace EmissionEdge.Gateway.Core.Journal
{
    /// <summary>CRC-32 (IEEE 802.3: reflected poly 0xEDB88320, init and final XOR 0xFFFFFFFF); check value of "123456789" is 0xCBF43926.</summary>
    public static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        /// <summary>Computes the CRC of <paramref name="count"/> bytes.</summary>
        /// <param name="data">Source.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <returns>The CRC.</returns>
        public static uint Compute(byte[] data, int offset, int count)
        {
            uint crc = 0xFFFFFFFF;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc = Table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }

            return ~crc;
        }

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                table[i] = c;
            }

            return table;
        }
    }
}
