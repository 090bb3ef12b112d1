namespace EmissionEdge.Gateway.Core.Hj212
{
    /// <summary>
    /// Cuts a TCP byte stream into HJ 212 packets by <c>##</c> + 4-digit length, not by line breaks:
    /// bytes between packets (CR LF, noise) are skipped, a broken length field resynchronises at the
    /// next <c>##</c>, and a packet split across reads is held until complete.
    /// </summary>
    public sealed class Hj212StreamFramer
    {
        private const int FrameOverhead = 12;
        private readonly byte[] _buffer;
        private int _count;

        /// <summary>Creates a framer.</summary>
        /// <param name="capacity">Buffer size (at least one largest packet: 1024 + 12 bytes).</param>
        public Hj212StreamFramer(int capacity)
        {
            _buffer = new byte[capacity < Hj212Codec.MaxDataLength + FrameOverhead ? Hj212Codec.MaxDataLength + FrameOverhead : capacity];
        }

        /// <summary>Bytes skipped because they were not part of a packet.</summary>
        public long SkippedBytes { get; private set; }

        /// <summary>Adds received bytes. When the buffer is full the oldest unframed bytes are dropped (counted in <see cref="SkippedBytes"/>).</summary>
        /// <param name="data">Source.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        public void Append(byte[] data, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (_count == _buffer.Length)
                {
                    Discard(1);
                }

                _buffer[_count++] = data[offset + i];
            }
        }

        /// <summary>Takes the next complete frame (<c>##</c> through the CRC, plus CR LF when present).</summary>
        /// <param name="frame">The frame bytes (use <see cref="Hj212Codec.TryParse(byte[], int, int, out Hj212Packet, out string)"/> on them).</param>
        /// <returns><see langword="false"/> when no complete frame is buffered yet.</returns>
        public bool TryNextFrame(out byte[]? frame)
        {
            frame = null;
            while (true)
            {
                int start = FindMarker();
                if (start < 0)
                {
                    // Keep a trailing '#' that may start the next marker.
                    int keep = _count > 0 && _buffer[_count - 1] == '#' ? 1 : 0;
                    Discard(_count - keep);
                    return false;
                }

                Discard(start);
                if (_count < 6)
                {
                    return false;
                }

                int length = 0;
                bool digits = true;
                for (int i = 2; i < 6; i++)
                {
                    byte b = _buffer[i];
                    digits &= b >= '0' && b <= '9';
                    length = (length * 10) + (b - '0');
                }

                if (!digits || length > Hj212Codec.MaxDataLength)
                {
                    Discard(2); // not a packet start: look for the next "##"
                    continue;
                }

                int total = 6 + length + 4;
                if (_count < total)
                {
                    return false;
                }

                if (_count >= total + 2 && _buffer[total] == '\r' && _buffer[total + 1] == '\n')
                {
                    total += 2;
                }

                frame = new byte[total];
                System.Array.Copy(_buffer, 0, frame, 0, total);
                Remove(total);
                return true;
            }
        }

        private int FindMarker()
        {
            for (int i = 0; i + 1 < _count; i++)
            {
                if (_buffer[i] == '#' && _buffer[i + 1] == '#')
                {
                    return i;
                }
            }

            return -1;
        }

        private void Discard(int count)
        {
            SkippedBytes += count;
            Remove(count);
        }

        private void Remove(int count)
        {
            if (count <= 0)
            {
                return;
            }

            System.Array.Copy(_buffer, count, _buffer, 0, _count - count);
            _count -= count;
        }
    }
}
