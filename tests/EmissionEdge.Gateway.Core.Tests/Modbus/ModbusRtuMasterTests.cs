using EmissionEdge.Gateway.Core.Analyzers;
using EmissionEdge.Gateway.Core.Modbus;
using EmissionEdge.Gateway.Core.Tests.Support;

namespace EmissionEdge.Gateway.Core.Tests.Modbus;

public sealed class ModbusRtuMasterTests
{
    private readonly FakeClock _clock = new();
    private readonly FakeModbusSlave _slave;
    private readonly ModbusRtuMaster _master;

    public ModbusRtuMasterTests()
    {
        _slave = new FakeModbusSlave(_clock);
        _master = new ModbusRtuMaster(_slave, _clock, 200, 2);
    }

    [Fact]
    public void Crc16_modbus_matches_the_catalogue_check_value_and_a_known_frame()
    {
        var check = "123456789"u8.ToArray();
        Assert.Equal(0x4B37, ModbusCrc.Compute(check, 0, check.Length));
        // Read holding registers, slave 1, address 0, count 10: 01 03 00 00 00 0A C5 CD (spec example).
        var frame = new byte[8] { 0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0, 0 };
        ModbusCrc.Append(frame, 6);
        Assert.Equal(new byte[] { 0xC5, 0xCD }, frame[6..]);
    }

    [Fact]
    public void Fc03_and_fc04_read_registers_with_a_correct_request_frame()
    {
        _slave.HoldingRegisters[107] = 0x1234;
        _slave.InputRegisters[1000] = 0xABCD;
        var regs = new ushort[2];
        Assert.Equal(ModbusStatus.Ok, _master.ReadHoldingRegisters(1, 107, 1, regs, 0));
        Assert.Equal(0x1234, regs[0]);
        Assert.Equal(new byte[] { 1, 3, 0, 107, 0, 1 }, _slave.Requests[0][..6]);
        Assert.Equal(ModbusStatus.Ok, _master.ReadInputRegisters(1, 1000, 1, regs, 1));
        Assert.Equal(0xABCD, regs[1]);
        Assert.Equal(new byte[] { 1, 4, 0x03, 0xE8, 0, 1 }, _slave.Requests[1][..6]);
    }

    [Fact]
    public void Fc01_and_fc02_unpack_bits_lsb_first()
    {
        _slave.Coils[20] = true;
        _slave.Coils[28] = true;
        _slave.DiscreteInputs[1002] = true;
        var bits = new bool[10];
        Assert.Equal(ModbusStatus.Ok, _master.ReadCoils(1, 19, 10, bits, 0));
        Assert.Equal(new[] { false, true, false, false, false, false, false, false, false, true }, bits);
        Assert.Equal(ModbusStatus.Ok, _master.ReadDiscreteInputs(1, 1000, 3, bits, 0));
        Assert.Equal(new[] { false, false, true }, bits[..3]);
    }

    [Fact]
    public void Fc05_fc06_and_fc16_write_and_check_the_echo()
    {
        Assert.Equal(ModbusStatus.Ok, _master.WriteSingleCoil(1, 5, true));
        Assert.True(_slave.Coils[5]);
        Assert.Equal(new byte[] { 1, 5, 0, 5, 0xFF, 0 }, _slave.Requests[0][..6]);
        Assert.Equal(ModbusStatus.Ok, _master.WriteSingleRegister(1, 9, 0xBEEF));
        Assert.Equal(0xBEEF, _slave.HoldingRegisters[9]);
        Assert.Equal(ModbusStatus.Ok, _master.WriteMultipleRegisters(1, 100, [1, 2, 3], 0, 3));
        Assert.Equal(new ushort[] { 1, 2, 3 }, _slave.HoldingRegisters[100..103]);
        Assert.Equal(new byte[] { 1, 16, 0, 100, 0, 3, 6, 0, 1, 0, 2, 0, 3 }, _slave.Requests[2][..13]);
    }

    [Theory]
    [InlineData(1, "illegal function")]
    [InlineData(2, "illegal data address")]
    [InlineData(3, "illegal data value")]
    [InlineData(4, "slave device failure")]
    [InlineData(6, "slave device busy")]
    public void Exception_responses_are_reported_with_their_code_and_not_retried(byte code, string name)
    {
        _slave.ExceptionCode = code;
        var regs = new ushort[1];
        Assert.Equal(ModbusStatus.Exception, _master.ReadInputRegisters(1, 0, 1, regs, 0));
        Assert.Equal(code, _master.LastExceptionCode);
        Assert.Single(_slave.Requests);
        Assert.Contains(name, ModbusStatusText.Describe(ModbusStatus.Exception, code));
    }

    [Fact]
    public void A_timeout_is_retried_and_the_second_attempt_succeeds()
    {
        _slave.InputRegisters[0] = 42;
        _slave.DropNextAnswers = 1;
        var regs = new ushort[1];
        Assert.Equal(ModbusStatus.Ok, _master.ReadInputRegisters(1, 0, 1, regs, 0));
        Assert.Equal(42, regs[0]);
        Assert.Equal(2, _slave.Requests.Count);
        Assert.Equal(1, _master.Timeouts);
    }

