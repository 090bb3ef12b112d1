using CsCheck;
using EmissionEdge.Fuzzing.Mutation;
using EmissionEdge.Fuzzing.Running;
using EmissionEdge.Gateway.Core.Modbus;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Fuzzing.Targets;

/// <summary>
/// The gateway's <see cref="ModbusRtuMaster"/> parsing answers. An input is 6 bytes naming the request (function
/// selector, slave, address, count) followed by the bytes the bus answers with, delivered in reads of 1–n bytes; then
/// the bus goes silent. Valid inputs are correct answers (FC01–04 reads, FC05/06 echoes, FC16 acknowledgements), which
/// must give <see cref="ModbusStatus.Ok"/> and exactly the generated registers or bits. Every other outcome is a
/// rejection described by <see cref="ModbusStatusText.Describe"/>.
/// </summary>
public sealed class ModbusResponseTarget : FuzzTarget
{
    private static readonly byte[] Functions = [1, 2, 3, 4, 5, 6, 16];

    // Drawn straight from the random source, with only as many registers and bits as the answer carries (drawing 125
    // registers and 2000 bits for every answer made input generation most of the run's time).
    private static readonly Gen<FuzzCase> Valid = new PcgGen<FuzzCase>(pcg =>
        {
            var selector = (int)pcg.Next((uint)Functions.Length);
            var unit = (byte)(1 + pcg.Next(247));
            var address = (ushort)pcg.Next(65536);
            var wanted = 1 + (int)pcg.Next(2000);
            var function = Functions[selector];
            var count = function switch { 1 or 2 => wanted, 3 or 4 => 1 + (wanted % 125), 16 => 1 + (wanted % 123), _ => 1 };
            var registers = new ushort[function is 3 or 4 or 16 ? count : 1];
            for (var i = 0; i < registers.Length; i++)
            {
                registers[i] = (ushort)pcg.Next(65536);
            }

            var bits = new bool[function is 1 or 2 ? count : 1];
            for (var i = 0; i < bits.Length; i += 64)
            {
                var word = pcg.Next64();
                for (var b = i; b < Math.Min(bits.Length, i + 64); b++)
                {
                    bits[b] = ((word >> (b - i)) & 1) != 0;
                }
            }

            byte[] answer;
            object expected;
            switch (function)
            {
                case 1 or 2:
                    var data = new byte[(count + 7) / 8];
                    for (var i = 0; i < count; i++)
                    {
                        data[i >> 3] |= (byte)(bits[i] ? 1 << (i & 7) : 0);
                    }

                    answer = ModbusFrames.WithCrc([unit, function, (byte)data.Length, .. data]);
                    expected = bits[..count];
                    break;
                case 3 or 4:
                    var words = registers[..count];
                    answer = ModbusFrames.WithCrc([unit, function, (byte)(2 * count), .. words.SelectMany(w => new[] { (byte)(w >> 8), (byte)w })]);
                    expected = words;
                    break;
                case 5:
                    answer = ModbusFrames.WithCrc(unit, 5, (byte)(address >> 8), (byte)address, bits[0] ? (byte)0xFF : (byte)0, 0);
                    expected = bits[0];
                    break;
                case 6:
                    answer = ModbusFrames.WithCrc(unit, 6, (byte)(address >> 8), (byte)address, (byte)(registers[0] >> 8), (byte)registers[0]);
                    expected = registers[0];
                    break;
                default:
                    answer = ModbusFrames.WithCrc(unit, 16, (byte)(address >> 8), (byte)address, (byte)(count >> 8), (byte)count);
                    expected = registers[..count];
                    break;
            }

            // FC05 carries the coil state and FC06 the value in the request's count bytes.
            var countField = function switch { 5 => bits[0] ? 1 : 0, 6 => registers[0], _ => count };
            byte[] input = [(byte)selector, unit, (byte)(address >> 8), (byte)address, (byte)(countField >> 8), (byte)countField, .. answer];
            return new FuzzCase(input, "valid FC" + function, expected);
        });

    /// <inheritdoc />
    public override string Name => "modbus";

    /// <inheritdoc />
    public override string Description => "gateway Modbus RTU master: answers to FC01–06 and FC16 requests";

