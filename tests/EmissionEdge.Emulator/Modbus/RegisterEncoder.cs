using EmissionEdge.Gateway.Core.Analyzers;
using EmissionEdge.Gateway.Core.Modbus;

namespace EmissionEdge.Emulator.Modbus;

/// <summary>
/// Turns an engineering value into the registers an analyzer sends for a map entry: the inverse of the gateway core's
/// <see cref="RegisterDecoder"/> (raw = (value − offset) / scale; integers rounded half away from zero and saturated
/// at the type's limits; float32 rounded to single precision; bytes placed by the word order).
/// </summary>
public static class RegisterEncoder
{
    /// <summary>Writes the registers of <paramref name="value"/> for <paramref name="channel"/>.</summary>
    /// <param name="channel">The map entry.</param>
    /// <param name="value">The engineering value.</param>
    /// <param name="registers">Destination.</param>
    /// <param name="index">Index of the first register.</param>
    public static void Encode(MapChannel channel, double value, ushort[] registers, int index)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(registers);
        double raw = (value - channel.Offset) / channel.Scale;
        EncodeRaw(channel.Type, channel.WordOrder, raw, registers, index);
    }

    /// <summary>Writes a raw value (before scale and offset) of a type in a word order.</summary>
    /// <param name="type">Register type.</param>
    /// <param name="order">Word order.</param>
    /// <param name="raw">The raw value.</param>
    /// <param name="registers">Destination.</param>
    /// <param name="index">Index of the first register.</param>
    public static void EncodeRaw(RegisterType type, WordOrder order, double raw, ushort[] registers, int index)
    {
        ArgumentNullException.ThrowIfNull(registers);
        switch (type)
        {
            case RegisterType.Int16:
            case RegisterType.UInt16:
                int word = type == RegisterType.Int16 ? (ushort)(short)Saturate(raw, short.MinValue, short.MaxValue) : (int)Saturate(raw, 0, ushort.MaxValue);
                if (order == WordOrder.BADC || order == WordOrder.DCBA)
                {
                    word = ((word & 0xFF) << 8) | (word >> 8);
                }

                registers[index] = (ushort)word;
                return;
            case RegisterType.Int32:
                Split((uint)(int)Saturate(raw, int.MinValue, int.MaxValue), order, registers, index);
                return;
            case RegisterType.UInt32:
                Split((uint)Saturate(raw, 0, uint.MaxValue), order, registers, index);
                return;
            default:
                Split(RegisterDecoder.SingleToBits(raw), order, registers, index);
                return;
        }
    }

    /// <summary>Places the bytes A (most significant) … D of <paramref name="bits"/> on the wire in <paramref name="order"/>.</summary>
    /// <param name="bits">The value's bits.</param>
    /// <param name="order">Word order.</param>
    /// <param name="registers">Destination.</param>
    /// <param name="index">Index of the first of the two registers.</param>
    public static void Split(uint bits, WordOrder order, ushort[] registers, int index)
    {
        ArgumentNullException.ThrowIfNull(registers);
        byte a = (byte)(bits >> 24), b = (byte)(bits >> 16), c = (byte)(bits >> 8), d = (byte)bits;
        (byte w0, byte w1, byte w2, byte w3) = order switch
        {
            WordOrder.CDAB => (c, d, a, b),
            WordOrder.BADC => (b, a, d, c),
            WordOrder.DCBA => (d, c, b, a),
            _ => (a, b, c, d),
        };
        registers[index] = (ushort)((w0 << 8) | w1);
        registers[index + 1] = (ushort)((w2 << 8) | w3);
    }

    private static double Saturate(double raw, double min, double max)
    {
        if (double.IsNaN(raw))
        {
            return 0;
        }

        double rounded = Math.Round(raw, MidpointRounding.AwayFromZero);
        return rounded < min ? min : rounded > max ? max : rounded;
    }
}
