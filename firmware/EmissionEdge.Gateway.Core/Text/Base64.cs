namespace EmissionEdge.Gateway.Core.Text
{
    /// <summary>Standard base64 (RFC 4648, with padding) written straight into a byte buffer.</summary>
    public static class Base64
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        /// <summary>Number of characters the encoding of <paramref name="length"/> bytes takes.</summary>
        /// <param name="length">Input length.</param>
        /// <returns>4 characters per started group of 3 bytes.</returns>
        public static int EncodedLength(int length) => (length + 2) / 3 * 4;

        /// <summary>Encodes <paramref name="count"/> bytes as ASCII base64.</summary>
        /// <param name="source">Input.</param>
        /// <param name="offset">Index of the first input byte.</param>
        /// <param name="count">Number of input bytes.</param>
        /// <param name="destination">Output buffer.</param>
        /// <param name="position">Where the first character goes.</param>
        /// <returns>The position after the last character.</returns>
        public static int Encode(byte[] source, int offset, int count, byte[] destination, int position)
        {
            int end = offset + count;
            int i = offset;
            while (i + 3 <= end)
            {
                int v = (source[i] << 16) | (source[i + 1] << 8) | source[i + 2];
                destination[position++] = (byte)Alphabet[(v >> 18) & 63];
                destination[position++] = (byte)Alphabet[(v >> 12) & 63];
                destination[position++] = (byte)Alphabet[(v >> 6) & 63];
                destination[position++] = (byte)Alphabet[v & 63];
                i += 3;
            }

            int rest = end - i;
            if (rest == 1)
            {
                int v = source[i] << 16;
                destination[position++] = (byte)Alphabet[(v >> 18) & 63];
                destination[position++] = (byte)Alphabet[(v >> 12) & 63];
                destination[position++] = (byte)'=';
                destination[position++] = (byte)'=';
            }
            else if (rest == 2)
            {
                int v = (source[i] << 16) | (source[i + 1] << 8);
                destination[position++] = (byte)Alphabet[(v >> 18) & 63];
                destination[position++] = (byte)Alphabet[(v >> 12) & 63];
                destination[position++] = (byte)Alphabet[(v >> 6) & 63];
                destination[position++] = (byte)'=';
            }

            return position;
        }
    }
}