    [Fact]
    public void Every_attempt_timing_out_gives_timeout_after_one_plus_retries_requests()
    {
        _slave.DropNextAnswers = 10;
        Assert.Equal(ModbusStatus.Timeout, _master.ReadInputRegisters(1, 0, 1, new ushort[1], 0));
        Assert.Equal(3, _slave.Requests.Count);
    }

    [Fact]
    public void A_corrupted_answer_is_a_crc_error_and_is_retried()
    {
        _slave.CorruptNextAnswers = 3;
        Assert.Equal(ModbusStatus.CrcError, _master.ReadInputRegisters(1, 0, 1, new ushort[1], 0));
        Assert.Equal(3, _master.CrcErrors);
        _slave.CorruptNextAnswers = 1;
        Assert.Equal(ModbusStatus.Ok, _master.ReadInputRegisters(1, 0, 1, new ushort[1], 0));
    }

    [Fact]
    public void Silent_interval_of_3_5_characters_separates_frames()
    {
        // 9600 bit/s, 11 bits per character: 3.5 × 11 / 9600 s = 4011 µs → 5 ms whole.
        Assert.Equal(4011, _master.FrameGapMicroseconds);
        _master.ReadInputRegisters(1, 0, 1, new ushort[1], 0);
        _master.ReadInputRegisters(1, 0, 1, new ushort[1], 0);
        Assert.True(_slave.RequestTimes[1] - _slave.RequestTimes[0] >= 5, "second request sent before the bus was silent for 3.5 characters");
        Assert.Contains(5, _clock.Delays);
        _slave.BaudRate = 115200;
        Assert.Equal(1750, _master.FrameGapMicroseconds);
    }

    [Fact]
    public void An_answer_from_another_slave_is_not_taken()
    {
        var other = new FakeModbusSlave(_clock, unit: 2);
        var master = new ModbusRtuMaster(other, _clock, 100, 0);
        Assert.Equal(ModbusStatus.Timeout, master.ReadInputRegisters(1, 0, 1, new ushort[1], 0));
    }

    [Theory]
    [InlineData(WordOrder.ABCD, new ushort[] { 0x41C8, 0x0000 })]
    [InlineData(WordOrder.CDAB, new ushort[] { 0x0000, 0x41C8 })]
    [InlineData(WordOrder.BADC, new ushort[] { 0xC841, 0x0000 })]
    [InlineData(WordOrder.DCBA, new ushort[] { 0x0000, 0xC841 })]
    public void Float32_in_every_word_order_decodes_to_25(WordOrder order, ushort[] registers)
    {
        Assert.Equal(25.0, RegisterDecoder.Decode(registers, 0, RegisterType.Float32, order));
    }

    [Theory]
    [InlineData(WordOrder.ABCD, new ushort[] { 0xFFFE, 0x1DC0 }, -123456.0)]
    [InlineData(WordOrder.CDAB, new ushort[] { 0x1DC0, 0xFFFE }, -123456.0)]
    [InlineData(WordOrder.BADC, new ushort[] { 0xFEFF, 0xC01D }, -123456.0)]
    [InlineData(WordOrder.DCBA, new ushort[] { 0xC01D, 0xFEFF }, -123456.0)]
    public void Int32_in_every_word_order(WordOrder order, ushort[] registers, double expected)
    {
        Assert.Equal(expected, RegisterDecoder.Decode(registers, 0, RegisterType.Int32, order));
        Assert.Equal((double)unchecked((uint)(int)expected), RegisterDecoder.Decode(registers, 0, RegisterType.UInt32, order));
    }

    [Fact]
    public void Sixteen_bit_values_signed_unsigned_and_byte_swapped()
    {
        Assert.Equal(-2.0, RegisterDecoder.Decode([0xFFFE], 0, RegisterType.Int16, WordOrder.ABCD));
        Assert.Equal(65534.0, RegisterDecoder.Decode([0xFFFE], 0, RegisterType.UInt16, WordOrder.ABCD));
        Assert.Equal(0x3412, RegisterDecoder.Decode([0x1234], 0, RegisterType.UInt16, WordOrder.BADC));
    }

    [Fact]
    public void Float_bits_round_trip_against_dotnet_including_nan_infinity_and_subnormals()
    {
        foreach (var f in new[] { 0f, -0f, 1.5f, -17.9f, 3.4e38f, 1e-40f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 18.62f })
        {
            var bits = BitConverter.SingleToUInt32Bits(f);
            var decoded = RegisterDecoder.SingleFromBits(bits);
            Assert.Equal((double)f, decoded);
            if (!float.IsNaN(f) && !float.IsSubnormal(f)) // subnormals are flushed to zero when encoding (documented)
            {
                Assert.Equal(bits, RegisterDecoder.SingleToBits(f));
            }
        }

        Assert.Equal(BitConverter.SingleToUInt32Bits((float)18.62), RegisterDecoder.SingleToBits(18.62));
    }
}
