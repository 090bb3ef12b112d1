using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Ports;
using EmissionEdge.Gateway.Core.Tests.Support;

namespace EmissionEdge.Gateway.Core.Tests.Acquisition;

public sealed class CurrentLoopTests
{
    [Theory]
    [InlineData(3.5, LoopBand.Failure, 'D')]
    [InlineData(3.6, LoopBand.Failure, 'D')]
    [InlineData(3.7, LoopBand.SuspectLow, 'D')]
    [InlineData(3.9, LoopBand.UnderRange, 'N')]
    [InlineData(4.0, LoopBand.Normal, 'N')]
    [InlineData(12.0, LoopBand.Normal, 'N')]
    [InlineData(20.0, LoopBand.Normal, 'N')]
    [InlineData(20.3, LoopBand.OverRange, 'T')]
    [InlineData(20.7, LoopBand.SuspectHigh, 'T')]
    [InlineData(21.0, LoopBand.Failure, 'D')]
    [InlineData(22.5, LoopBand.Failure, 'D')]
    [InlineData(double.NaN, LoopBand.Failure, 'D')]
    public void Namur_ne43_bands_and_flags(double milliamps, LoopBand band, char flag)
    {
        Assert.Equal(band, CurrentLoop.Classify(milliamps));
        Assert.Equal(flag, CurrentLoop.ToSample(milliamps, 0, 50, out var value));
        Assert.Equal(flag == 'D', double.IsNaN(value));
    }

    [Fact]
    public void Scaling_follows_lo_plus_fraction_of_span()
    {
        // 12 mA is mid-range: 0–50 → 25; 3.9 mA below 4 mA gives a small negative value kept as measured.
        Assert.Equal(25.0, CurrentLoop.Scale(12, 0, 50), 12);
        Assert.Equal(-0.3125, CurrentLoop.Scale(3.9, 0, 50), 12);
        Assert.Equal(-5 + (16.8 - 4) / 16 * 10, CurrentLoop.Scale(16.8, -5, 5), 12);
        Assert.Equal(20.0, CurrentLoop.MilliampsFromShunt(2000, 100), 12);
    }
}

public sealed class FlagAndMinuteTests
{
    [Fact]
    public void Priority_is_F_over_M_over_C_over_D_over_B_over_S_over_T_over_N()
    {
        const string order = "FMCDBSTN";
        for (int i = 0; i < order.Length; i++)
        {
            for (int k = i + 1; k < order.Length; k++)
            {
                Assert.Equal(order[i], DataFlags.Stronger(order[k], order[i]));
                Assert.Equal(order[i], DataFlags.Stronger(order[i], order[k]));
            }
        }
    }

    private static MinuteRecord Close(Action<MinuteAggregator> feed)
    {
        var aggregator = new MinuteAggregator();
        feed(aggregator);
        var record = new MinuteRecord();
        aggregator.Close(100, record);
        return record;
    }

    [Fact]
    public void Twelve_valid_samples_make_a_valid_minute_with_avg_min_max()
    {
        var r = Close(a =>
        {
            for (int i = 0; i < 12; i++)
            {
                a.Add(0, 10 + i, 'N');
            }
        });
        Assert.Equal((15.5, 10.0, 21.0, 12, 'N'), (r.Average(0), r.Minimum(0), r.Maximum(0), r.Samples(0), r.Flag(0)));
    }

    [Fact]
    public void An_over_range_sample_counts_and_marks_the_minute_T()
    {
        var r = Close(a =>
        {
            for (int i = 0; i < 11; i++)
            {
                a.Add(0, 30, 'N');
            }

            a.Add(0, 60, 'T');
        });
        Assert.Equal((32.5, 12, 'T'), (r.Average(0), r.Samples(0), r.Flag(0)));
    }

    [Fact]
    public void Eleven_valid_samples_are_not_enough_and_the_dominant_invalid_flag_wins()
    {
        var r = Close(a =>
        {
            for (int i = 0; i < 11; i++)
            {
                a.Add(0, 5, 'N');
            }

            a.Add(0, double.NaN, 'B');
            a.Add(0, double.NaN, 'C');
            a.Add(0, double.NaN, 'C');
        });
        Assert.Equal((11, 'C', 5.0), (r.Samples(0), r.Flag(0), r.Average(0)));
    }