    /// <inheritdoc />
    public override Gen<FuzzCase> Cases { get; } = new PcgGen<FuzzCase>(pcg =>
    {
        var sample = Valid.Generate(pcg, null, out _);
        switch (pcg.Next(10))
        {
            case 0 or 1:
                return sample;
            case 2:
                // A well-formed exception answer, with any code.
                var b = sample.Bytes;
                return new FuzzCase([.. b[..6], .. ModbusFrames.WithCrc(b[1], (byte)(Functions[b[0]] | 0x80), (byte)pcg.Next(256))], "exception answer");
            case 3 or 4:
                // A mutated answer with a correct CRC again, so the checks after the CRC are reached.
                var body = ByteMutations.Mutate(pcg, sample.Bytes[6..^2], sample.Bytes[6..^2], out var what);
                return new FuzzCase([.. sample.Bytes[..6], .. ModbusFrames.WithCrc(body)], "recrc'd answer: " + what);
            default:
                return MutatedCases.Bytes(pcg, Valid, sample);
        }
    });

    /// <inheritdoc />
    public override FuzzOutcome Execute(FuzzCase input)
    {
        var request = input.Bytes.Length >= 6 ? input.Bytes[..6] : [.. input.Bytes, .. new byte[6 - input.Bytes.Length]];
        var bus = new ScriptedBus(input.Bytes.AsSpan(Math.Min(6, input.Bytes.Length)).ToArray());
        var master = new ModbusRtuMaster(bus, bus, 100, 0);
        var function = Functions[request[0] % Functions.Length];
        var unit = request[1];
        var address = (ushort)((request[2] << 8) | request[3]);
        var count = (ushort)((request[4] << 8) | request[5]);
        var registers = new ushort[130];
        var bits = new bool[2010];
        var status = function switch
        {
            1 => master.ReadCoils(unit, address, count, bits, 0),
            2 => master.ReadDiscreteInputs(unit, address, count, bits, 0),
            3 => master.ReadHoldingRegisters(unit, address, count, registers, 0),
            4 => master.ReadInputRegisters(unit, address, count, registers, 0),
            5 => master.WriteSingleCoil(unit, address, count != 0),
            6 => master.WriteSingleRegister(unit, address, count),
            _ => master.WriteMultipleRegisters(unit, address, registers, 0, count),
        };

        if (status == ModbusStatus.Ok)
        {
            // Ok only for an answer whose CRC is right, from the slave asked, to the function asked.
            var answer = bus.Delivered;
            FuzzPropertyException.Check(answer.Length >= 4 && ModbusFrames.CrcOk(answer) && answer[0] == unit && answer[1] == function,
                () => $"Ok for an answer that does not fit: {Convert.ToHexString(answer)}");
        }

        switch (input.Expected)
        {
            case bool[] expectedBits:
                FuzzPropertyException.Check(status == ModbusStatus.Ok && bits.AsSpan(0, expectedBits.Length).SequenceEqual(expectedBits), () => $"FC{function}: {status}, or other bits");
                break;
            case ushort[] expectedWords when function is 3 or 4:
                FuzzPropertyException.Check(status == ModbusStatus.Ok && registers.AsSpan(0, expectedWords.Length).SequenceEqual(expectedWords), () => $"FC{function}: {status}, or other registers");
                break;
            case not null:
                FuzzPropertyException.Check(status == ModbusStatus.Ok, () => $"FC{function}: {status}");
                break;
        }

        return Verdict(input, ModbusStatusText.Describe(status, master.LastExceptionCode), status == ModbusStatus.Ok);
    }

    /// <summary>A bus that answers with the input's bytes, in reads of a size that depends on the input, then stays silent; and a clock that only moves when waited on.</summary>
    private sealed class ScriptedBus(byte[] answer) : IModbusTransport, IClock
    {
        private readonly int _chunk = 1 + (answer.Length % 9 == 0 ? 255 : answer.Length % 9);
        private int _position;
        private long _now;

        public byte[] Delivered => answer[.._position];

        public int BitsPerCharacter => 11;

        public int BaudRate => 9600;

        public long UtcTicks => _now * TimeSpan.TicksPerMillisecond;

        public long MonotonicMilliseconds => _now;

        public void Delay(int milliseconds) => _now += milliseconds;

        public void DiscardInput()
        {
        }

        public void Write(byte[] buffer, int offset, int count)
        {
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            var n = Math.Min(Math.Min(count, _chunk), answer.Length - _position);
            if (n <= 0)
            {
                _now += timeoutMilliseconds;
                return 0;
            }

            Array.Copy(answer, _position, buffer, offset, n);
            _position += n;
            return n;
        }
    }
}
