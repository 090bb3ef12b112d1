using BenchmarkDotNet.Attributes;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Hj212;

namespace EmissionEdge.Benchmarks.Gateway;

/// <summary>HJ 212 packet parse and encode: one 2051 minute packet of 7 pollutants per operation.</summary>
[MemoryDiagnoser]
public class Hj212Benchmarks
{
    private byte[] _packet = [];
    private Hj212Packet _model = new();

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
    }

    /// <summary>Length and CRC check, UTF-8 decode, header fields and CP items.</summary>
    [Benchmark]
    public int Parse()
    {
        Hj212Codec.TryParse(_packet, 0, _packet.Length, out var packet, out _);
        return packet!.CpItems().Length;
    }

    /// <summary>Data segment, UTF-8 encode, length and CRC.</summary>
    [Benchmark]
    public int Encode() => Hj212Codec.Build(_model).Length;
}
