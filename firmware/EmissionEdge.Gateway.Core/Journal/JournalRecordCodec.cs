using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Modbus;

namespace EmissionEdge.Gateway.Core.Journal
{
    /// <summary>
    /// The 104-byte journal record (little-endian; README "Journal layout"):
    /// <code>
    ///   0      u8   format 0xE1
    ///   1      u8   reserved 0
    ///   2–3    u16  channel mask (bit i = channel i of ChannelNames)
    ///   4–7    u32  sequence number
    ///   8–11   u32  minute (minutes since 2000-01-01T00:00Z)
    ///   12–99  8 channel slots of 11 bytes, in ascending channel order, unused slots zero:
    ///          +0 u8  flag code (bits 7–5: N0 F1 M2 S3 D4 C5 T6 B7) | n (bits 4–0, 0–31)
    ///          +1 f32 average (IEEE 754 single)
    ///          +5 f24 minimum (single with the low 8 mantissa bits rounded off: 1 part in 65 536)
    ///          +8 f24 maximum
    ///   100–103 u32 CRC-32 of bytes 0–99
    /// </code>
    /// </summary>
    public static class JournalRecordCodec
    {
        /// <summary>Format byte of this layout.</summary>
        public const byte Format = 0xE1;

        private const int SlotsOffset = 12;
        private const int SlotSize = 11;
        private const int CrcOffset = 100;

        /// <summary>Encodes <paramref name="record"/> into a slot image.</summary>
        /// <param name="record">The record (at most <see cref="JournalLayout.MaxChannels"/> channels).</param>
        /// <param name="buffer">Destination of <see cref="JournalLayout.RecordSize"/> bytes.</param>
        /// <param name="offset">Where the record starts.</param>
        /// <returns><see langword="false"/> when the record has more channels than a slot holds.</returns>
        public static bool Encode(MinuteRecord record, byte[] buffer, int offset)
        {
            for (int i = 0; i < JournalLayout.RecordSize; i++)
            {
                buffer[offset + i] = 0;
            }

            buffer[offset] = Format;
            LittleEndian.WriteUInt16(buffer, offset + 2, record.ChannelMask);
            LittleEndian.WriteUInt32(buffer, offset + 4, record.Sequence);
            LittleEndian.WriteUInt32(buffer, offset + 8, record.Minute);
            int slot = 0;
            for (int c = 0; c < ChannelNames.Count; c++)
            {
                if (!record.Has(c))
                {
                    continue;
                }

                if (slot == JournalLayout.MaxChannels)
                {
                    return false;
                }

                int p = offset + SlotsOffset + (slot * SlotSize);
                int n = record.Samples(c);
                if (n > JournalLayout.MaxSamplesPerMinute)
                {
                    n = JournalLayout.MaxSamplesPerMinute;
                }

                buffer[p] = (byte)((DataFlags.Code(record.Flag(c)) << 5) | n);
                if (record.HasValue(c))
                {
                    LittleEndian.WriteUInt32(buffer, p + 1, RegisterDecoder.SingleToBits(record.Average(c)));
                    LittleEndian.WriteUInt24(buffer, p + 5, ToSingle24(record.Minimum(c)));
                    LittleEndian.WriteUInt24(buffer, p + 8, ToSingle24(record.Maximum(c)));
                }

                slot++;
            }

            LittleEndian.WriteUInt32(buffer, offset + CrcOffset, Crc32.Compute(buffer, offset, CrcOffset));
            return true;
        }

        /// <summary>Whether a slot image is an intact record (format byte and CRC).</summary>
        /// <param name="buffer">Source.</param>
        /// <param name="offset">Where the record starts.</param>
        /// <returns><see langword="true"/> when intact.</returns>
        public static bool IsIntact(byte[] buffer, int offset) =>
            buffer[offset] == Format && LittleEndian.ReadUInt32(buffer, offset + CrcOffset) == Crc32.Compute(buffer, offset, CrcOffset);

        /// <summary>The sequence number stored in a slot image.</summary>
        /// <param name="buffer">Source.</param>
        /// <param name="offset">Where the record starts.</param>
        /// <returns>The sequence number.</returns>
        public static uint SequenceOf(byte[] buffer, int offset) => LittleEndian.ReadUInt32(buffer, offset + 4);

        /// <summary>Decodes an intact slot image.</summary>
        /// <param name="buffer">Source.</param>
        /// <param name="offset">Where the record starts.</param>
        /// <param name="record">Destination (cleared first).</param>
        public static void Decode(byte[] buffer, int offset, MinuteRecord record)
        {
            record.Clear();
            int mask = LittleEndian.ReadUInt16(buffer, offset + 2);
            record.Sequence = LittleEndian.ReadUInt32(buffer, offset + 4);
            record.Minute = LittleEndian.ReadUInt32(buffer, offset + 8);
            int slot = 0;
            for (int c = 0; c < ChannelNames.Count && slot < JournalLayout.MaxChannels; c++)
            {
                if ((mask & (1 << c)) == 0)
                {
                    continue;
                }

                int p = offset + SlotsOffset + (slot * SlotSize);
                char flag = DataFlags.FromCode(buffer[p] >> 5);
                int n = buffer[p] & 0x1F;
                if (n > 0)
                {
                    double average = RegisterDecoder.SingleFromBits(LittleEndian.ReadUInt32(buffer, p + 1));
                    double minimum = RegisterDecoder.SingleFromBits(LittleEndian.ReadUInt24(buffer, p + 5) << 8);
                    double maximum = RegisterDecoder.SingleFromBits(LittleEndian.ReadUInt24(buffer, p + 8) << 8);
                    record.Set(c, average, minimum, maximum, n, flag);
                }
                else
                {
                    record.SetWithoutValue(c, flag);
                }

                slot++;
            }
        }

        private static uint ToSingle24(double value)
        {
            uint bits = RegisterDecoder.SingleToBits(value);
            uint rounded = bits + 0x80;
            if ((rounded & 0x7F800000u) == 0x7F800000u && (bits & 0x7F800000u) != 0x7F800000u)
            {
                rounded = bits; // rounding would overflow to infinity: truncate instead
            }

            return rounded >> 8;
        }
    }
}
