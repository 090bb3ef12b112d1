using EmissionEdge.Emulator.Modbus;
using EmissionEdge.Gateway.Core.Analyzers;
using EmissionEdge.Gateway.Core.Modbus;

namespace EmissionEdge.Emulator.Tests;

public sealed class RegisterEncoderTests
{
    [Theory]
    [InlineData(WordOrder.ABCD, 0x4194, 0xF5C3)] // 18.62f = 0x4194F5C3
    [InlineData(WordOrder.CDAB, 0xF5C3, 0x4194)]
    [InlineData(WordOrder.BADC, 0x9441, 0xC3F5)]
    [InlineData(WordOrder.DCBA, 0xC3F5, 0x9441)]
    public void Float32_bytes_land_where_the_word_order_says(WordOrder order, int first, int second)
    {
        var registers = new ushort[2];
        RegisterEncoder.EncodeRaw(RegisterType.Float32, order, 18.62, registers, 0);
        Assert.Equal([(ushort)first, (ushort)second], registers);
    }

    [Theory]
    [InlineData(RegisterType.Int16, -1234.0)]
    [InlineData(RegisterType.UInt16, 65535.0)]
    [InlineData(RegisterType.Int32, -123456789.0)]
    [InlineData(RegisterType.UInt32, 4000000000.0)]
    [InlineData(RegisterType.Float32, 8.3)]
    public void Round_trips_through_the_gateway_decoder_in_every_word_order(RegisterType type, double raw)
    {
        foreach (var order in Enum.GetValues<WordOrder>())
        {
            var registers = new ushort[2];
            RegisterEncoder.EncodeRaw(type, order, raw, registers, 0);
            double expected = type == RegisterType.Float32 ? (float)raw : raw;
            Assert.Equal(expected, RegisterDecoder.Decode(registers, 0, type, order));
        }
    }

    [Fact]
    public void Scale_and_offset_are_undone_and_integers_saturate()
    {
        var channel = new MapChannel("c", "Temp", 7, 4, 0, RegisterType.Int16, WordOrder.ABCD, 0.1, -50, "°C", [], double.NaN, double.NaN);
        var registers = new ushort[1];
        RegisterEncoder.Encode(channel, 120.25, registers, 0); // (120.25 + 50) / 0.1 = 1702.5 → 1703
        Assert.Equal(1703, (short)registers[0]);
        RegisterEncoder.Encode(channel, 5000, registers, 0); // 50500 does not fit an int16
        Assert.Equal(short.MaxValue, (short)registers[0]);
    }
}
