using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Ports;
using EmissionEdge.Gateway.Core.Text;

namespace EmissionEdge.Gateway.Core.Telemetry
{
    /// <summary>
    /// Writes minute records as telemetry v1 JSON (telemetry.md) into a byte buffer, single or batch,
    /// allocation-free. Numbers have at most 7 significant digits and 4 decimals (the records hold
    /// 32-bit floats). With a key, every record ends with <c>"mac"</c>: base64 HMAC-SHA256 over the previous
    /// record's 32 mac bytes followed by the record's own bytes as sent without the <c>,"mac":"…"</c>
    /// member. The chain restarts (empty previous mac) when a record does not follow the last one sent.
    /// </summary>
    public sealed class TelemetryEncoder
    {
        /// <summary>The <c>schema</c> value of v1 records.</summary>
        public const string Schema = "emissionedge.minute/1";

        private const int MacSize = 32;
        private static readonly byte[] SchemaPrefix = Utf8.GetBytes("{\"schema\":\"" + Schema + "\",\"device\":\"");
        private static readonly byte[] UnitMember = Utf8.GetBytes("\",\"unit\":\"");
        private static readonly byte[] SeqMember = Utf8.GetBytes("\",\"seq\":");
        private static readonly byte[] MinuteMember = Utf8.GetBytes(",\"minute\":\"");
        private static readonly byte[] ChannelsMember = Utf8.GetBytes("\",\"channels\":{");
        private static readonly byte[] AvgMember = Utf8.GetBytes("\":{\"avg\":");
        private static readonly byte[] MinMember = Utf8.GetBytes(",\"min\":");
        private static readonly byte[] MaxMember = Utf8.GetBytes(",\"max\":");
        private static readonly byte[] NMember = Utf8.GetBytes(",\"n\":");
        private static readonly byte[] NOnlyMember = Utf8.GetBytes("\":{\"n\":");
        private static readonly byte[] FlagMember = Utf8.GetBytes(",\"flag\":\"");
        private static readonly byte[] MacMember = Utf8.GetBytes(",\"mac\":\"");
        private static readonly byte[] BatchPrefix = Utf8.GetBytes("{\"batch\":[");

        private readonly byte[] _device;
        private readonly byte[] _unit;
        private readonly IHmacSha256? _hmac;
        private readonly byte[]? _key;
        private readonly byte[] _previousMac = new byte[MacSize];
        private readonly byte[] _mac = new byte[MacSize];
        private uint _previousSeq;

        /// <summary>Creates an encoder.</summary>
        /// <param name="deviceId">The device id.</param>
        /// <param name="unit">The unit id.</param>
        /// <param name="hmac">HMAC implementation for the mac chain, or <see langword="null"/> for records without mac.</param>
        /// <param name="deviceKey">The device key bytes (base64-decoded), or <see langword="null"/>.</param>
        public TelemetryEncoder(string deviceId, string unit, IHmacSha256? hmac, byte[]? deviceKey)
        {
            _device = JsonText.EscapedUtf8(deviceId);
            _unit = JsonText.EscapedUtf8(unit);
            _hmac = deviceKey == null ? null : hmac;
            _key = _hmac == null ? null : deviceKey;
        }

        /// <summary>Whether records carry a mac.</summary>
        public bool MacEnabled => _hmac != null;

        /// <summary>An upper bound of the bytes one record takes.</summary>
        public int MaxRecordLength => 160 + _device.Length + _unit.Length + (JournalLayoutChannels * 140);

        /// <summary>The sequence number of the last record encoded with a mac (0 = none).</summary>
        public uint ChainSequence => _previousSeq;

        /// <summary>The mac of the record last encoded.</summary>
        public byte[] LastMac => _previousMac;

        private static int JournalLayoutChannels => Journal.JournalLayout.MaxChannels;

        /// <summary>Continues the mac chain from a stored state (after a restart).</summary>
        /// <param name="seq">Sequence number of the record whose mac is given (0 to restart the chain).</param>
        /// <param name="mac">Its 32 mac bytes.</param>
        public void ResumeChain(uint seq, byte[] mac)
        {
            _previousSeq = seq;
            System.Array.Copy(mac, 0, _previousMac, 0, MacSize);
        }

        /// <summary>Writes one record as a single message.</summary>
        /// <param name="record">The record.</param>
        /// <param name="buffer">Destination (room for <see cref="MaxRecordLength"/>).</param>
        /// <param name="position">Where the JSON starts.</param>
        /// <returns>The position after the JSON.</returns>
        public int EncodeSingle(MinuteRecord record, byte[] buffer, int position) => EncodeRecord(record, buffer, position);

