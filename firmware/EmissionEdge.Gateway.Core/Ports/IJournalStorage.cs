namespace EmissionEdge.Gateway.Core.Ports
{
    /// <summary>
    /// A fixed-size, randomly addressable byte store for the journal: a preallocated file in the
    /// ESP32's internal flash file system, or a file on the PC. Fresh storage may read as all 0x00 or all 0xFF.
    /// </summary>
    public interface IJournalStorage
    {
        /// <summary>Size of the store in bytes; the journal never addresses beyond it.</summary>
        int Length { get; }

        /// <summary>Reads <paramref name="count"/> bytes starting at <paramref name="position"/>.</summary>
        /// <param name="position">Byte position in the store.</param>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">Index of the first destination byte.</param>
        /// <param name="count">Number of bytes.</param>
        void Read(int position, byte[] buffer, int offset, int count);

        /// <summary>Writes <paramref name="count"/> bytes at <paramref name="position"/> and makes them durable before returning.</summary>
        /// <param name="position">Byte position in the store.</param>
        /// <param name="buffer">Source.</param>
        /// <param name="offset">Index of the first source byte.</param>
        /// <param name="count">Number of bytes.</param>
        void Write(int position, byte[] buffer, int offset, int count);
    }
}
