using System.Collections;
using EmissionEdge.Gateway.Core.Text;

namespace EmissionEdge.Gateway.Core.Hj212
{
    /// <summary>
    /// HJ 212-2017 packet codec (domain.md §5): <c>##</c> + 4-digit length of the data segment in
    /// UTF-8 bytes + data segment + 4 hex CRC (<see cref="Hj212Crc"/>) + CR LF. Parsing verifies the
    /// length and CRC, accepts lowercase CRC, 2005-style packets without QN/Flag and unknown fields;
    /// building emits strictly (upper-case CRC, CR LF, fields in standard order).
    /// </summary>
    public static class Hj212Codec
    {
        /// <summary>Largest data segment the standard allows, in bytes.</summary>
        public const int MaxDataLength = 1024;

        /// <summary>Parses one packet.</summary>
        /// <param name="frame">Bytes from <c>##</c> to the CRC; a trailing CR LF (or LF) is allowed.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <param name="packet">The packet when valid.</param>
        /// <param name="error">Why it is not, naming the field and the value.</param>
        /// <returns><see langword="true"/> when valid.</returns>
        public static bool TryParse(byte[] frame, int offset, int count, out Hj212Packet? packet, out string error)
        {
            var reader = new Hj212Reader();
            packet = reader.TryRead(frame, offset, count, out error) ? reader.ToPacket() : null;
            return packet != null;
        }

        /// <summary>Parses one packet given as text (one line of a file).</summary>
        /// <param name="line">The packet; trailing CR/LF optional.</param>
        /// <param name="packet">The packet when valid.</param>
        /// <param name="error">Why it is not.</param>
        /// <returns><see langword="true"/> when valid.</returns>
        public static bool TryParse(string line, out Hj212Packet? packet, out string error)
        {
            byte[] bytes = Utf8.GetBytes(line);
            return TryParse(bytes, 0, bytes.Length, out packet, out error);
        }

        /// <summary>Parses a data segment (<c>QN=…;ST=…;…;CP=&amp;&amp;…&amp;&amp;</c>).</summary>
        /// <param name="data">The data segment text.</param>
        /// <param name="packet">The packet.</param>
        /// <param name="error">Why it is not valid.</param>
        /// <returns><see langword="true"/> when valid.</returns>
        public static bool TryParseDataSegment(string data, out Hj212Packet? packet, out string error)
        {
            byte[] bytes = Utf8.GetBytes(data);
            var reader = new Hj212Reader();
            packet = reader.TryReadDataSegment(bytes, 0, bytes.Length, out error) ? reader.ToPacket() : null;
            return packet != null;
        }

        /// <summary>The data segment of a packet, fields in standard order.</summary>
        /// <param name="packet">The packet.</param>
        /// <returns><c>QN=…;ST=…;CN=…;PW=…;MN=…;Flag=…;[PNUM=…;PNO=…;]CP=&amp;&amp;…&amp;&amp;</c>.</returns>
        public static string DataSegment(Hj212Packet packet)
        {
            string data = string.Empty;
            if (packet.QN.Length > 0)
            {
                data = "QN=" + packet.QN + ";";
            }

            data = data + "ST=" + packet.ST + ";CN=" + packet.CN + ";PW=" + packet.PW + ";MN=" + packet.MN + ";";
            if (packet.Flag >= 0)
            {
                data = data + "Flag=" + packet.Flag.ToString() + ";";
            }

            if (packet.IsSplit)
            {
                data = data + "PNUM=" + packet.PacketCount.ToString() + ";PNO=" + packet.PacketNumber.ToString() + ";";
            }

            for (int i = 0; i < packet.ExtraFieldCount; i++)
            {
                data = data + packet.ExtraFieldName(i) + "=" + packet.ExtraFieldValue(i) + ";";
            }

            return data + "CP=&&" + packet.Cp + "&&";
        }

