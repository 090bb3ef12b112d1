namespace EmissionEdge.Gateway.Core.Text
{
    /// <summary>
    /// Culture-free number parsing and formatting into byte buffers, without System.Math,
    /// string.Format or double.ToString (which differ or allocate on nanoFramework).
    /// </summary>
    public static class AsciiNumber
    {
        /// <summary>Longest text <see cref="WriteDecimal"/> can produce (sign, 19 digits, point).</summary>
        public const int MaxDecimalLength = 24;

        private static readonly double[] ExactPowersOfTen =
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        };

        /// <summary>10 to the power <paramref name="exponent"/> (exact for 0–22).</summary>
        /// <param name="exponent">Any exponent; negative ones give 1/10^-exponent.</param>
        /// <returns>The power.</returns>
        public static double PowerOfTen(int exponent)
        {
            bool negative = exponent < 0;
            int e = negative ? -exponent : exponent;
            double result = 1;
            while (e > 22)
            {
                result *= 1e22;
                e -= 22;
            }

            result *= ExactPowersOfTen[e];
            return negative ? 1 / result : result;
        }

        /// <summary>Parses a decimal number such as <c>-12.5</c>, <c>3</c>, <c>1.5e-3</c> (JSON syntax; a leading '+' is also accepted).</summary>
        /// <param name="text">The text, without surrounding spaces.</param>
        /// <param name="value">The value.</param>
        /// <returns><see langword="false"/> when the text is not a number or is out of double range.</returns>
        public static bool TryParse(string text, out double value)
        {
            value = 0;
            var bytes = new byte[text.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                char c = text[i];
                if (c >= 0x80)
                {
                    return false;
                }

                bytes[i] = (byte)c;
            }

            return TryParse(bytes, 0, bytes.Length, out value);
        }

        /// <summary>
        /// Parses a decimal number written in ASCII bytes, with the syntax of <see cref="TryParse(string, out double)"/>.
        /// Up to 15 significant digits and 22 decimals the result is the double nearest the decimal text
        /// (one exact integer divided or multiplied by an exact power of ten), as <c>double.Parse</c> gives.
        /// </summary>
        /// <param name="text">Source.</param>
        /// <param name="offset">Index of the first character.</param>
        /// <param name="count">Number of characters.</param>
        /// <param name="value">The value.</param>
        /// <returns><see langword="false"/> when the bytes are not a number or are out of double range.</returns>
        public static bool TryParse(byte[] text, int offset, int count, out double value)
        {
            value = 0;
            int n = offset + count;
            bool negative;
            int i = SkipSign(text, offset, n, out negative);

            if (TryParsePlain(text, i, n, negative, out value))
            {
                return true;
            }

            ulong mantissa = 0;
            int digits = 0;
            int exponent = 0;
            bool any = false;
            while (i < n && text[i] >= '0' && text[i] <= '9')
            {
                Accumulate(text[i], ref mantissa, ref digits, ref exponent, false);
                any = true;
                i++;
            }

            if (i < n && text[i] == '.')
            {
                i++;
                while (i < n && text[i] >= '0' && text[i] <= '9')
                {
                    Accumulate(text[i], ref mantissa, ref digits, ref exponent, true);
                    any = true;
                    i++;
                }
            }

            if (!any)
            {
                return false;
            }

            if (i < n && (text[i] == 'e' || text[i] == 'E'))
            {
                i++;
                bool negativeExponent = false;
                if (i < n && (text[i] == '-' || text[i] == '+'))
                {
                    negativeExponent = text[i] == '-';
                    i++;
                }

                int e = 0;
                bool anyExponent = false;
                while (i < n && text[i] >= '0' && text[i] <= '9')
                {
                    if (e < 10000)
                    {
                        e = (e * 10) + (text[i] - '0');
                    }

                    anyExponent = true;
                    i++;
                }

                if (!anyExponent)
                {
                    return false;
                }

                exponent += negativeExponent ? -e : e;
            }

            if (i != n)
            {
                return false;
            }

            double result = mantissa;
            if (mantissa != 0)
            {
                if (exponent < -300)
                {
                    result = result / PowerOfTen(-exponent - 300) / 1e300;
                }
                else if (exponent < 0)
                {
                    result /= PowerOfTen(-exponent);
                }
                else if (exponent > 0)
                {
                    result *= PowerOfTen(exponent);
                }
            }

            if (double.IsInfinity(result) || double.IsNaN(result))
            {
                return false;
            }

            value = negative ? -result : result;
            return true;
        }

        /// <summary>
        /// The common case of <see cref="TryParse(byte[], int, int, out double)"/>: digits with at most one point,
        /// 15 digits or fewer, so the digits are an exact integer below 2^53 and one division by an exact power
        /// of ten gives the nearest double (the general path gives the same value, more slowly).
        /// </summary>
        private static bool TryParsePlain(byte[] text, int i, int n, bool negative, out double value)
        {
            // The loop only adds digits and notes where the point is; counts come from positions afterwards. At most
            // 15 digits are accepted, so a long holds them and converts to double in one instruction.
            value = 0;
            long digits = 0;
            int first = i;
            int point = -1;
            for (; i < n; i++)
            {
                int digit = text[i] - '0';
                if ((uint)digit <= 9)
                {
                    digits = (digits * 10) + digit;
                }
                else if (text[i] == '.' && point < 0)
                {
                    point = i;
                }
                else
                {
                    return false;
                }
            }

            int count = n - first - (point < 0 ? 0 : 1);
            if (count == 0 || count > 15)
            {
                return false;
            }

            double result = digits;
            int decimals = point < 0 ? 0 : n - point - 1;
            if (decimals > 0)
            {
                result /= ExactPowersOfTen[decimals];
            }

            value = negative ? -result : result;
            return true;
        }

        /// <summary>
        /// Parses a plain decimal number (<c>-12.50</c>, <c>3</c>; no exponent) written in ASCII bytes exactly,
        /// as <paramref name="units"/> × 10^-<paramref name="scale"/>: <c>18.62</c> gives 1862 and 2,
        /// <c>-0.050</c> gives -50 and 3. Suits <c>decimal</c> arithmetic (<c>new decimal(units) / 10^scale</c>)
        /// where a double would round.
        /// </summary>
        /// <param name="text">Source.</param>
        /// <param name="offset">Index of the first character.</param>
        /// <param name="count">Number of characters.</param>
        /// <param name="units">The digits as an integer, with the sign.</param>
        /// <param name="scale">Number of digits after the point (0–18).</param>
        /// <returns><see langword="false"/> when the bytes are not a plain decimal number or have more than 18 digits.</returns>
        public static bool TryParseScaled(byte[] text, int offset, int count, out long units, out int scale)
        {
            units = 0;
            scale = 0;
            int n = offset + count;
            bool negative;
            int i = SkipSign(text, offset, n, out negative);

            long value = 0;
            int digits = 0;
            bool any = false;
            bool point = false;
            for (; i < n; i++)
            {
                int b = text[i];
                if (b == '.' && !point)
                {
                    point = true;
                    continue;
                }

                if (b < '0' || b > '9')
                {
                    return false;
                }

                any = true;
                value = (value * 10) + (b - '0');
                if (value != 0)
                {
                    digits++;
                }

                if (point)
                {
                    scale++;
                }

                if (digits > 18 || scale > 18)
                {
                    scale = 0;
                    return false;
                }
            }

            if (!any)
            {
                scale = 0;
                return false;
            }

            units = negative ? -value : value;
            return true;
        }

        /// <summary>
        /// Writes <paramref name="value"/> in plain decimal notation with at most 7 significant digits
        /// and at most <paramref name="maxDecimals"/> decimals, rounded half away from zero, trailing
        /// zeros dropped (<c>18.62</c>, <c>12</c>, <c>-0.05</c>, <c>2000000</c>). Suits values that
        /// come from 32-bit floats.
        /// </summary>
        /// <param name="value">A finite value with magnitude below 1e18.</param>
        /// <param name="maxDecimals">0–9.</param>
        /// <param name="buffer">Destination (room for <see cref="MaxDecimalLength"/> bytes).</param>
        /// <param name="position">Where the first character goes.</param>
        /// <returns>The position after the last character, or -1 when the value is NaN, infinite or too large.</returns>
        public static int WriteDecimal(double value, int maxDecimals, byte[] buffer, int position)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value >= 1e18 || value <= -1e18)
            {
                return -1;
            }

            bool negative = value < 0;
            double magnitude = negative ? -value : value;
            int integerDigits = 1;
            double limit = 10;
            while (magnitude >= limit && integerDigits < 19)
            {
                integerDigits++;
                limit *= 10;
            }

            int decimals = 7 - integerDigits;
            if (decimals > maxDecimals)
            {
                decimals = maxDecimals;
            }

            if (decimals < 0)
            {
                decimals = 0;
            }

            double scaled = (magnitude * ExactPowersOfTen[decimals]) + 0.5;
            if (scaled >= 9.2e18)
            {
                return -1;
            }

            ulong units = (ulong)scaled;
            ulong divisor = (ulong)ExactPowersOfTen[decimals];
            ulong whole = units / divisor;
            ulong fraction = units % divisor;
            if (negative && units != 0)
            {
                buffer[position++] = (byte)'-';
            }

            position = WriteUInt64(whole, buffer, position);
            if (fraction != 0)
            {
                while (fraction % 10 == 0)
                {
                    fraction /= 10;
                    decimals--;
                }

                buffer[position++] = (byte)'.';
                int end = position + decimals;
                for (int i = end - 1; i >= position; i--)
                {
                    buffer[i] = (byte)('0' + (int)(fraction % 10));
                    fraction /= 10;
                }

                position = end;
            }

            return position;
        }

        /// <summary>Writes an unsigned integer in decimal.</summary>
        /// <param name="value">The value.</param>
        /// <param name="buffer">Destination.</param>
        /// <param name="position">Where the first digit goes.</param>
        /// <returns>The position after the last digit.</returns>
        public static int WriteUInt64(ulong value, byte[] buffer, int position)
        {
            int digits = 1;
            ulong rest = value;
            while (rest >= 10)
            {
                rest /= 10;
                digits++;
            }

            int end = position + digits;
            for (int i = end - 1; i >= position; i--)
            {
                buffer[i] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }

            return end;
        }

        /// <summary>Writes a signed integer in decimal.</summary>
        /// <param name="value">The value.</param>
        /// <param name="buffer">Destination.</param>
        /// <param name="position">Where the first character goes.</param>
        /// <returns>The position after the last digit.</returns>
        public static int WriteInt64(long value, byte[] buffer, int position)
        {
            if (value < 0)
            {
                buffer[position++] = (byte)'-';
                return WriteUInt64((ulong)(-(value + 1)) + 1, buffer, position);
            }

            return WriteUInt64((ulong)value, buffer, position);
        }

        /// <summary>Writes <paramref name="value"/> with exactly <paramref name="width"/> digits, zero-padded on the left.</summary>
        /// <param name="value">A value that fits in <paramref name="width"/> digits.</param>
        /// <param name="width">Number of digits.</param>
        /// <param name="buffer">Destination.</param>
        /// <param name="position">Where the first digit goes.</param>
        /// <returns>The position after the last digit.</returns>
        public static int WritePadded(int value, int width, byte[] buffer, int position)
        {
            for (int i = position + width - 1; i >= position; i--)
            {
                buffer[i] = (byte)('0' + (value % 10));
                value /= 10;
            }

            return position + width;
        }

/// <summary>Skips a leading '-' or '+'.</summary>
        /// <returns>The index after the sign.</returns>
        private static int SkipSign(byte[] text, int i, int n, out bool negative)
        {
            negative = i < n && text[i] == '-';
            return i < n && (text[i] == '-' || text[i] == '+') ? i + 1 : i;
        }

        private static void Accumulate(int digit, ref ulong mantissa, ref int digits, ref int exponent, bool afterPoint)
        {
            if (digits < 19)
            {
                mantissa = (mantissa * 10) + (ulong)(digit - '0');
                if (mantissa != 0)
                {
                    digits++;
                }

                if (afterPoint)
                {
                    exponent--;
                }
            }
            else if (!afterPoint)
            {
                exponent++;
            }
        }
    }
}
