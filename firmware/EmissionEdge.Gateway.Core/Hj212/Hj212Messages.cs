using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Text;

namespace EmissionEdge.Gateway.Core.Hj212
{
    /// <summary>
    /// Builds the HJ 212-2017 messages of a flue-gas data logger (ST 31): 2011 real-time, 2051 minute,
    /// 2061 hourly and 2031 daily data, and the 9011 (request answer) / 9014 (data answer) replies.
    /// DataTime is China Standard Time (UTC+8), yyyyMMddHHmmss.
    /// </summary>
    public static class Hj212Messages
    {
        /// <summary>Real-time data.</summary>
        public const string RealTime = "2011";

        /// <summary>Minute data.</summary>
        public const string MinuteData = "2051";

        /// <summary>Hourly data.</summary>
        public const string HourlyData = "2061";

        /// <summary>Daily data.</summary>
        public const string DailyData = "2031";

        /// <summary>Request answer.</summary>
        public const string RequestAnswer = "9011";

        /// <summary>Data answer.</summary>
        public const string DataAnswer = "9014";

        private static readonly string[] Codes =
        {
            "a21026", "a21002", "a21003", "a21004", "a34013", "a19001", "a01014", "a01012", "a01013", "a00000", string.Empty, string.Empty, string.Empty,
        };

        /// <summary>The HJ 212-2017 pollutant code of a channel (SO2 a21026, NOx a21002, Dust a34013, O2 a19001, Flow a00000, ...).</summary>
        /// <param name="channel">Channel index.</param>
        /// <returns>The code; empty for channels without one (CoalFeed, GrossPower, AuxPower).</returns>
        public static string Code(int channel) => Codes[channel];

        /// <summary>DataTime of a UTC minute in China Standard Time: <c>yyyyMMddHHmmss</c>.</summary>
        /// <param name="utcMinute">Minutes since 2000-01-01T00:00Z.</param>
        /// <returns>14 digits.</returns>
        public static string DataTime(uint utcMinute)
        {
            int year, month, day, hour, minute;
            MinuteClock.Fields(utcMinute + 480, out year, out month, out day, out hour, out minute);
            var bytes = new byte[14];
            int p = AsciiNumber.WritePadded(year, 4, bytes, 0);
            p = AsciiNumber.WritePadded(month, 2, bytes, p);
            p = AsciiNumber.WritePadded(day, 2, bytes, p);
            p = AsciiNumber.WritePadded(hour, 2, bytes, p);
            AsciiNumber.WritePadded(minute, 2, bytes, p);
            bytes[12] = (byte)'0';
            bytes[13] = (byte)'0';
            string text;
            Utf8.TryDecode(bytes, 0, 14, out text);
            return text;
        }

        /// <summary>
        /// A minute (2051), hourly (2061) or daily (2031) data packet from a record: per channel with a code
        /// <c>code-Avg</c>, <c>-Min</c>, <c>-Max</c> (when it has a value) and <c>-Flag</c>. Flow is converted from m3/h to the standard's m3/s.
        /// </summary>
        /// <param name="command">2051, 2061 or 2031.</param>
        /// <param name="record">The record.</param>
        /// <param name="qn">Request number (yyyyMMddHHmmssSSS).</param>
        /// <param name="password">PW.</param>
        /// <param name="mn">Device id MN.</param>
        /// <param name="ackWanted">Whether the platform should answer (Flag 5 instead of 4).</param>
        /// <returns>The packet.</returns>
        public static Hj212Packet Data(string command, MinuteRecord record, string qn, string password, string mn, bool ackWanted)
        {
            string cp = "DataTime=" + DataTime(record.Minute);
            for (int c = 0; c < ChannelNames.Count; c++)
            {
                if (!record.Has(c) || Codes[c].Length == 0)
                {
                    continue;
                }

                double factor = c == 9 ? 1.0 / 3600.0 : 1.0;
                string code = Codes[c];
                string group = string.Empty;
                if (record.HasValue(c))
                {
                    group = code + "-Avg=" + Number(record.Average(c) * factor) + "," + code + "-Min=" + Number(record.Minimum(c) * factor) + "," + code + "-Max=" + Number(record.Maximum(c) * factor) + ",";
                }

                cp = cp + ";" + group + code + "-Flag=" + record.Flag(c);
            }

            return Packet(qn, "31", command, password, mn, ackWanted ? 5 : 4, cp);
        }

        /// <summary>A real-time data packet (2011): <c>code-Rtd</c> and <c>code-Flag</c> per channel sample.</summary>
        /// <param name="utcMinute">Minute of the sample (DataTime).</param>
        /// <param name="channels">Channel indexes.</param>
        /// <param name="values">Sample values (same order).</param>
        /// <param name="flags">Sample flags (same order).</param>
        /// <param name="qn">Request number.</param>
        /// <param name="password">PW.</param>
        /// <param name="mn">MN.</param>
        /// <returns>The packet.</returns>
        public static Hj212Packet RealTimeData(uint utcMinute, int[] channels, double[] values, char[] flags, string qn, string password, string mn)
        {
            string cp = "DataTime=" + DataTime(utcMinute);
            for (int i = 0; i < channels.Length; i++)
            {
                string code = Codes[channels[i]];
                if (code.Length == 0)
                {
                    continue;
                }

                double factor = channels[i] == 9 ? 1.0 / 3600.0 : 1.0;
                cp = cp + ";" + code + "-Rtd=" + Number(values[i] * factor) + "," + code + "-Flag=" + flags[i];
            }

            return Packet(qn, "31", RealTime, password, mn, 4, cp);
        }

        /// <summary>The 9011 answer to a request: <c>QnRtn</c> (1 = ready to execute).</summary>
        /// <param name="request">The request being answered (its QN, PW, MN are echoed).</param>
        /// <param name="qnReturn">QnRtn code (1 ready, 2 refused, 3 wrong PW, 4 MN mismatch, 5 ST error, 6 Flag error, 7 QN error, 8 CN error, 9 CRC error, 100 unknown).</param>
        /// <returns>The packet.</returns>
        public static Hj212Packet RequestAnswerFor(Hj212Packet request, int qnReturn) =>
            Packet(request.QN, "91", RequestAnswer, request.PW, request.MN, 4, "QnRtn=" + qnReturn.ToString());

        /// <summary>The 9014 data answer acknowledging a data packet.</summary>
        /// <param name="request">The packet acknowledged.</param>
        /// <returns>The packet.</returns>
        public static Hj212Packet DataAnswerFor(Hj212Packet request) => Packet(request.QN, "91", DataAnswer, request.PW, request.MN, 4, string.Empty);

        private static Hj212Packet Packet(string qn, string st, string cn, string pw, string mn, int flag, string cp)
        {
            var packet = new Hj212Packet();
            packet.QN = qn;
            packet.ST = st;
            packet.CN = cn;
            packet.PW = pw;
            packet.MN = mn;
            packet.Flag = flag;
            packet.Cp = cp;
            return packet;
        }

        private static string Number(double value)
        {
            var buffer = new byte[AsciiNumber.MaxDecimalLength];
            int end = AsciiNumber.WriteDecimal(value, 4, buffer, 0);
            string text;
            Utf8.TryDecode(buffer, 0, end < 0 ? 0 : end, out text);
            return text;
        }
    }
}
