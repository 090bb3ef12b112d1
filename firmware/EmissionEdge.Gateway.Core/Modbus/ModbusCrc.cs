namespace EmissionEdge.Gateway.Core.Modbus
{
    /// <summary>
    /// CRC-16/MODBUS (poly 0x8005 reflected = 0xA001, init 0xFFFF, no final XOR), appended to an
    /// RTU frame low byte first. Check value of "123456789" is 0x4B37.
    /// </summary>
    public static class ModbusCrc
    {
        /// <summary>Computes the CRC of <paramref name="count"/> bytes.</summary>
        /// <param name="data">Source.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <returns>The CRC register.</returns>
        public static ushort Compute(byte[] data, int offset, int count)
        {
            int crc = 0xFFFF;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1;
                }
            }

            return (ushort)crc;
        }

        /// <summary>Appends the CRC of the first <paramref name="count"/> bytes after them (low byte first).</summary>
        /// <param name="frame">The frame buffer.</param>
        /// <param name="count">Length of the frame without CRC.</param>
        /// <returns>The frame length with CRC.</returns>
        public static int Append(byte[] frame, int count)
        {
            ushort crc = Compute(frame, 0, count);
            frame[count] = (byte)(crc & 0xFF);
            frame[count + 1] = (byte)(crc >> 8);
            return count + 2;
        }

        /// <summary>Whether the last two bytes of a frame are the CRC of the bytes before them.</summary>
        /// <param name="frame">The frame buffer.</param>
        /// <param name="length">Frame length including CRC.</param>
        /// <returns><see langword="true"/> when the CRC matches.</returns>
        public static bool Check(byte[] frame, int length)
        {
            if (length < 4)
            {
                return false;
            }

            ushort crc = Compute(frame, 0, length - 2);
            return frame[length - 2] == (byte)(crc & 0xFF) && frame[length - 1] == (byte)(crc >> 8);
        }
    }
}
