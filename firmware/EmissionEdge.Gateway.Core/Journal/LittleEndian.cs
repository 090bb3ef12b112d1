namespace EmissionEdge.Gateway.Core.Journal
{
    /// <summary>Little-endian integers in byte buffers (the journal's byte order).</summary>
    public static class LittleEndian
    {
        /// <summary>Writes a 16-bit value.</summary>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">Position.</param>
        /// <param name="value">Value.</param>
        public static void WriteUInt16(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
        }

        /// <summary>Writes a 24-bit value.</summary>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">Position.</param>
        /// <param name="value">Value (low 24 bits).</param>
        public static void WriteUInt24(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
        }

        /// <summary>Writes a 32-bit value.</summary>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">Position.</param>
        /// <param name="value">Value.</param>
        public static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        /// <summary>Reads a 16-bit value.</summary>
        /// <param name="buffer">Source.</param>
        /// <param name="offset">Position.</param>
        /// <returns>The value.</returns>
        public static int ReadUInt16(byte[] buffer, int offset) => buffer[offset] | (buffer[offset + 1] << 8);

        /// <summary>Reads a 24-bit value.</summary>
        /// <param name="buffer">Source.</param>
        /// <param name="offset">Position.</param>
        /// <returns>The value.</returns>
        public static uint ReadUInt24(byte[] buffer, int offset) => (uint)(buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16));

        /// <summary>Reads a 32-bit value.</summary>
        /// <param name="buffer">Source.</param>
        /// <param name="offset">Position.</param>
        /// <returns>The value.</returns>
        public static uint ReadUInt32(byte[] buffer, int offset) =>
            (uint)buffer[offset] | ((uint)buffer[offset + 1] << 8) | ((uint)buffer[offset + 2] << 16) | ((uint)buffer[offset + 3] << 24);
    }
}