        /// <summary>Builds the packet bytes: <c>##</c>, length, data segment, CRC, CR LF.</summary>
        /// <param name="packet">The packet.</param>
        /// <returns>The bytes.</returns>
        /// <exception cref="System.ArgumentException">The data segment is longer than 1024 bytes (use <see cref="Split"/>).</exception>
        public static byte[] Build(Hj212Packet packet)
        {
            string data = DataSegment(packet);
            int length = Utf8.ByteCount(data);
            if (length > MaxDataLength)
            {
                throw new System.ArgumentException("data segment of " + length.ToString() + " bytes exceeds " + MaxDataLength.ToString() + "; split the packet", "packet");
            }

            var bytes = new byte[length + 12];
            bytes[0] = (byte)'#';
            bytes[1] = (byte)'#';
            AsciiNumber.WritePadded(length, 4, bytes, 2);
            Utf8.Encode(data, bytes, 6);
            Hex.WriteUInt16(Hj212Crc.Compute(bytes, 6, length), bytes, 6 + length);
            bytes[length + 10] = (byte)'\r';
            bytes[length + 11] = (byte)'\n';
            return bytes;
        }

        /// <summary>The packet as text (with the trailing CR LF).</summary>
        /// <param name="packet">The packet.</param>
        /// <returns>The text.</returns>
        public static string BuildText(Hj212Packet packet)
        {
            byte[] bytes = Build(packet);
            string text;
            Utf8.TryDecode(bytes, 0, bytes.Length, out text);
            return text;
        }

        /// <summary>
        /// Splits a packet whose data segment is too long into PNUM/PNO packets at CP group boundaries
        /// (';'), setting the split bit of Flag. A packet that fits is returned alone.
        /// </summary>
        /// <param name="packet">The packet to send.</param>
        /// <returns>The packets in order.</returns>
        public static Hj212Packet[] Split(Hj212Packet packet)
        {
            if (Utf8.ByteCount(DataSegment(packet)) <= MaxDataLength)
            {
                return new[] { packet };
            }

            // Room for the CP of each part: the header with the largest PNUM/PNO we may need.
            var probe = Copy(packet, string.Empty);
            probe.PacketCount = 999;
            probe.PacketNumber = 999;
            probe.Flag = packet.Flag < 0 ? 6 : packet.Flag | 2;
            int room = MaxDataLength - Utf8.ByteCount(DataSegment(probe));
            // One pass over the CP: each part is a run of whole groups, cut from the CP once it is complete.
            var parts = new ArrayList();
            string cp = packet.Cp;
            int partStart = 0;
            int partBytes = -1;
            int groupStart = 0;
            for (int i = 0; i <= cp.Length; i++)
            {
                if (i < cp.Length && cp[i] != ';')
                {
                    continue;
                }

                int groupBytes = Utf8.ByteCount(cp, groupStart, i - groupStart);
                if (groupBytes > room)
                {
                    throw new System.ArgumentException("a CP group of " + groupBytes.ToString() + " bytes cannot fit one packet", "packet");
                }

                if (partBytes < 0)
                {
                    partBytes = groupBytes;
                }
                else if (partBytes + 1 + groupBytes > room)
                {
                    parts.Add(cp.Substring(partStart, groupStart - 1 - partStart));
                    partStart = groupStart;
                    partBytes = groupBytes;
                }
                else
                {
                    partBytes += 1 + groupBytes;
                }

                groupStart = i + 1;
            }

            parts.Add(cp.Substring(partStart, cp.Length - partStart));
            var result = new Hj212Packet[parts.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = Copy(packet, (string)parts[i]!);
                result[i].Flag = probe.Flag;
                result[i].PacketCount = result.Length;
                result[i].PacketNumber = i + 1;
            }

            return result;
        }

        private static Hj212Packet Copy(Hj212Packet packet, string cp)
        {
            var copy = new Hj212Packet();
            copy.QN = packet.QN;
            copy.ST = packet.ST;
            copy.CN = packet.CN;
            copy.PW = packet.PW;
            copy.MN = packet.MN;
            copy.Flag = packet.Flag;
            copy.Cp = cp;
            for (int i = 0; i < packet.ExtraFieldCount; i++)
            {
                copy.AddExtraField(packet.ExtraFieldName(i), packet.ExtraFieldValue(i));
            }

            return copy;
        }
    }
}