    [Fact]
    public void A_tie_between_invalid_flags_goes_to_the_higher_priority()
    {
        var r = Close(a =>
        {
            a.Add(0, double.NaN, 'B');
            a.Add(0, double.NaN, 'M');
        });
        Assert.Equal('M', r.Flag(0));
        Assert.False(r.HasValue(0));
    }

    [Fact]
    public void Too_few_samples_without_any_invalid_one_is_flagged_B()
    {
        var r = Close(a => a.Add(0, 5, 'N'));
        Assert.Equal((1, 'B'), (r.Samples(0), r.Flag(0)));
    }
}

public sealed class GatewaySamplerTests
{
    private readonly FakeClock _clock = new();
    private readonly FakeModbusSlave _slave;
    private readonly FakeLoops _loops = new();
    private readonly FakeContacts _contacts = new();
    private readonly GatewaySampler _sampler;
    private const int SO2 = 0, NOx = 1, Dust = 4, O2 = 5, Temp = 7;

    public GatewaySamplerTests()
    {
        var problems = new ProblemList();
        var config = GatewayConfigReader.Read(RepositoryFiles.Read("hardware/gateway-configs/reference.json"), "reference.json",
            new DirectoryTextFiles(RepositoryFiles.PathOf("hardware/gateway-configs")), problems)!;
        Assert.True(problems.IsEmpty, problems.ToString());
        _slave = new FakeModbusSlave(_clock);
        _slave.SetFloat(1000, 18.5f);
        _slave.SetFloat(1012, 32.25f);
        _slave.SetFloat(1020, 8.25f);
        _slave.DiscreteInputs[1004] = true; // values live
        _contacts.Closed[3] = true;          // di-4 dust fault relay is normally closed: closed = healthy
        _sampler = new GatewaySampler(config, [_slave, null], _loops, _contacts, _clock);
    }

    private long T(int second) => new DateTime(2026, 11, 26, 0, 1, 0, DateTimeKind.Utc).Ticks + (second * TimeSpan.TicksPerSecond);

    [Fact]
    public void A_healthy_cycle_reads_every_channel_with_flag_N()
    {
        _loops.Milliamps[0] = 12; // Dust 0–20 → 10
        _loops.Milliamps[1] = 8;  // Temp 0–300 → 75
        _sampler.Sample(T(0));
        Assert.Equal((18.5, 'N'), (_sampler.LastSampleValue(SO2), _sampler.LastSampleFlag(SO2)));
        Assert.Equal(32.25, _sampler.LastSampleValue(NOx));
        Assert.Equal(8.25, _sampler.LastSampleValue(O2));
        Assert.Equal((10.0, 'N'), (_sampler.LastSampleValue(Dust), _sampler.LastSampleFlag(Dust)));
        Assert.Equal(75.0, _sampler.LastSampleValue(Temp), 9);
    }

    [Fact]
    public void Analyzer_status_inputs_flag_its_channels_by_priority()
    {
        _slave.DiscreteInputs[1000] = true; // malfunction → D
        _slave.DiscreteInputs[1024] = true; // zero check → C beats D
        _sampler.Sample(T(0));
        Assert.Equal('C', _sampler.LastSampleFlag(SO2));
        Assert.Equal('N', _sampler.LastSampleFlag(Dust));
        _slave.DiscreteInputs[1024] = false;
        _slave.DiscreteInputs[1004] = false; // not live
        _sampler.Sample(T(4));
        Assert.Equal('D', _sampler.LastSampleFlag(NOx));
    }

    [Fact]
    public void A_silent_analyzer_gives_B_and_a_stopped_unit_contact_gives_F_on_every_channel()
    {
        _slave.DropNextAnswers = 100;
        _sampler.Sample(T(0));
        Assert.Equal('B', _sampler.LastSampleFlag(SO2));
        Assert.Equal('N', _sampler.LastSampleFlag(Dust));
        _contacts.Closed[0] = true; // di-1 unit stopped
        _sampler.Sample(T(4));
        Assert.Equal('F', _sampler.LastSampleFlag(SO2));
        Assert.Equal('F', _sampler.LastSampleFlag(Dust));
    }

