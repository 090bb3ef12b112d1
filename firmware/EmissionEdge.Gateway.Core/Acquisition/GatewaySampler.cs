using EmissionEdge.Gateway.Core.Analyzers;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Modbus;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Core.Acquisition
{
    /// <summary>
    /// One gateway's acquisition: each <see cref="Sample"/> reads every analyzer (Modbus), every
    /// 4–20 mA input and every status contact once, resolves each channel's sample flag by the
    /// priority of <see cref="DataFlags"/>, and feeds the <see cref="MinuteAggregator"/>; when a
    /// sample falls in a new minute the previous minute is closed into <see cref="CompletedMinute"/>.
    /// Allocation-free per sample: every buffer is allocated in the constructor.
    /// </summary>
    public sealed class GatewaySampler
    {
        private readonly GatewayConfig _config;
        private readonly ICurrentLoopInputs _loops;
        private readonly IStatusInputs _contacts;
        private readonly ModbusRtuMaster[] _masters;
        private readonly ReadBlock[][] _plans;
        private readonly ushort[][][] _registers;
        private readonly bool[][][] _bits;
        private readonly double[] _values = new double[ChannelNames.Count];
        private readonly char[] _flags = new char[ChannelNames.Count];
        private readonly MinuteAggregator _aggregator = new MinuteAggregator();
        private readonly MinuteRecord _completed = new MinuteRecord();
        private int _configuredMask;
        private bool _inMinute;
        private uint _currentMinute;

        /// <summary>Creates the sampler.</summary>
        /// <param name="config">The gateway configuration.</param>
        /// <param name="transports">One transport per pin map UART, indexed as <see cref="PinMap.Uarts"/> (null where unused).</param>
        /// <param name="loops">The 4–20 mA inputs.</param>
        /// <param name="contacts">The status contacts.</param>
        /// <param name="clock">Time for Modbus timeouts and gaps.</param>
        public GatewaySampler(GatewayConfig config, IModbusTransport?[] transports, ICurrentLoopInputs loops, IStatusInputs contacts, IClock clock)
        {
            _config = config;
            _loops = loops;
            _contacts = contacts;
            var portMasters = new ModbusRtuMaster?[transports.Length];
            _masters = new ModbusRtuMaster[config.Analyzers.Length];
            _plans = new ReadBlock[config.Analyzers.Length][];
            _registers = new ushort[config.Analyzers.Length][][];
            _bits = new bool[config.Analyzers.Length][][];
            for (int a = 0; a < config.Analyzers.Length; a++)
            {
                AnalyzerConfig analyzer = config.Analyzers[a];
                int port = analyzer.PortIndex;
                if (portMasters[port] == null)
                {
                    IModbusTransport? transport = transports[port];
                    if (transport == null)
                    {
                        throw new System.ArgumentException("no transport for port '" + analyzer.Port + "' of analyzer " + analyzer.Name, "transports");
                    }

                    portMasters[port] = new ModbusRtuMaster(transport, clock, analyzer.TimeoutMilliseconds, analyzer.Retries);
                }

                _masters[a] = portMasters[port]!;
                _plans[a] = AnalyzerReadPlan.Plan(analyzer.Map, analyzer.Channels);
                _registers[a] = new ushort[_plans[a].Length][];
                _bits[a] = new bool[_plans[a].Length][];
                for (int b = 0; b < _plans[a].Length; b++)
                {
                    ReadBlock block = _plans[a][b];
                    _registers[a][b] = new ushort[block.Function >= 3 ? block.Count : 0];
                    _bits[a][b] = new bool[block.Function <= 2 ? block.Count : 0];
                }

                for (int c = 0; c < analyzer.Channels.Length; c++)
                {
                    _configuredMask |= 1 << analyzer.Channels[c].ChannelIndex;
                }
            }

            for (int i = 0; i < config.AnalogChannels.Length; i++)
            {
                _configuredMask |= 1 << config.AnalogChannels[i].ChannelIndex;
            }
        }

        /// <summary>The last completed minute (valid after <see cref="Sample"/> returned <see langword="true"/> or <see cref="Flush"/>).</summary>
        public MinuteRecord CompletedMinute => _completed;

        /// <summary>The flag of the last sample of a channel (for diagnostics and tests).</summary>
        /// <param name="channel">Channel index.</param>
        /// <returns>The flag letter.</returns>
        public char LastSampleFlag(int channel) => _flags[channel];

        /// <summary>The value of the last sample of a channel (NaN when it had none).</summary>
        /// <param name="channel">Channel index.</param>
        /// <returns>The value.</returns>
        public double LastSampleValue(int channel) => _values[channel];

        /// <summary>Takes one sample of every channel at <paramref name="utcTicks"/>.</summary>
        /// <param name="utcTicks">UTC time of the sample.</param>
        /// <returns><see langword="true"/> when the sample started a new minute and <see cref="CompletedMinute"/> holds the previous one.</returns>
        public bool Sample(long utcTicks)
        {
            uint minute = MinuteClock.MinuteOf(utcTicks);
            bool completed = false;
            if (_inMinute && minute != _currentMinute)
            {
                _aggregator.Close(_currentMinute, _completed);
                completed = true;
            }

            _inMinute = true;
            _currentMinute = minute;
            for (int c = 0; c < ChannelNames.Count; c++)
            {
                _flags[c] = DataFlags.Normal;
                _values[c] = double.NaN;
            }

            ReadContacts();
            for (int a = 0; a < _config.Analyzers.Length; a++)
            {
                ReadAnalyzer(a);
            }

            ReadLoops();
            for (int c = 0; c < ChannelNames.Count; c++)
            {
                if ((_configuredMask & (1 << c)) != 0)
                {
                    _aggregator.Add(c, _values[c], _flags[c]);
                }
            }

            return completed;
        }

        /// <summary>Closes the current minute now (for example at shutdown).</summary>
        /// <returns><see langword="true"/> when a minute was in progress and <see cref="CompletedMinute"/> holds it.</returns>
        public bool Flush()
        {
            if (!_inMinute)
            {
                return false;
            }

            _aggregator.Close(_currentMinute, _completed);
            _inMinute = false;
            return true;
        }

        private void ReadContacts()
        {
            for (int i = 0; i < _config.StatusInputs.Length; i++)
            {
                StatusInputConfig input = _config.StatusInputs[i];
                bool closed;
                if (!_contacts.TryReadClosed(input.InputIndex, out closed))
                {
                    continue;
                }

                if (closed == input.NormallyClosed)
                {
                    continue; // not active
                }

                for (int c = 0; c < ChannelNames.Count; c++)
                {
                    if ((_configuredMask & (1 << c)) != 0 && AppliesTo(input.ChannelIndexes, c))
                    {
                        _flags[c] = DataFlags.Stronger(_flags[c], input.Flag);
                    }
                }
            }
        }

        private void ReadAnalyzer(int a)
        {
            AnalyzerConfig analyzer = _config.Analyzers[a];
            ModbusRtuMaster master = _masters[a];
            master.TimeoutMilliseconds = analyzer.TimeoutMilliseconds;
            master.Retries = analyzer.Retries;
            ReadBlock[] plan = _plans[a];
            bool failed = false;
            for (int b = 0; b < plan.Length && !failed; b++)
            {
                ReadBlock block = plan[b];
                ModbusStatus status;
                switch (block.Function)
                {
                    case 1: status = master.ReadCoils(analyzer.UnitId, block.Start, block.Count, _bits[a][b], 0); break;
                    case 2: status = master.ReadDiscreteInputs(analyzer.UnitId, block.Start, block.Count, _bits[a][b], 0); break;
                    case 3: status = master.ReadHoldingRegisters(analyzer.UnitId, block.Start, block.Count, _registers[a][b], 0); break;
                    default: status = master.ReadInputRegisters(analyzer.UnitId, block.Start, block.Count, _registers[a][b], 0); break;
                }

                failed = status != ModbusStatus.Ok;
            }

            MapChannel[] channels = analyzer.Channels;
            if (failed)
            {
                // No trustworthy value or status from this analyzer in this cycle.
                for (int c = 0; c < channels.Length; c++)
                {
                    int index = channels[c].ChannelIndex;
                    _flags[index] = DataFlags.Stronger(_flags[index], DataFlags.CommunicationFailure);
                }

                return;
            }

            MapStatus[] statuses = analyzer.Map.Status;
            for (int s = 0; s < statuses.Length; s++)
            {
                MapStatus status = statuses[s];
                if (!AnalyzerReadPlan.AppliesToAny(status, channels))
                {
                    continue;
                }

                int b = FindBlock(plan, status.Function, status.Address);
                bool bit = status.Bit < 0 ? _bits[a][b][status.Address - plan[b].Start] : (_registers[a][b][status.Address - plan[b].Start] & (1 << status.Bit)) != 0;
                if (bit != status.ActiveWhen)
                {
                    continue;
                }

                for (int c = 0; c < channels.Length; c++)
                {
                    int index = channels[c].ChannelIndex;
                    if (status.AppliesTo(index))
                    {
                        _flags[index] = DataFlags.Stronger(_flags[index], status.Flag);
                    }
                }
            }

            for (int c = 0; c < channels.Length; c++)
            {
                MapChannel channel = channels[c];
                int b = FindBlock(plan, channel.Function, channel.Address);
                double raw = RegisterDecoder.Decode(_registers[a][b], channel.Address - plan[b].Start, channel.Type, channel.WordOrder);
                if (double.IsNaN(raw) || double.IsInfinity(raw) || IsSentinel(channel.InvalidRaw, raw))
                {
                    _flags[channel.ChannelIndex] = DataFlags.Stronger(_flags[channel.ChannelIndex], DataFlags.Fault);
                    continue;
                }

                _values[channel.ChannelIndex] = (raw * channel.Scale) + channel.Offset;
            }
        }

        private void ReadLoops()
        {
            for (int i = 0; i < _config.AnalogChannels.Length; i++)
            {
                AnalogChannelConfig loop = _config.AnalogChannels[i];
                int c = loop.ChannelIndex;
                double milliamps;
                if (!_loops.TryReadMilliamps(loop.InputIndex, out milliamps))
                {
                    _flags[c] = DataFlags.Stronger(_flags[c], DataFlags.Fault);
                    continue;
                }

                double value;
                char flag = CurrentLoop.ToSample(milliamps, loop.RangeLow, loop.RangeHigh, out value);
                _flags[c] = DataFlags.Stronger(_flags[c], flag);
                _values[c] = value;
            }
        }

        private static int FindBlock(ReadBlock[] plan, byte function, ushort address)
        {
            for (int b = 0; b < plan.Length; b++)
            {
                if (plan[b].Function == function && address >= plan[b].Start && address < plan[b].Start + plan[b].Count)
                {
                    return b;
                }
            }

            return -1;
        }

        private static bool IsSentinel(double[] sentinels, double raw)
        {
            for (int i = 0; i < sentinels.Length; i++)
            {
                if (sentinels[i] == raw)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool AppliesTo(int[] channels, int channel)
        {
            if (channels.Length == 0)
            {
                return true;
            }

            for (int i = 0; i < channels.Length; i++)
            {
                if (channels[i] == channel)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
