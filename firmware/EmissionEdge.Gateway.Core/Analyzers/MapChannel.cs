namespace EmissionEdge.Gateway.Core.Analyzers
{
    /// <summary>One measured value of an analyzer map: where it is and how to turn registers into a value.</summary>
    public sealed class MapChannel
    {
        /// <summary>Creates an entry.</summary>
        /// <param name="label">How messages name the entry, e.g. <c>channels[2] (NO2)</c>.</param>
        /// <param name="channel">Contract channel name (<c>SO2</c>).</param>
        /// <param name="channelIndex">Index of <paramref name="channel"/> in <see cref="Acquisition.ChannelNames"/>.</param>
        /// <param name="function">Modbus function code: 3 (holding) or 4 (input registers).</param>
        /// <param name="address">0-based PDU address of the first register.</param>
        /// <param name="type">Register type.</param>
        /// <param name="wordOrder">Byte order across the registers.</param>
        /// <param name="scale">Factor applied to the raw value.</param>
        /// <param name="offset">Added after scaling: value = raw × scale + offset.</param>
        /// <param name="unit">Engineering unit of the scaled value, for documentation.</param>
        /// <param name="invalidRaw">Raw values the analyzer uses to say "no value" (sentinels), compared before scaling.</param>
        /// <param name="rangeLow">For 4–20 mA outputs: value at 4 mA (NaN for Modbus entries).</param>
        /// <param name="rangeHigh">For 4–20 mA outputs: value at 20 mA (NaN for Modbus entries).</param>
        public MapChannel(string label, string channel, int channelIndex, byte function, ushort address, RegisterType type, WordOrder wordOrder, double scale, double offset, string unit, double[] invalidRaw, double rangeLow, double rangeHigh)
        {
            RangeLow = rangeLow;
            RangeHigh = rangeHigh;
            Label = label;
            Channel = channel;
            ChannelIndex = channelIndex;
            Function = function;
            Address = address;
            Type = type;
            WordOrder = wordOrder;
            Scale = scale;
            Offset = offset;
            Unit = unit;
            InvalidRaw = invalidRaw;
        }

        /// <summary>How messages name the entry, e.g. <c>channels[2] (NO2)</c>.</summary>
        public string Label { get; }

        /// <summary>Contract channel name.</summary>
        public string Channel { get; }

        /// <summary>Index in <see cref="Acquisition.ChannelNames"/>.</summary>
        public int ChannelIndex { get; }

        /// <summary>Modbus function code (3 or 4).</summary>
        public byte Function { get; }

        /// <summary>0-based PDU address of the first register.</summary>
        public ushort Address { get; }

        /// <summary>Register type.</summary>
        public RegisterType Type { get; }

        /// <summary>Byte order.</summary>
        public WordOrder WordOrder { get; }

        /// <summary>Scale factor.</summary>
        public double Scale { get; }

        /// <summary>Offset added after scaling.</summary>
        public double Offset { get; }

        /// <summary>Engineering unit.</summary>
        public string Unit { get; }

        /// <summary>For 4–20 mA outputs: value at 4 mA (NaN for Modbus entries).</summary>
        public double RangeLow { get; }

        /// <summary>For 4–20 mA outputs: value at 20 mA, the instrument's upper range (NaN for Modbus entries).</summary>
        public double RangeHigh { get; }

        /// <summary>Raw sentinel values meaning "no value".</summary>
        public double[] InvalidRaw { get; }

        /// <summary>Number of registers the value occupies (1 or 2).</summary>
        public int RegisterCount => Type == RegisterType.Int16 || Type == RegisterType.UInt16 ? 1 : 2;
    }
}