    [Fact]
    public void A_normally_closed_fault_contact_that_opens_flags_only_its_channel()
    {
        _contacts.Closed[3] = false;
        _sampler.Sample(T(0));
        Assert.Equal('D', _sampler.LastSampleFlag(Dust));
        Assert.Equal('N', _sampler.LastSampleFlag(SO2));
    }

    [Fact]
    public void Nan_from_the_analyzer_is_a_fault()
    {
        _slave.SetFloat(1000, float.NaN);
        _sampler.Sample(T(0));
        Assert.Equal('D', _sampler.LastSampleFlag(SO2));
    }

    [Fact]
    public void Fifteen_samples_at_4_s_close_into_a_valid_minute_record()
    {
        for (int s = 0; s < 60; s += 4)
        {
            Assert.False(_sampler.Sample(T(s)));
        }

        Assert.True(_sampler.Sample(T(60)));
        var r = _sampler.CompletedMinute;
        Assert.Equal(MinuteClock.MinuteOf(T(0)), r.Minute);
        Assert.Equal((18.5, 15, 'N'), (r.Average(SO2), r.Samples(SO2), r.Flag(SO2)));
        Assert.Equal(7, r.ChannelCount);
    }

    [Fact]
    public void Sampling_allocates_nothing_per_cycle_in_steady_state()
    {
        var replay = new ReplayTransport(_slave);
        _clock.RecordDelays = false;
        var problems = new ProblemList();
        var config = GatewayConfigReader.Read(RepositoryFiles.Read("hardware/gateway-configs/reference.json"), "reference.json",
            new DirectoryTextFiles(RepositoryFiles.PathOf("hardware/gateway-configs")), problems)!;
        var sampler = new GatewaySampler(config, [replay, null], _loops, _contacts, _clock);
        for (int i = 0; i < 100; i++)
        {
            sampler.Sample(T(i * 4)); // warm up: the replay transport records the answers, minutes close
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int minutes = 0;
        for (int i = 100; i < 5100; i++)
        {
            minutes += sampler.Sample(T(i * 4)) ? 1 : 0;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(minutes > 300);
        Assert.Equal('N', sampler.LastSampleFlag(SO2));
        Assert.True(allocated < 1024, $"5000 sampling cycles allocated {allocated} bytes");
    }

    /// <summary>Replays the fake slave's answers without allocating once each request has been seen.</summary>
    private sealed class ReplayTransport(FakeModbusSlave slave) : IModbusTransport
    {
        private readonly Dictionary<long, byte[]> _answers = [];
        private readonly byte[] _scratch = new byte[300];
        private byte[] _current = [];
        private int _position;

        public int BitsPerCharacter => 11;
        public int BaudRate => 9600;

        public void DiscardInput() => _position = _current.Length;

        public void Write(byte[] buffer, int offset, int count)
        {
            long key = ((long)buffer[offset + 1] << 32) | ((long)buffer[offset + 2] << 24) | ((long)buffer[offset + 3] << 16) | ((long)buffer[offset + 4] << 8) | buffer[offset + 5];
            if (!_answers.TryGetValue(key, out var answer))
            {
                slave.Write(buffer, offset, count);
                int n = 0;
                int got;
                while ((got = slave.Read(_scratch, n, _scratch.Length - n, 1)) > 0)
                {
                    n += got;
                }

                answer = _scratch[..n];
                _answers[key] = answer;
            }

            _current = answer;
            _position = 0;
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            int n = Math.Min(count, _current.Length - _position);
            Array.Copy(_current, _position, buffer, offset, n);
            _position += n;
            return n;
        }
    }

    private static void ModbusCrcAppend(byte[] frame) => EmissionEdge.Gateway.Core.Modbus.ModbusCrc.Append(frame, 6);
}
