namespace EmissionEdge.Gateway.Core.Ports
{
    /// <summary>
    /// The byte link to one RS-485 bus: a UART with a DE/RE pin on the ESP32, a serial port or an
    /// RTU-over-TCP stream on the PC. It moves raw RTU frames; framing, CRC, gaps and retries are
    /// done by <see cref="Modbus.ModbusRtuMaster"/>.
    /// </summary>
    public interface IModbusTransport
    {
        /// <summary>Bits per character on the line (start + data + parity + stop; 11 for 8E1/8N2, 10 for 8N1), used for the 3.5-character gap.</summary>
        int BitsPerCharacter { get; }

        /// <summary>Line speed in bit/s (RTU-over-TCP reports the speed of the serial side, or 115200 when unknown).</summary>
        int BaudRate { get; }

        /// <summary>Drops whatever has been received and not read yet (stale bytes of an earlier, late answer).</summary>
        void DiscardInput();

        /// <summary>Sends <paramref name="count"/> bytes as one frame (the implementation drives DE/RE around it).</summary>
        /// <param name="buffer">The frame bytes.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        void Write(byte[] buffer, int offset, int count);

        /// <summary>
        /// Reads up to <paramref name="count"/> bytes, waiting at most <paramref name="timeoutMilliseconds"/>
        /// for the first of them.
        /// </summary>
        /// <param name="buffer">Where the bytes go.</param>
        /// <param name="offset">Index of the first byte to fill.</param>
        /// <param name="count">Most bytes to read.</param>
        /// <param name="timeoutMilliseconds">How long to wait for data.</param>
        /// <returns>The number of bytes read; 0 when nothing arrived in time.</returns>
        int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds);
    }
}
