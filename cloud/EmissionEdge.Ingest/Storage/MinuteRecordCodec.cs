using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Ingest.Storage;

/// <summary>
/// Compact binary form of a minute record's readings, used by both stores.
/// </summary>
/// <remarks>
/// Layout (little endian): version byte (1), count of present channels, then per present channel:
/// channel index (1 byte), has-value (1 byte), flag (1 byte), n (int32), and when it has a value
/// avg, min, max (3 × float64). Unit and minute are stored beside it, not in it.
/// </remarks>
public static class MinuteRecordCodec
{
    private const byte Version = 1;
    private const int HeaderSize = 2;
    private const int ChannelHeaderSize = 7;
    private const int ValuesSize = 24;

    /// <summary>Encodes the readings of <paramref name="record"/>.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The bytes.</returns>
    public static byte[] EncodeReadings(MinuteRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var size = HeaderSize;
        var count = 0;
        for (var i = 0; i < Channels.Count; i++)
        {
            var r = record[(Channel)i];
            if (r.IsPresent)
            {
                count++;
                size += ChannelHeaderSize + (r.HasValue ? ValuesSize : 0);
            }
        }

        var bytes = new byte[size];
        bytes[0] = Version;
        bytes[1] = (byte)count;
        var at = HeaderSize;
        for (var i = 0; i < Channels.Count; i++)
        {
            var r = record[(Channel)i];
            if (!r.IsPresent)
            {
                continue;
            }

            bytes[at] = (byte)i;
            bytes[at + 1] = r.HasValue ? (byte)1 : (byte)0;
            bytes[at + 2] = (byte)r.Flag;
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 3), r.Samples);
            at += ChannelHeaderSize;
            if (r.HasValue)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(at), r.Average);
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(at + 8), r.Minimum);
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(at + 16), r.Maximum);
                at += ValuesSize;
            }
        }

        return bytes;
    }

    /// <summary>Rebuilds a record from its unit, minute and encoded readings.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="minuteUtc">The UTC minute.</param>
    /// <param name="readings">Bytes from <see cref="EncodeReadings"/>.</param>
    /// <returns>The record.</returns>
    /// <exception cref="InvalidDataException">The bytes are not in this format.</exception>
    public static MinuteRecord DecodeReadings(string unit, DateTime minuteUtc, ReadOnlySpan<byte> readings)
    {
        if (readings.Length < HeaderSize || readings[0] != Version)
        {
            throw new InvalidDataException($"stored readings of {unit} {minuteUtc:o} have an unknown format");
        }

        var record = new MinuteRecord(unit, minuteUtc);
        var at = HeaderSize;
        for (var k = 0; k < readings[1]; k++)
        {
            var channel = (Channel)readings[at];
            var hasValue = readings[at + 1] != 0;
            var flag = (DataFlag)readings[at + 2];
            var samples = BinaryPrimitives.ReadInt32LittleEndian(readings[(at + 3)..]);
            at += ChannelHeaderSize;
            if (hasValue)
            {
                record[channel] = new ChannelReading(
                    BinaryPrimitives.ReadDoubleLittleEndian(readings[at..]),
                    BinaryPrimitives.ReadDoubleLittleEndian(readings[(at + 8)..]),
                    BinaryPrimitives.ReadDoubleLittleEndian(readings[(at + 16)..]),
                    samples,
                    flag);
                at += ValuesSize;
            }
            else
            {
                record[channel] = ChannelReading.WithoutValue(flag, samples);
            }
        }

        return record;
    }

    /// <summary>SHA-256 over unit, minute, encoded readings and mac: equal for an identical replay whatever its JSON formatting.</summary>
    /// <param name="record">The record.</param>
    /// <param name="readings">Its encoded readings.</param>
    /// <param name="mac">Its mac, or <see langword="null"/>.</param>
    /// <returns>32 bytes.</returns>
    public static byte[] ContentHash(MinuteRecord record, ReadOnlySpan<byte> readings, ReadOnlySpan<byte> mac)
    {
        ArgumentNullException.ThrowIfNull(record);
        var unitLength = Encoding.UTF8.GetByteCount(record.Unit);
        var length = unitLength + 9 + readings.Length + mac.Length;
        var buffer = length <= 1024 ? stackalloc byte[length] : new byte[length];
        var at = Encoding.UTF8.GetBytes(record.Unit, buffer);
        buffer[at] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(buffer[(at + 1)..], record.MinuteUtc.Ticks);
        readings.CopyTo(buffer[(at + 9)..]);
        mac.CopyTo(buffer[(at + 9 + readings.Length)..]);
        return SHA256.HashData(buffer);
    }
}
