namespace EmissionEdge.Gateway.Core.Acquisition
{
    /// <summary>
    /// Accumulates samples of one minute per channel and closes them into a <see cref="MinuteRecord"/>.
    /// Rules (domain.md §2, documented in README "Flags"):
    /// <list type="bullet">
    /// <item>Only samples flagged N or T are valid: they go into avg/min/max and n.</item>
    /// <item>n ≥ 12: the minute is valid, flag N, or T when any valid sample was over range.</item>
    /// <item>n &lt; 12: the minute is invalid; its flag is the most frequent flag of the invalid samples
    ///   (ties go to the higher priority of <see cref="DataFlags"/>), or B when the samples were simply
    ///   not taken (gateway started mid-minute or the acquisition loop stalled). avg/min/max are still
    ///   given when n ≥ 1.</item>
    /// </list>
    /// Allocation-free: all state is preallocated.
    /// </summary>
    public sealed class MinuteAggregator
    {
        /// <summary>Valid samples a minute needs (domain.md §2).</summary>
        public const int ValidSamplesPerMinute = 12;

        private readonly double[] _sum = new double[ChannelNames.Count];
        private readonly double[] _min = new double[ChannelNames.Count];
        private readonly double[] _max = new double[ChannelNames.Count];
        private readonly int[] _valid = new int[ChannelNames.Count];
        private readonly bool[] _overRange = new bool[ChannelNames.Count];
        private readonly int[] _flagCounts = new int[ChannelNames.Count * 8];
        private int _mask;

        /// <summary>Channels that received samples this minute (bit per channel index).</summary>
        public int ChannelMask => _mask;

        /// <summary>Adds one sample.</summary>
        /// <param name="channel">Channel index.</param>
        /// <param name="value">The value (ignored unless <paramref name="flag"/> is N or T).</param>
        /// <param name="flag">The sample's flag.</param>
        public void Add(int channel, double value, char flag)
        {
            _mask |= 1 << channel;
            if (DataFlags.CountsTowardAverage(flag) && !double.IsNaN(value) && !double.IsInfinity(value))
            {
                if (_valid[channel] == 0)
                {
                    _min[channel] = value;
                    _max[channel] = value;
                }
                else
                {
                    if (value < _min[channel])
                    {
                        _min[channel] = value;
                    }

                    if (value > _max[channel])
                    {
                        _max[channel] = value;
                    }
                }

                _sum[channel] += value;
                _valid[channel]++;
                if (flag == DataFlags.OverRange)
                {
                    _overRange[channel] = true;
                }

                return;
            }

            char invalid = DataFlags.CountsTowardAverage(flag) ? DataFlags.Fault : flag;
            _flagCounts[(channel * 8) + DataFlags.Code(invalid)]++;
        }

        /// <summary>Writes the minute into <paramref name="record"/> and starts a new minute.</summary>
        /// <param name="minute">Minutes since 2000-01-01T00:00Z of the minute's start.</param>
        /// <param name="record">The record to fill (cleared first).</param>
        public void Close(uint minute, MinuteRecord record)
        {
            record.Clear();
            record.Minute = minute;
            for (int c = 0; c < ChannelNames.Count; c++)
            {
                if ((_mask & (1 << c)) == 0)
                {
                    continue;
                }

                int n = _valid[c];
                char flag;
                if (n >= ValidSamplesPerMinute)
                {
                    flag = _overRange[c] ? DataFlags.OverRange : DataFlags.Normal;
                }
                else
                {
                    flag = DominantInvalidFlag(c);
                }

                if (n > 0)
                {
                    record.Set(c, _sum[c] / n, _min[c], _max[c], n, flag);
                }
                else
                {
                    record.SetWithoutValue(c, flag);
                }

                _sum[c] = 0;
                _valid[c] = 0;
                _overRange[c] = false;
                for (int k = 0; k < 8; k++)
                {
                    _flagCounts[(c * 8) + k] = 0;
                }
            }

            _mask = 0;
        }

        private char DominantInvalidFlag(int channel)
        {
            char best = DataFlags.CommunicationFailure;
            int bestCount = 0;
            for (int code = 0; code < 8; code++)
            {
                int count = _flagCounts[(channel * 8) + code];
                if (count == 0)
                {
                    continue;
                }

                char flag = DataFlags.FromCode(code);
                if (count > bestCount || (count == bestCount && DataFlags.Priority(flag) > DataFlags.Priority(best)))
                {
                    best = flag;
                    bestCount = count;
                }
            }

            return best;
        }
    }
}
