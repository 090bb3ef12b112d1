using System;
using EmissionEdge.Gateway.Core.Analyzers;

namespace EmissionEdge.Gateway.Core.Modbus
{
    /// <summary>
    /// Turns registers into numbers for every <see cref="RegisterType"/> and <see cref="WordOrder"/>.
    /// Registers arrive as big-endian 16-bit words r0, r1 whose wire bytes are b0 b1 b2 b3; the word
    /// order says which of the value's bytes A (most significant) … D each wire byte is.
    /// </summary>
    public static class RegisterDecoder
    {
        /// <summary>Reads a raw value (before scale and offset).</summary>
        /// <param name="registers">Register values.</param>
        /// <param name="index">Index of the first register of the value.</param>
        /// <param name="type">Type.</param>
        /// <param name="order">Byte order.</param>
        /// <returns>The raw value; NaN or ±∞ for such floats.</returns>
        public static double Decode(ushort[] registers, int index, RegisterType type, WordOrder order)
        {
            if (type == RegisterType.Int16 || type == RegisterType.UInt16)
            {
                int word = registers[index];
                if (order == WordOrder.BADC || order == WordOrder.DCBA)
                {
                    word = ((word & 0xFF) << 8) | (word >> 8);
                }

                return type == RegisterType.Int16 ? (double)(short)word : word;
            }

            uint bits = Combine(registers[index], registers[index + 1], order);
            switch (type)
            {
                case RegisterType.Int32:
                    return (int)bits;
                case RegisterType.UInt32:
                    return bits;
                default:
                    return SingleFromBits(bits);
            }
        }

        /// <summary>Assembles a 32-bit value from two registers.</summary>
        /// <param name="r0">First register on the wire.</param>
        /// <param name="r1">Second register on the wire.</param>
        /// <param name="order">Byte order.</param>
        /// <returns>The bits, A in the top byte.</returns>
        public static uint Combine(ushort r0, ushort r1, WordOrder order)
        {
            uint b0 = (uint)(r0 >> 8);
            uint b1 = (uint)(r0 & 0xFF);
            uint b2 = (uint)(r1 >> 8);
            uint b3 = (uint)(r1 & 0xFF);
            switch (order)
            {
                case WordOrder.CDAB:
                    return (b2 << 24) | (b3 << 16) | (b0 << 8) | b1;
                case WordOrder.BADC:
                    return (b1 << 24) | (b0 << 16) | (b3 << 8) | b2;
                case WordOrder.DCBA:
                    return (b3 << 24) | (b2 << 16) | (b1 << 8) | b0;
                default:
                    return (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
            }
        }

        /// <summary>The IEEE 754 single whose bits are <paramref name="bits"/>, widened exactly to double (no BitConverter.Int32BitsToSingle on nanoFramework).</summary>
        /// <param name="bits">Single-precision bit pattern.</param>
        /// <returns>The value.</returns>
        public static double SingleFromBits(uint bits)
        {
            ulong sign = (ulong)(bits >> 31) << 63;
            int exponent = (int)((bits >> 23) & 0xFF);
            ulong mantissa = bits & 0x7FFFFF;
            if (exponent == 0xFF)
            {
                return BitConverter.Int64BitsToDouble((long)(sign | (0x7FFUL << 52) | (mantissa << 29)));
            }

            if (exponent == 0)
            {
                // Subnormal (or zero): mantissa × 2^-149.
                double value = mantissa * 1.4012984643248171E-45;
                return sign != 0 ? -value : value;
            }

            ulong doubleBits = sign | ((ulong)(exponent - 127 + 1023) << 52) | (mantissa << 29);
            return BitConverter.Int64BitsToDouble((long)doubleBits);
        }

        /// <summary>The bit pattern of <paramref name="value"/> rounded to single precision (round half to even), for encoders and tests.</summary>
        /// <param name="value">A value within single range.</param>
        /// <returns>The single-precision bits.</returns>
        public static uint SingleToBits(double value)
        {
            ulong d = (ulong)BitConverter.DoubleToInt64Bits(value);
            uint sign = (uint)(d >> 63) << 31;
            int exponent = (int)((d >> 52) & 0x7FF);
            ulong mantissa = d & 0xFFFFFFFFFFFFFUL;
            if (exponent == 0x7FF)
            {
                return sign | 0x7F800000u | (mantissa != 0 ? 0x400000u : 0u);
            }

            int e = exponent - 1023 + 127;
            if (e >= 0xFF)
            {
                return sign | 0x7F800000u;
            }

            if (e <= 0)
            {
                // Too small for a normal single: flush to zero (analyzer values never get there).
                return sign;
            }

            ulong m = mantissa >> 29;
            ulong rest = mantissa & 0x1FFFFFFFUL;
            if (rest > 0x10000000UL || (rest == 0x10000000UL && (m & 1) != 0))
            {
                m++;
                if (m == 0x800000UL)
                {
                    m = 0;
                    e++;
                    if (e >= 0xFF)
                    {
                        return sign | 0x7F800000u;
                    }
                }
            }

            return sign | ((uint)e << 23) | (uint)m;
        }
    }
}
