using EmissionEdge.Gateway.Core.Modbus;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Core.Tests.Support;

internal sealed class FakeClock : IClock
{
    private long _utcTicks = new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>When set, UTC advances with the monotonic counter (delays, Modbus reads), as on a device; setting UtcTicks steps it.</summary>
    public bool UtcRunsWithMonotonic { get; set; }

    public long UtcTicks
    {
        get => _utcTicks + RunningTicks;
        set => _utcTicks = value - RunningTicks;
    }

    private long RunningTicks => UtcRunsWithMonotonic ? MonotonicMilliseconds * TimeSpan.TicksPerMillisecond : 0;

    public long MonotonicMilliseconds { get; set; } = 1000;
    public List<int> Delays { get; } = [];
    public bool RecordDelays { get; set; } = true;

    public void Delay(int milliseconds)
    {
        if (RecordDelays)
        {
            Delays.Add(milliseconds);
        }

        MonotonicMilliseconds += milliseconds;
    }
}

/// <summary>A Modbus RTU slave behind a fake serial line: answers FC01–06/16 from its tables.</summary>
internal sealed class FakeModbusSlave(FakeClock clock, byte unit = 1) : IModbusTransport
{
    private readonly Queue<byte> _pending = new();
    public ushort[] InputRegisters { get; } = new ushort[65536];
    public ushort[] HoldingRegisters { get; } = new ushort[65536];
    public bool[] DiscreteInputs { get; } = new bool[65536];
    public bool[] Coils { get; } = new bool[65536];
    public List<byte[]> Requests { get; } = [];
    public List<long> RequestTimes { get; } = [];
    public int DropNextAnswers { get; set; }
    public int CorruptNextAnswers { get; set; }
    public byte ExceptionCode { get; set; }
    public int BitsPerCharacter { get; set; } = 11;
    public int BaudRate { get; set; } = 9600;

    public void DiscardInput() => _pending.Clear();

    public void Write(byte[] buffer, int offset, int count)
    {
        var request = buffer.AsSpan(offset, count).ToArray();
        Requests.Add(request);
        RequestTimes.Add(clock.MonotonicMilliseconds);
        Assert.True(ModbusCrc.Check(request, count), "master sent a bad CRC");
        if (request[0] != unit)
        {
            return;
        }

        var answer = Answer(request);
        if (DropNextAnswers > 0)
        {
            DropNextAnswers--;
            return;
        }

        var frame = new byte[answer.Length + 2];
        answer.CopyTo(frame, 0);
        ModbusCrc.Append(frame, answer.Length);
        if (CorruptNextAnswers > 0)
        {
            CorruptNextAnswers--;
            frame[^1] ^= 0x55;
        }

        foreach (var b in frame)
        {
            _pending.Enqueue(b);
        }
    }

    public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        if (_pending.Count == 0)
        {
            clock.MonotonicMilliseconds += timeoutMilliseconds;
            return 0;
        }

        // Deliver in small pieces to exercise reassembly of partial reads.
        int n = Math.Min(Math.Min(count, 3), _pending.Count);
        for (int i = 0; i < n; i++)
        {
            buffer[offset + i] = _pending.Dequeue();
        }