        /// <summary>Writes records as one <c>{"batch":[…]}</c> message, as many as fit.</summary>
        /// <param name="records">The records, oldest first.</param>
        /// <param name="count">Number of records to write.</param>
        /// <param name="buffer">Destination.</param>
        /// <param name="position">Where the JSON starts.</param>
        /// <param name="written">How many records were written (fewer than <paramref name="count"/> when the buffer is full).</param>
        /// <returns>The position after the JSON.</returns>
        public int EncodeBatch(MinuteRecord[] records, int count, byte[] buffer, int position, out int written)
        {
            position = Put(BatchPrefix, buffer, position);
            written = 0;
            for (int i = 0; i < count; i++)
            {
                if (buffer.Length - position - 2 < MaxRecordLength)
                {
                    break;
                }

                if (i > 0)
                {
                    buffer[position++] = (byte)',';
                }

                position = EncodeRecord(records[i], buffer, position);
                written++;
            }

            buffer[position++] = (byte)']';
            buffer[position++] = (byte)'}';
            return position;
        }

        private int EncodeRecord(MinuteRecord record, byte[] buffer, int position)
        {
            int start = position;
            position = Put(SchemaPrefix, buffer, position);
            position = Put(_device, buffer, position);
            position = Put(UnitMember, buffer, position);
            position = Put(_unit, buffer, position);
            position = Put(SeqMember, buffer, position);
            position = AsciiNumber.WriteUInt64(record.Sequence, buffer, position);
            position = Put(MinuteMember, buffer, position);
            position = MinuteClock.WriteIso8601(record.Minute, buffer, position);
            position = Put(ChannelsMember, buffer, position);
            bool first = true;
            for (int c = 0; c < ChannelNames.Count; c++)
            {
                if (!record.Has(c))
                {
                    continue;
                }

                if (!first)
                {
                    buffer[position++] = (byte)',';
                }

                first = false;
                buffer[position++] = (byte)'"';
                position = PutAscii(ChannelNames.Name(c), buffer, position);
                if (record.HasValue(c))
                {
                    position = Put(AvgMember, buffer, position);
                    position = Number(record.Average(c), buffer, position);
                    position = Put(MinMember, buffer, position);
                    position = Number(record.Minimum(c), buffer, position);
                    position = Put(MaxMember, buffer, position);
                    position = Number(record.Maximum(c), buffer, position);
                    position = Put(NMember, buffer, position);
                }
                else
                {
                    position = Put(NOnlyMember, buffer, position);
                }

                position = AsciiNumber.WriteUInt64((ulong)record.Samples(c), buffer, position);
                position = Put(FlagMember, buffer, position);
                buffer[position++] = (byte)record.Flag(c);
                buffer[position++] = (byte)'"';
                buffer[position++] = (byte)'}';
            }

            buffer[position++] = (byte)'}';
            if (_hmac != null)
            {
                // mac over previous mac + the record as sent without the mac member (closed with '}').
                buffer[position] = (byte)'}';
                _hmac.Start(_key!);
                if (_previousSeq != 0 && _previousSeq + 1 == record.Sequence)
                {
                    _hmac.Append(_previousMac, 0, MacSize);
                }

                _hmac.Append(buffer, start, position + 1 - start);
                _hmac.Finish(_mac, 0);
                position = Put(MacMember, buffer, position);
                position = Base64.Encode(_mac, 0, MacSize, buffer, position);
                buffer[position++] = (byte)'"';
                System.Array.Copy(_mac, 0, _previousMac, 0, MacSize);
                _previousSeq = record.Sequence;
            }

            buffer[position++] = (byte)'}';
            return position;
        }

        private static int Number(double value, byte[] buffer, int position)
        {
            int end = AsciiNumber.WriteDecimal(value, 4, buffer, position);
            if (end < 0)
            {
                // Records never hold non-finite values; write 0 rather than invalid JSON if one slips through.
                buffer[position] = (byte)'0';
                return position + 1;
            }

            return end;
        }

        private static int Put(byte[] source, byte[] buffer, int position)
        {
            System.Array.Copy(source, 0, buffer, position, source.Length);
            return position + source.Length;
        }

        private static int PutAscii(string text, byte[] buffer, int position)
        {
            for (int i = 0; i < text.Length; i++)
            {
                buffer[position++] = (byte)text[i];
            }

            return position;
        }
    }
}
