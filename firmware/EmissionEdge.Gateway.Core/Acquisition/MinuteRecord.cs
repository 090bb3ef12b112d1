namespace EmissionEdge.Gateway.Core.Acquisition
{
    /// <summary>
    /// One minute of one gateway: per channel the average, minimum and maximum of the valid samples,
    /// their count and the minute's flag. Preallocated and reused (no allocation per minute);
    /// channels are indexed as in <see cref="ChannelNames"/>.
    /// </summary>
    public sealed class MinuteRecord
    {
        private readonly double[] _average = new double[ChannelNames.Count];
        private readonly double[] _minimum = new double[ChannelNames.Count];
        private readonly double[] _maximum = new double[ChannelNames.Count];
        private readonly int[] _samples = new int[ChannelNames.Count];
        private readonly char[] _flags = new char[ChannelNames.Count];

        /// <summary>Sequence number in the journal (0 until appended).</summary>
        public uint Sequence { get; set; }

        /// <summary>Start of the minute as whole minutes since 2000-01-01T00:00Z (see <see cref="MinuteClock"/>).</summary>
        public uint Minute { get; set; }

        /// <summary>Bit <c>i</c> set when channel <c>i</c> is present.</summary>
        public int ChannelMask { get; private set; }

        /// <summary>Number of channels present.</summary>
        public int ChannelCount
        {
            get
            {
                int count = 0;
                for (int i = 0; i < ChannelNames.Count; i++)
                {
                    if ((ChannelMask & (1 << i)) != 0)
                    {
                        count++;
                    }
                }

                return count;
            }
        }

        /// <summary>Whether channel <paramref name="channel"/> is present.</summary>
        /// <param name="channel">Channel index.</param>
        /// <returns><see langword="true"/> when present.</returns>
        public bool Has(int channel) => (ChannelMask & (1 << channel)) != 0;

        /// <summary>Whether the channel has a value (at least one valid sample).</summary>
        /// <param name="channel">Channel index.</param>
        /// <returns><see langword="true"/> when avg/min/max are meaningful.</returns>
        public bool HasValue(int channel) => Has(channel) && _samples[channel] > 0;

        /// <summary>Average of the valid samples.</summary>
        /// <param name="channel">Channel index.</param>
        /// <returns>The average.</returns>
        public double Average(int channel) => _average[channel];

        /// <summary>Minimum of the valid samples.</summary>
        /// <param name="channel">Channel index.</param>
        /// <returns>The minimum.</returns>
        public double Minimum(int channel) => _minimum[channel];

        /// <summary>Maximum of the valid samples.</summary>
        /// <param name="channel">Channel index.</param>
        /// <returns>The maximum.</returns>
        public double Maximum(int channel) => _maximum[channel];

        /// <summary>Number of valid samples (n).</summary>
        /// <param name="channel">Channel index.</param>
        /// <returns>n.</returns>
        public int Samples(int channel) => _samples[channel];

        /// <summary>The minute's flag.</summary>
        /// <param name="channel">Channel index.</param>
        /// <returns>The flag letter.</returns>
        public char Flag(int channel) => _flags[channel];

        /// <summary>Removes every channel.</summary>
        public void Clear()
        {
            ChannelMask = 0;
            Sequence = 0;
            Minute = 0;
        }

        /// <summary>Sets a channel with a value.</summary>
        /// <param name="channel">Channel index.</param>
        /// <param name="average">Average.</param>
        /// <param name="minimum">Minimum.</param>
        /// <param name="maximum">Maximum.</param>
        /// <param name="samples">Valid samples (≥ 1).</param>
        /// <param name="flag">Flag.</param>
        public void Set(int channel, double average, double minimum, double maximum, int samples, char flag)
        {
            ChannelMask |= 1 << channel;
            _average[channel] = average;
            _minimum[channel] = minimum;
            _maximum[channel] = maximum;
            _samples[channel] = samples;
            _flags[channel] = flag;
        }

        /// <summary>Sets a channel without a value (no valid sample); the flag says why.</summary>
        /// <param name="channel">Channel index.</param>
        /// <param name="flag">Why there is no value.</param>
        public void SetWithoutValue(int channel, char flag)
        {
            ChannelMask |= 1 << channel;
            _average[channel] = 0;
            _minimum[channel] = 0;
            _maximum[channel] = 0;
            _samples[channel] = 0;
            _flags[channel] = flag;
        }

        /// <summary>Copies everything from <paramref name="other"/>.</summary>
        /// <param name="other">The source record.</param>
        public void CopyFrom(MinuteRecord other)
        {
            Sequence = other.Sequence;
            Minute = other.Minute;
            ChannelMask = other.ChannelMask;
            for (int i = 0; i < ChannelNames.Count; i++)
            {
                _average[i] = other._average[i];
                _minimum[i] = other._minimum[i];
                _maximum[i] = other._maximum[i];
                _samples[i] = other._samples[i];
                _flags[i] = other._flags[i];
            }
        }
    }
}
