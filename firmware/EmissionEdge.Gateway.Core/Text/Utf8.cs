namespace EmissionEdge.Gateway.Core.Text
{
    /// <summary>UTF-8 by hand (nanoFramework's mscorlib has no System.Text.Encoding).</summary>
    public static class Utf8
    {
        /// <summary>Number of UTF-8 bytes of <paramref name="text"/>.</summary>
        /// <param name="text">The text (unpaired surrogates count as U+FFFD, 3 bytes).</param>
        /// <returns>The byte count.</returns>
        public static int ByteCount(string text)
        {
            return ByteCount(text, 0, text.Length);
        }

        /// <summary>Number of UTF-8 bytes of <paramref name="length"/> characters of <paramref name="text"/> from <paramref name="start"/>.</summary>
        /// <param name="text">The text (unpaired surrogates count as U+FFFD, 3 bytes).</param>
        /// <param name="start">First character.</param>
        /// <param name="length">Number of characters (a surrogate pair cut at the end counts as U+FFFD).</param>
        /// <returns>The byte count.</returns>
        public static int ByteCount(string text, int start, int length)
        {
            int count = 0;
            int end = start + length;
            for (int i = start; i < end; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    count += 1;
                }
                else if (c < 0x800)
                {
                    count += 2;
                }
                else if (IsHighSurrogate(c) && i + 1 < end && IsLowSurrogate(text[i + 1]))
                {
                    count += 4;
                    i++;
                }
                else
                {
                    count += 3;
                }
            }

            return count;
        }

        /// <summary>Encodes <paramref name="text"/> into <paramref name="buffer"/>.</summary>
        /// <param name="text">The text.</param>
        /// <param name="buffer">Destination; must have room for <see cref="ByteCount(string)"/> bytes.</param>
        /// <param name="position">Where the first byte goes.</param>
        /// <returns>The position after the last byte.</returns>
        public static int Encode(string text, byte[] buffer, int position)
        {
            for (int i = 0; i < text.Length; i++)
            {
                int c = text[i];
                if (c < 0x80)
                {
                    buffer[position++] = (byte)c;
                    continue;
                }

                if (c < 0x800)
                {
                    buffer[position++] = (byte)(0xC0 | (c >> 6));
                    buffer[position++] = (byte)(0x80 | (c & 0x3F));
                    continue;
                }

                if (IsHighSurrogate((char)c) && i + 1 < text.Length && IsLowSurrogate(text[i + 1]))
                {
                    int cp = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                    i++;
                    buffer[position++] = (byte)(0xF0 | (cp >> 18));
                    buffer[position++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                    buffer[position++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    buffer[position++] = (byte)(0x80 | (cp & 0x3F));
                    continue;
                }

                if (IsHighSurrogate((char)c) || IsLowSurrogate((char)c))
                {
                    c = 0xFFFD;
                }

                buffer[position++] = (byte)(0xE0 | (c >> 12));
                buffer[position++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                buffer[position++] = (byte)(0x80 | (c & 0x3F));
            }

            return position;
        }

        /// <summary>The UTF-8 bytes of <paramref name="text"/> in a new array.</summary>
        /// <param name="text">The text.</param>
        /// <returns>The bytes.</returns>
        public static byte[] GetBytes(string text)
        {
            var bytes = new byte[ByteCount(text)];
            Encode(text, bytes, 0);
            return bytes;
        }

        /// <summary>Decodes strict UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).</summary>
        /// <param name="bytes">Source.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <param name="text">The decoded text.</param>
        /// <returns><see langword="false"/> at the first invalid sequence.</returns>
        public static bool TryDecode(byte[] bytes, int offset, int count, out string text)
        {
            var chars = new char[count];
            int n = Decode(bytes, offset, count, chars);
            text = n < 0 ? string.Empty : new string(chars, 0, n);
            return n >= 0;
        }

        /// <summary>Whether the bytes are strict UTF-8 (the rules of <see cref="TryDecode"/>), without decoding them.</summary>
        /// <param name="bytes">Source.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <returns><see langword="false"/> when some sequence is invalid.</returns>
        public static bool IsValid(byte[] bytes, int offset, int count) => Decode(bytes, offset, count, null) >= 0;

        /// <summary>Decodes into <paramref name="chars"/> (or only validates when it is null).</summary>
        /// <returns>The number of chars, or -1 at the first invalid sequence.</returns>
        private static int Decode(byte[] bytes, int offset, int count, char[]? chars)
        {
            int n = 0;
            int end = offset + count;
            int i = offset;
            while (i < end)
            {
                int b = bytes[i];
                int cp;
                int extra;
                int min;
                if (b < 0x80)
                {
                    if (chars != null)
                    {
                        chars[n] = (char)b;
                    }

                    n++;
                    i++;
                    continue;
                }
                else if ((b & 0xE0) == 0xC0)
                {
                    cp = b & 0x1F;
                    extra = 1;
                    min = 0x80;
                }
                else if ((b & 0xF0) == 0xE0)
                {
                    cp = b & 0x0F;
                    extra = 2;
                    min = 0x800;
                }
                else if ((b & 0xF8) == 0xF0)
                {
                    cp = b & 0x07;
                    extra = 3;
                    min = 0x10000;
                }
                else
                {
                    return -1;
                }

                if (i + extra >= end)
                {
                    return -1;
                }

                for (int k = 1; k <= extra; k++)
                {
                    int next = bytes[i + k];
                    if ((next & 0xC0) != 0x80)
                    {
                        return -1;
                    }

                    cp = (cp << 6) | (next & 0x3F);
                }

                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                {
                    return -1;
                }

                if (cp >= 0x10000)
                {
                    cp -= 0x10000;
                    if (chars != null)
                    {
                        chars[n] = (char)(0xD800 + (cp >> 10));
                        chars[n + 1] = (char)(0xDC00 + (cp & 0x3FF));
                    }

                    n += 2;
                }
                else
                {
                    if (chars != null)
                    {
                        chars[n] = (char)cp;
                    }

                    n++;
                }

                i += extra + 1;
            }

            return n;
        }

        private static bool IsHighSurrogate(char c) => c >= 0xD800 && c <= 0xDBFF;

        private static bool IsLowSurrogate(char c) => c >= 0xDC00 && c <= 0xDFFF;
    }
}