        clock.MonotonicMilliseconds += 1;
        return n;
    }

    private byte[] Answer(byte[] r)
    {
        byte fc = r[1];
        int address = (r[2] << 8) | r[3];
        int count = (r[4] << 8) | r[5];
        if (ExceptionCode != 0)
        {
            return [r[0], (byte)(fc | 0x80), ExceptionCode];
        }

        switch (fc)
        {
            case 1:
            case 2:
                var table = fc == 1 ? Coils : DiscreteInputs;
                var bytes = new byte[(count + 7) / 8];
                for (int i = 0; i < count; i++)
                {
                    if (table[address + i])
                    {
                        bytes[i / 8] |= (byte)(1 << (i % 8));
                    }
                }

                return [r[0], fc, (byte)bytes.Length, .. bytes];
            case 3:
            case 4:
                var regs = fc == 3 ? HoldingRegisters : InputRegisters;
                var data = new List<byte> { r[0], fc, (byte)(2 * count) };
                for (int i = 0; i < count; i++)
                {
                    data.Add((byte)(regs[address + i] >> 8));
                    data.Add((byte)regs[address + i]);
                }

                return data.ToArray();
            case 5:
                Coils[address] = r[4] == 0xFF;
                return r[..6];
            case 6:
                HoldingRegisters[address] = (ushort)((r[4] << 8) | r[5]);
                return r[..6];
            case 16:
                for (int i = 0; i < count; i++)
                {
                    HoldingRegisters[address + i] = (ushort)((r[7 + (2 * i)] << 8) | r[8 + (2 * i)]);
                }

                return r[..6];
            default:
                return [r[0], (byte)(fc | 0x80), 1];
        }
    }

    public void SetFloat(int address, float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        InputRegisters[address] = (ushort)(bits >> 16);
        InputRegisters[address + 1] = (ushort)bits;
    }
}

internal sealed class FakeLoops : ICurrentLoopInputs
{
    public double[] Milliamps { get; } = [12, 12, 12, 12];
    public bool Fail { get; set; }

    public bool TryReadMilliamps(int input, out double milliamps)
    {
        milliamps = Milliamps[input];
        return !Fail;
    }
}

internal sealed class FakeContacts : IStatusInputs
{
    public bool[] Closed { get; } = new bool[4];

    public bool TryReadClosed(int input, out bool closed)
    {
        closed = Closed[input];
        return true;
    }
}

internal sealed class MemoryStorage(int length) : IJournalStorage
{
    public byte[] Bytes { get; } = new byte[length];

    /// <summary>When set, the next write stores only this many bytes and then "loses power".</summary>
    public int? TearNextWriteAfter { get; set; }

    /// <summary>While set, every write fails without storing anything.</summary>
    public bool FailWrites { get; set; }

    public int Length => Bytes.Length;

    public void Read(int position, byte[] buffer, int offset, int count) => Array.Copy(Bytes, position, buffer, offset, count);

    public void Write(int position, byte[] buffer, int offset, int count)
    {
        if (FailWrites)
        {
            throw new IOException("flash write failed");
        }

        if (TearNextWriteAfter is int torn)
        {
            TearNextWriteAfter = null;
            Array.Copy(buffer, offset, Bytes, position, torn);
            throw new IOException("power lost mid-write");
        }

        Array.Copy(buffer, offset, Bytes, position, count);
    }
}

/// <summary>An MQTT client whose broker accepts or refuses, closes connections and acknowledges on command; ids restart at 1 per connection.</summary>
internal sealed class FakeMqttConnection : IMqttConnection
{
    private ushort _nextId = 1;

    public bool Accepts { get; set; } = true;
    public bool IsConnected { get; private set; }
    public List<(string ClientId, string Username, string Password)> Connects { get; } = [];
    public int Disconnects { get; private set; }
    public List<(ushort Id, string Topic, string Json)> Published { get; } = [];

    /// <summary>Runs inside Connect, before the new connection exists (for example a late PUBACK of the old one).</summary>
    public Action? DuringConnect { get; set; }

    public event PublishAcknowledgedHandler? PublishAcknowledged;

    public bool Connect(string clientId, string username, string password)
    {
        DuringConnect?.Invoke();
        DuringConnect = null;
        Connects.Add((clientId, username, password));
        _nextId = 1;
        IsConnected = Accepts;
        return Accepts;
    }

    public void Disconnect()
    {
        Disconnects++;
        IsConnected = false;
    }

    public void BrokerCloses() => IsConnected = false;

    public ushort Publish(string topic, byte[] payload, int offset, int count)
    {
        if (!IsConnected)
        {
            return 0;
        }

        var id = _nextId++;
        Published.Add((id, topic, System.Text.Encoding.UTF8.GetString(payload, offset, count)));
        return id;
    }

    public void Ack(ushort id) => PublishAcknowledged?.Invoke(id);
}
