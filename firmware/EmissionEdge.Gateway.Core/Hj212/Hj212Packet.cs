using System.Collections;

namespace EmissionEdge.Gateway.Core.Hj212
{
    /// <summary>
    /// One HJ 212 packet's data segment: header fields (QN, ST, CN, PW, MN, Flag, PNUM, PNO, and any
    /// unknown ones in order) and the CP content between <c>&amp;&amp;</c> and <c>&amp;&amp;</c>.
    /// Absent text fields are empty; absent numbers are -1.
    /// </summary>
    public sealed class Hj212Packet
    {
        private readonly ArrayList _extraNames = new ArrayList();
        private readonly ArrayList _extraValues = new ArrayList();

        /// <summary>Request number (yyyyMMddHHmmssSSS); empty in 2005-style packets.</summary>
        public string QN { get; set; } = string.Empty;

        /// <summary>System code (31 = flue gas, 91 = system interaction).</summary>
        public string ST { get; set; } = string.Empty;

        /// <summary>Command code (2011, 2051, 2061, 2031, 9011, 9014, ...).</summary>
        public string CN { get; set; } = string.Empty;

        /// <summary>Access password.</summary>
        public string PW { get; set; } = string.Empty;

        /// <summary>Device unique id.</summary>
        public string MN { get; set; } = string.Empty;

        /// <summary>Flag bits (version·D·A: 4 no ack, 5 ack, 7 split + ack); -1 when absent (2005 style).</summary>
        public int Flag { get; set; } = -1;

        /// <summary>Total packets of a split message; -1 when not split.</summary>
        public int PacketCount { get; set; } = -1;

        /// <summary>This packet's number (1-based) within a split message; -1 when not split.</summary>
        public int PacketNumber { get; set; } = -1;

        /// <summary>The CP content without the surrounding <c>&amp;&amp;</c>.</summary>
        public string Cp { get; set; } = string.Empty;

        /// <summary>Number of header fields the codec does not know (kept in order).</summary>
        public int ExtraFieldCount => _extraNames.Count;

        /// <summary>Name of an unknown header field.</summary>
        /// <param name="index">0-based.</param>
        /// <returns>The name.</returns>
        public string ExtraFieldName(int index) => (string)_extraNames[index]!;

        /// <summary>Value of an unknown header field.</summary>
        /// <param name="index">0-based.</param>
        /// <returns>The value.</returns>
        public string ExtraFieldValue(int index) => (string)_extraValues[index]!;

        /// <summary>Keeps an unknown header field.</summary>
        /// <param name="name">Field name.</param>
        /// <param name="value">Field value.</param>
        public void AddExtraField(string name, string value)
        {
            _extraNames.Add(name);
            _extraValues.Add(value);
        }

        /// <summary>Whether the packet is part of a split message (PNUM and PNO present).</summary>
        public bool IsSplit => PacketCount > 0 && PacketNumber > 0;

        /// <summary>The CP items: <c>DataTime=…;a21026-Avg=1.2,a21026-Flag=N</c> → groups of key/value pairs.</summary>
        /// <returns>The items in order.</returns>
        public Hj212CpItem[] CpItems()
        {
            var items = new ArrayList();
            int group = 0;
            int start = 0;
            string cp = Cp;
            for (int i = 0; i <= cp.Length; i++)
            {
                if (i == cp.Length || cp[i] == ';' || cp[i] == ',')
                {
                    if (i > start)
                    {
                        string part = cp.Substring(start, i - start);
                        int eq = part.IndexOf('=');
                        items.Add(eq < 0 ? new Hj212CpItem(group, part, string.Empty) : new Hj212CpItem(group, part.Substring(0, eq), part.Substring(eq + 1)));
                    }

                    if (i < cp.Length && cp[i] == ';')
                    {
                        group++;
                    }

                    start = i + 1;
                }
            }

            var result = new Hj212CpItem[items.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (Hj212CpItem)items[i]!;
            }

            return result;
        }
    }

    /// <summary>One <c>key=value</c> item of a CP segment.</summary>
    public sealed class Hj212CpItem
    {
        /// <summary>Creates an item.</summary>
        /// <param name="group">Index of its ';'-separated group.</param>
        /// <param name="key">Key, e.g. <c>a21026-Avg</c>.</param>
        /// <param name="value">Value text.</param>
        public Hj212CpItem(int group, string key, string value)
        {
            Group = group;
            Key = key;
            Value = value;
        }

        /// <summary>Index of its ';'-separated group.</summary>
        public int Group { get; }

        /// <summary>Key.</summary>
        public string Key { get; }

        /// <summary>Value text.</summary>
        public string Value { get; }
    }
}
