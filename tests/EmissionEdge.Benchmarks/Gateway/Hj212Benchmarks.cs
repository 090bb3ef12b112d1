using BenchmarkDotNet.Attributes;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Hj212;

namespace EmissionEdge.Benchmarks.Gateway;

/// <summary>HJ 212 packet parse and encode: one 2051 minute packet of 10 pollutants (766 bytes) per operation.</summary>
[MemoryDiagnoser]
[MinColumn]
public class Hj212Benchmarks
{
    private byte[] _packet = [];
    private Hj212Packet _model = new();
    private readonly Hj212Reader _reader = new();
    private readonly Hj212Reader _valuesReader = new();

    [GlobalSetup]
    public void Setup()
    {
        var record = new MinuteRecord { Minute = MinuteClock.MinuteOf(new DateTime(2026, 11, 26, 0, 1, 0, DateTimeKind.Utc).Ticks) };
        for (int c = 0; c < 10; c++)
        {
            record.Set(c, 18.62 + c, 17.9 + c, 19.41 + c, 15, 'N');
        }

        _model = Hj212Messages.Data(Hj212Messages.MinuteData, record, "20261126080100000", "123456", "010000A8900016F000169DC0", true);
        _packet = Hj212Codec.Build(_model);
        _valuesReader.TryRead(_packet, 0, _packet.Length, out _);
    }

    /// <summary>
    /// The reader: length and CRC check, UTF-8 check, header fields and CP items indexed, then every CP
    /// value read (DataTime and the 30 Avg/Min/Max as numbers, the 10 flags as characters).
    /// </summary>
    [Benchmark]
    public double Read()
    {
        if (!_reader.TryRead(_packet, 0, _packet.Length, out var error))
        {
            throw new InvalidOperationException(error);
        }

        return ReadValues(_reader);
    }

    /// <summary>The parts of <see cref="Read"/>: the 41 CP values alone, of a packet read before.</summary>
    [Benchmark]
    public double Values() => ReadValues(_valuesReader);

    /// <summary>The parts of <see cref="Read"/>: the CRC of the 754-byte data segment alone (with the ASCII test).</summary>
    [Benchmark]
    public int Crc() => Hj212Crc.Compute(_packet, 6, _packet.Length - 12, out _);

    /// <summary>The parts of <see cref="Read"/>: the frame checked and its header and CP items indexed, no value read.</summary>
    [Benchmark]
    public int TryRead()
    {
        if (!_reader.TryRead(_packet, 0, _packet.Length, out var error))
        {
            throw new InvalidOperationException(error);
        }

        return _reader.CpItemCount;
    }

    /// <summary>The <see cref="Hj212Packet"/> API: the same checks, then header strings, the CP string and the CP items as strings.</summary>
    [Benchmark]
    public int Parse()
    {
        Hj212Codec.TryParse(_packet, 0, _packet.Length, out var packet, out _);
        return packet!.CpItems().Length;
    }

    private static double ReadValues(Hj212Reader reader)
    {
        double sum = 0;
        for (int i = 0; i < reader.CpItemCount; i++)
        {
            if (reader.TryGetCpItemNumber(i, out var value))
            {
                sum += value;
            }
            else if (reader.TryGetCpItemChar(i, out var flag))
            {
                sum += flag;
            }
            else
            {
                throw new InvalidOperationException("CP item " + i + " unread");
            }
        }

        return sum;
    }

    /// <summary>Data segment, UTF-8 encode, length and CRC.</summary>
    [Benchmark]
    public int Encode() => Hj212Codec.Build(_model).Length;
}
