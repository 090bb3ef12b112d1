namespace EmissionEdge.Gateway.Core.Text
{
    /// <summary>Hexadecimal digits, without <c>string.Format</c>.</summary>
    public static class Hex
    {
        private const string Upper = "0123456789ABCDEF";

        /// <summary>The value of a hex digit (either case).</summary>
        /// <param name="c">The character.</param>
        /// <returns>0–15, or -1 when <paramref name="c"/> is not a hex digit.</returns>
        public static int DigitValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return -1;
        }

        /// <summary>Writes <paramref name="value"/> as 4 upper-case hex digits, high nibble first.</summary>
        /// <param name="value">The 16-bit value.</param>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">Where the 4 characters go.</param>
        public static void WriteUInt16(ushort value, byte[] buffer, int offset)
        {
            buffer[offset] = (byte)Upper[(value >> 12) & 0xF];
            buffer[offset + 1] = (byte)Upper[(value >> 8) & 0xF];
            buffer[offset + 2] = (byte)Upper[(value >> 4) & 0xF];
            buffer[offset + 3] = (byte)Upper[value & 0xF];
        }

        /// <summary><paramref name="value"/> as 4 upper-case hex digits.</summary>
        /// <param name="value">The 16-bit value.</param>
        /// <returns>For example <c>"1C80"</c>.</returns>
        public static string FormatUInt16(ushort value)
        {
            var chars = new char[4];
            chars[0] = Upper[(value >> 12) & 0xF];
            chars[1] = Upper[(value >> 8) & 0xF];
            chars[2] = Upper[(value >> 4) & 0xF];
            chars[3] = Upper[value & 0xF];
            return new string(chars);
        }
    }
}
