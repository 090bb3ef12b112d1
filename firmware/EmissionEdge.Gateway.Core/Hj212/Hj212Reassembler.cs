using System.Collections;

namespace EmissionEdge.Gateway.Core.Hj212
{
    /// <summary>
    /// Joins split packets (PNUM/PNO with the same MN, QN and CN) into one packet whose CP is the
    /// parts' CP joined with ';' in PNO order, with the header fields (unknown ones included) of part 1. Keeps at most a fixed number of incomplete messages,
    /// evicting the oldest (counted in <see cref="Abandoned"/>).
    /// </summary>
    public sealed class Hj212Reassembler
    {
        private readonly int _maxPending;
        private readonly ArrayList _keys = new ArrayList();
        private readonly ArrayList _parts = new ArrayList();

        /// <summary>Creates a reassembler.</summary>
        /// <param name="maxPending">Most incomplete messages held at once.</param>
        public Hj212Reassembler(int maxPending)
        {
            _maxPending = maxPending;
        }

        /// <summary>Incomplete messages given up because too many were pending.</summary>
        public int Abandoned { get; private set; }

        /// <summary>Incomplete messages held.</summary>
        public int Pending => _keys.Count;

        /// <summary>Adds a packet.</summary>
        /// <param name="packet">A parsed packet.</param>
        /// <returns>The packet itself when not split; the joined packet when this part completed its message; otherwise <see langword="null"/>.</returns>
        public Hj212Packet? Add(Hj212Packet packet)
        {
            if (!packet.IsSplit)
            {
                return packet;
            }

            string key = packet.MN + "|" + packet.QN + "|" + packet.CN + "|" + packet.PacketCount.ToString();
            int index = _keys.IndexOf(key);
            Hj212Packet?[] parts;
            if (index < 0)
            {
                if (_keys.Count == _maxPending)
                {
                    _keys.RemoveAt(0);
                    _parts.RemoveAt(0);
                    Abandoned++;
                }

                parts = new Hj212Packet?[packet.PacketCount];
                _keys.Add(key);
                _parts.Add(parts);
            }
            else
            {
                parts = (Hj212Packet?[])_parts[index]!;
            }

            parts[packet.PacketNumber - 1] = packet;
            for (int i = 0; i < parts.Length; i++)
            {
                if (parts[i] == null)
                {
                    return null;
                }
            }

            int done = _keys.IndexOf(key);
            _keys.RemoveAt(done);
            _parts.RemoveAt(done);
            var joined = new Hj212Packet();
            Hj212Packet first = parts[0]!;
            joined.QN = first.QN;
            joined.ST = first.ST;
            joined.CN = first.CN;
            joined.PW = first.PW;
            joined.MN = first.MN;
            joined.Flag = first.Flag < 0 ? -1 : first.Flag & ~2;
            for (int i = 0; i < first.ExtraFieldCount; i++)
            {
                joined.AddExtraField(first.ExtraFieldName(i), first.ExtraFieldValue(i));
            }

            string cp = first.Cp;
            for (int i = 1; i < parts.Length; i++)
            {
                cp = cp + ";" + parts[i]!.Cp;
            }

            joined.Cp = cp;
            return joined;
        }
    }
}
