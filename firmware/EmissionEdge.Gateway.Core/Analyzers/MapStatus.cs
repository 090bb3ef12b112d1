namespace EmissionEdge.Gateway.Core.Analyzers
{
    /// <summary>One status signal of an analyzer map: a coil/discrete input or a bit of a register that, when active, flags channels.</summary>
    public sealed class MapStatus
    {
        /// <summary>Creates an entry.</summary>
        /// <param name="label">How messages name the entry, e.g. <c>status[1] (maintenance)</c>.</param>
        /// <param name="function">1 (coil), 2 (discrete input), 3 or 4 (a bit of a register).</param>
        /// <param name="address">0-based PDU address.</param>
        /// <param name="bit">Bit 0–15 of the register for functions 3/4; -1 for functions 1/2.</param>
        /// <param name="activeWhen">The bit value that means the condition holds.</param>
        /// <param name="flag">The HJ 212 flag the condition sets.</param>
        /// <param name="channelIndexes">Channels it applies to (indexes in <see cref="Acquisition.ChannelNames"/>); empty = every channel of the analyzer.</param>
        /// <param name="description">What the signal means, from the analyzer's manual.</param>
        /// <param name="contact">For 4–20 mA analyzers: the name of the relay contact (wired to a gateway status input); empty for Modbus entries.</param>
        public MapStatus(string label, byte function, ushort address, int bit, bool activeWhen, char flag, int[] channelIndexes, string description, string contact)
        {
            Contact = contact;
            Label = label;
            Function = function;
            Address = address;
            Bit = bit;
            ActiveWhen = activeWhen;
            Flag = flag;
            ChannelIndexes = channelIndexes;
            Description = description;
        }

        /// <summary>Relay contact name of a 4–20 mA analyzer (empty for Modbus entries).</summary>
        public string Contact { get; }

        /// <summary>How messages name the entry.</summary>
        public string Label { get; }

        /// <summary>Function code (1–4).</summary>
        public byte Function { get; }

        /// <summary>0-based PDU address.</summary>
        public ushort Address { get; }

        /// <summary>Register bit for functions 3/4, -1 for bit functions.</summary>
        public int Bit { get; }

        /// <summary>The bit value meaning "active".</summary>
        public bool ActiveWhen { get; }

        /// <summary>Flag set while active.</summary>
        public char Flag { get; }

        /// <summary>Channels it applies to; empty = all of the analyzer's channels.</summary>
        public int[] ChannelIndexes { get; }

        /// <summary>Meaning of the signal.</summary>
        public string Description { get; }

        /// <summary>Whether the signal applies to the channel at <paramref name="channelIndex"/>.</summary>
        /// <param name="channelIndex">Index in <see cref="Acquisition.ChannelNames"/>.</param>
        /// <returns><see langword="true"/> when it applies.</returns>
        public bool AppliesTo(int channelIndex)
        {
            if (ChannelIndexes.Length == 0)
            {
                return true;
            }

            for (int i = 0; i < ChannelIndexes.Length; i++)
            {
                if (ChannelIndexes[i] == channelIndex)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
