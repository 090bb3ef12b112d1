using System.Globalization;
using System.Text;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Hj212;
using EmissionEdge.Gateway.Core.Text;

namespace EmissionEdge.Gateway.Core.Tests.Hj212;

public sealed class Hj212ReaderTests
{
    private const string StandardExample = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&";

    private static readonly string[] Samples =
    [
        StandardExample,
        "ST=32;CN=2011;PW=123456;MN=88888880000001;CP=&&DataTime=20040516021000;B01-Rtd=2.0&&",
        "QN=1;ST=31;CN=2011;PW=1;MN=M;Flag=4;Extra=x;CP=&&&&",
        "QN=20261126080100000;ST=31;CN=2051;PW=123456;MN=GS01;Flag=4;CP=&&DataTime=20261126080000;a21026-Avg=18.6,a21026-Flag=N;备注=一号机组&&",
        "QN=2;ST=31;CN=2011;PW=1;MN=设备;Flag=4;CP=&&a=1\r\nb=2&&",
        "QN=20261126080000001;ST=31;CN=2011;PW=1;MN=M1;Flag=7;PNUM=3;PNO=2;CP=&&DataTime=20261126080000;a00001-Rtd=1.5,a00001-Flag=N&&",
        "QN=9;;ST=31;CN=2011;PW=1;MN=M;CP=&&;,a;b=;=c,,d=1=2;&&",
    ];

    private static byte[] Frame(string data, bool lowercase = false)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        string crc = PreviousHj212Parser.Crc(bytes).ToString(lowercase ? "x4" : "X4");
        return Encoding.UTF8.GetBytes($"##{bytes.Length:D4}{data}{crc}\r\n");
    }

    private static byte[] MinutePacket()
    {
        var record = new MinuteRecord { Minute = MinuteClock.MinuteOf(new DateTime(2026, 11, 26, 0, 1, 0, DateTimeKind.Utc).Ticks) };
        for (int c = 0; c < 10; c++)
        {
            record.Set(c, 18.62 + c, 17.9 + c, 19.41 + c, 15, 'N');
        }

        return Hj212Codec.Build(Hj212Messages.Data(Hj212Messages.MinuteData, record, "20261126080100000", "123456", "010000A8900016F000169DC0", true));
    }

    /// <summary>Reads <paramref name="frame"/> with both parsers and asserts the same outcome, reason and content.</summary>
    private static void AssertSameAsPrevious(Hj212Reader reader, byte[] frame)
    {
        bool expected = PreviousHj212Parser.TryParse(frame, out var previous, out var previousError);
        bool actual = reader.TryRead(frame, 0, frame.Length, out var error);
        Assert.Equal((expected, previousError), (actual, error));
        bool viaCodec = Hj212Codec.TryParse(frame, 0, frame.Length, out var packet, out var codecError);
        Assert.Equal((expected, previousError), (viaCodec, codecError));
        if (!expected)
        {
            return;
        }

        Assert.Equal((previous!.QN, previous.ST, previous.CN, previous.PW, previous.MN), (reader.QN, reader.ST, reader.CN, reader.PW, reader.MN));
        Assert.Equal((previous.Flag, previous.PacketCount, previous.PacketNumber, previous.Cp), (reader.Flag, reader.PacketCount, reader.PacketNumber, reader.Cp));
        Assert.Equal(previous.Extra, Enumerable.Range(0, reader.ExtraFieldCount).Select(i => (reader.ExtraFieldName(i), reader.ExtraFieldValue(i))).ToList());
        Assert.Equal(previous.Items, Enumerable.Range(0, reader.CpItemCount).Select(i => (reader.CpItemGroup(i), reader.CpItemKey(i), reader.CpItemValue(i))).ToList());
        Assert.Equal((previous.QN, previous.MN, previous.Flag, previous.PacketCount, previous.PacketNumber, previous.Cp), (packet!.QN, packet.MN, packet.Flag, packet.PacketCount, packet.PacketNumber, packet.Cp));
        Assert.Equal(previous.Extra, Enumerable.Range(0, packet.ExtraFieldCount).Select(i => (packet.ExtraFieldName(i), packet.ExtraFieldValue(i))).ToList());
        Assert.Equal(previous.Items, packet.CpItems().Select(i => (i.Group, i.Key, i.Value)).ToList());
        for (int i = 0; i < reader.CpItemCount; i++)
        {
            AssertNumbersMatchText(reader, i, previous.Items[i].Value);
        }
    }

    /// <summary>The reader's number, exact units and flag agree with .NET's invariant parsing of the value text.</summary>
    private static void AssertNumbersMatchText(Hj212Reader reader, int item, string text)
    {
        bool isPlainDecimal = text.Length > 0 && text.Any(char.IsAsciiDigit) && text.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or '+') &&
            text.Count(c => c == '.') <= 1 && text.LastIndexOfAny(['-', '+']) <= 0;
        if (isPlainDecimal && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var exact))
        {
            Assert.True(reader.TryGetCpItemNumber(item, out var number), text);
            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), number);
            int significant = text.Trim('-', '+').Replace(".", "").TrimStart('0').Length;
            if (significant <= 18 && (text.IndexOf('.') < 0 || text.Length - text.IndexOf('.') - 1 <= 18))
            {
                Assert.True(reader.TryGetCpItemScaled(item, out var units, out var scale), text);
                Assert.Equal(exact, units / (decimal)Math.Pow(10, scale));
            }
        }
        else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            Assert.False(reader.TryGetCpItemNumber(item, out _), text);
            Assert.False(reader.TryGetCpItemScaled(item, out _, out _), text);
        }

        Assert.Equal(text.Length == 1 && text[0] < 0x80, reader.TryGetCpItemChar(item, out var flag));
        if (text.Length == 1 && text[0] < 0x80)
        {
            Assert.Equal(text[0], flag);
        }
    }

    [Fact]
    public void The_standards_example_and_the_sample_packets_read_as_the_previous_parser_read_them()
    {
        var reader = new Hj212Reader();
        foreach (var sample in Samples)
        {
            AssertSameAsPrevious(reader, Frame(sample));
            AssertSameAsPrevious(reader, Frame(sample, lowercase: true));
        }

        AssertSameAsPrevious(reader, MinutePacket());
    }

    [Fact]
    public void A_minute_packet_gives_its_values_as_numbers_and_flags_by_key()
    {
        var reader = new Hj212Reader();
        var packet = MinutePacket();
        Assert.True(reader.TryRead(packet, 0, packet.Length, out var error), error);
        Assert.Equal(("2051", 5, 41), (reader.CN, reader.Flag, reader.CpItemCount));
        int avg = reader.FindCpItem("a21026-Avg");
        Assert.True(reader.TryGetCpItemNumber(avg, out var so2));
        Assert.Equal(18.62, so2);
        Assert.True(reader.TryGetCpItemScaled(avg, out var units, out var scale));
        Assert.Equal((1862L, 2), (units, scale));
        Assert.True(reader.TryGetCpItemChar(reader.FindCpItem("a21026-Flag"), out var flag));
        Assert.Equal('N', flag);
        Assert.True(reader.TryGetCpItemNumber(reader.FindCpItem("a00000-Max"), out var flow));
        Assert.Equal(28.41 / 3600, flow, 4);
        Assert.Equal(-1, reader.FindCpItem("a21026-Rtd"));
        Assert.True(reader.CpItemKeyIs(0, "DataTime"));
    }

    [Fact]
    public void Chinese_keys_and_values_are_found_and_materialized()
    {
        var reader = new Hj212Reader();
        var frame = Frame(Samples[3]);
        Assert.True(reader.TryRead(frame, 0, frame.Length, out var error), error);
        int item = reader.FindCpItem("备注");
        Assert.Equal((3, 2), (item, reader.CpItemGroup(item)));
        Assert.Equal("一号机组", reader.CpItemValue(item));
        Assert.False(reader.CpItemKeyIs(item, "备"));
        Assert.False(reader.TryGetCpItemChar(item, out _));
    }

    [Fact]
    public void A_reused_reader_keeps_nothing_from_the_previous_packet()
    {
        var reader = new Hj212Reader();
        var split = Frame(Samples[5]);
        var plain = Frame(Samples[1]);
        Assert.True(reader.TryRead(split, 0, split.Length, out _));
        Assert.False(reader.TryRead(Frame("QN=1;ST=31;CN=2011;PW=1;Flag=4;CP=&&&&"), 0, 50, out _));
        Assert.True(reader.TryRead(plain, 0, plain.Length, out var error), error);
        Assert.Equal((string.Empty, -1, -1, -1, false, 2), (reader.QN, reader.Flag, reader.PacketCount, reader.PacketNumber, reader.IsSplit, reader.CpItemCount));
        Assert.Equal("2.0", reader.CpItemValue(1));
    }

    [Fact]
    public void A_frame_inside_a_larger_buffer_is_read_at_its_offset()
    {
        var frame = Frame(StandardExample);
        var buffer = new byte[frame.Length + 20];
        Array.Fill(buffer, (byte)'x');
        frame.CopyTo(buffer, 7);
        var reader = new Hj212Reader();
        Assert.True(reader.TryRead(buffer, 7, frame.Length, out var error), error);
        Assert.Equal(("010000A8900016F000169DC0", "RtdInterval", "30"), (reader.MN, reader.CpItemKey(0), reader.CpItemValue(0)));
    }

    [Theory]
    [InlineData("QN=1;ST=31;CN=2011;PW=1;MN=M;Flag=4;", "no CP=&&…&& segment")]
    [InlineData("QN=1;ST=31;CN=2011;PW=1;MN=M;CP=&&a=1&", "CP segment does not end with &&")]
    [InlineData("QN=1;ST=31;CN=2011;PW=1;MN=M;CP=&&&", "CP segment does not end with &&")]
    [InlineData("QN=1;ST=31;CN=2011;PW=1;MN=MCP=&&&&", "header field 'MN=M' is not followed by ';'")]
    [InlineData("QN=1;ST=31;CN=2011;PW=1;MN=M;junk;CP=&&&&", "header field 'junk' has no name=value")]
    [InlineData("QN=1;=31;CN=2011;PW=1;MN=M;CP=&&&&", "header field '=31' has no name=value")]
    [InlineData("QN=1;ST=31;CN=;PW=1;MN=M;CP=&&&&", "CN (command code) is missing")]
    [InlineData("QN=1;ST=31;CN=2011;PW=1;MN=M;Flag=x4;CP=&&&&", "Flag 'x4' is not a number")]
    [InlineData("QN=1;ST=31;CN=2011;PW=1;MN=M;Flag=1234567;CP=&&&&", "Flag '1234567' is not a number")]
    [InlineData("QN=1;ST=31;CN=2011;PW=1;MN=M;PNUM=0;PNO=1;CP=&&&&", "PNUM '0' is not a positive number of at most 4 digits")]
    [InlineData("QN=1;ST=31;CN=2011;PW=1;MN=M;PNUM=2;PNO=;CP=&&&&", "PNO '' is not a positive number of at most 4 digits")]
    [InlineData("QN=1;ST=31;CN=2011;PW=1;MN=M;PNUM=2;CP=&&&&", "PNUM and PNO must be given together")]
    [InlineData("QN=1;ST=31;CN=2011;PW=1;MN=M;PNUM=2;PNO=3;CP=&&&&", "PNO 3 is above PNUM 2")]
    public void Malformed_data_segments_are_rejected_with_the_previous_reasons(string data, string reason)
    {
        var frame = Frame(data);
        Assert.False(new Hj212Reader().TryRead(frame, 0, frame.Length, out var error));
        Assert.Equal(reason, error);
        AssertSameAsPrevious(new Hj212Reader(), frame);
        Assert.False(Hj212Codec.TryParseDataSegment(data, out _, out var segmentError));
        Assert.Equal(reason, segmentError);
    }

    [Fact]
    public void Invalid_utf8_and_broken_frames_are_rejected_with_the_previous_reasons()
    {
        var reader = new Hj212Reader();
        var data = Encoding.UTF8.GetBytes("QN=1;ST=31;CN=2011;PW=1;MN=\u00e9;CP=&&&&");
        data[^7] = 0xC3; // 0xC3 0xC3: a lead byte without its continuation
        var crc = PreviousHj212Parser.Crc(data).ToString("X4");
        var frame = Encoding.ASCII.GetBytes($"##{data.Length:D4}").Concat(data).Concat(Encoding.ASCII.GetBytes(crc)).ToArray();
        Assert.False(reader.TryRead(frame, 0, frame.Length, out var error));
        Assert.Equal("data segment is not valid UTF-8", error);
        AssertSameAsPrevious(reader, frame);
        foreach (var line in new[] { "", "#", "##01", "##0001a0000", "##0000zzzz", "##0000FFFF\n", "##0000ffff\r\n", "##00a0" + new string('x', 10) })
        {
            AssertSameAsPrevious(reader, Encoding.ASCII.GetBytes(line));
        }

        var tooLong = Frame("QN=1;ST=31;CN=2011;PW=1;MN=M;CP=&&" + new string('a', 1000) + "&&");
        Assert.False(reader.TryRead(tooLong, 0, tooLong.Length, out error));
        Assert.Equal("data segment of 1036 bytes exceeds 1024", error);
    }

    [Fact]
    public void Generated_packets_and_their_mutations_read_as_the_previous_parser_read_them()
    {
        var random = new Random(212);
        var reader = new Hj212Reader();
        for (int n = 0; n < 3000; n++)
        {
            string data = GeneratedDataSegment(random);
            var frame = Frame(data);
            AssertSameAsPrevious(reader, frame);
            Assert.True(reader.TryRead(frame, 0, frame.Length, out var error) || Encoding.UTF8.GetByteCount(data) > 1024, error);

            // Byte mutations: most hit the CRC; re-signing the mutated segment reaches the field rules.
            var mutated = (byte[])frame.Clone();
            int at = random.Next(mutated.Length);
            mutated[at] = (byte)"#;=,&CPQN0129.-Nx\r\u00e9"[random.Next(19)];
            AssertSameAsPrevious(reader, mutated);
            AssertSameAsPrevious(reader, Resign(mutated));
            AssertSameAsPrevious(reader, frame[..random.Next(frame.Length)]);
        }
    }

    [Fact]
    public void The_table_crc_equals_the_bitwise_appendix_a_algorithm()
    {
        var random = new Random(1);
        for (int n = 0; n < 500; n++)
        {
            var data = new byte[random.Next(0, 1100)];
            random.NextBytes(data);
            int offset = random.Next(0, data.Length + 1);
            int count = random.Next(0, data.Length - offset + 1);
            Assert.Equal(PreviousHj212Parser.Crc(data.AsSpan(offset, count)), Hj212Crc.Compute(data, offset, count, out bool ascii));
            Assert.Equal(data.AsSpan(offset, count).IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0, ascii);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_word_and_block_crc_equals_the_bitwise_appendix_a_algorithm_on_packet_like_bytes(bool vectorBlocks)
    {
        // Mostly ASCII with separators, as real data segments are, so the 32-byte vector blocks (when this
        // processor has AVX2), the 8-byte word path, their ASCII tests and every tail length are all exercised.
        var random = new Random(2);
        const string Alphabet = "QN=;ST,CP&a21026-Avg.0123456789N";
        for (int n = 0; n < 5000; n++)
        {
            var data = new byte[random.Next(0, 1100)];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)Alphabet[random.Next(Alphabet.Length)];
            }

            if (data.Length > 0 && random.Next(4) == 0)
            {
                data[random.Next(data.Length)] = (byte)random.Next(0x80, 0x100);
            }

            int offset = random.Next(0, Math.Min(data.Length, 16) + 1);
            int count = random.Next(0, data.Length - offset + 1);
            var segment = data.AsSpan(offset, count);
            var separators = new ulong[(count + 63) / 64];
            Array.Fill(separators, ulong.MaxValue);

            Assert.Equal(PreviousHj212Parser.Crc(segment), Hj212Crc.Compute(data, offset, count, separators, vectorBlocks, out bool ascii));
            Assert.Equal(segment.IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0, ascii);
            Assert.Equal(PreviousHj212Parser.Crc(segment), Hj212Crc.Compute(data, offset, count));
            for (int i = 0; i < count; i++)
            {
                if (segment[i] is (byte)';' or (byte)',' or (byte)'=')
                {
                    Assert.True(IsMarked(separators, i), $"separator at {i} of {count} not marked");
                }
            }

            // Bits past the segment are never marked.
            for (int i = count; i < separators.Length * 64; i++)
            {
                Assert.False(IsMarked(separators, i), $"bit {i} past a segment of {count} bytes is marked");
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Few_bytes_other_than_separators_are_marked_in_a_minute_packet(bool vectorBlocks)
    {
        var frame = MinutePacket();
        var data = frame.AsSpan(6, frame.Length - 12).ToArray();
        var separators = new ulong[(data.Length + 63) / 64];
        Hj212Crc.Compute(data, 0, data.Length, separators, vectorBlocks, out _);
        int marked = 0;
        int real = 0;
        for (int i = 0; i < data.Length; i++)
        {
            marked += IsMarked(separators, i) ? 1 : 0;
            real += data[i] is (byte)';' or (byte)',' or (byte)'=' ? 1 : 0;
        }

        Assert.InRange(marked - real, 0, real / 10);
        if (vectorBlocks && Hj212Crc.VectorBlocks)
        {
            // The blocks mark exactly; only the word loop's last bytes may add a candidate or two.
            Assert.InRange(marked - real, 0, 2);
        }
    }

    [Fact]
    public void The_lowest_set_bit_is_found_the_same_way_on_the_device_and_on_dotnet()
    {
        var random = new Random(3);
        for (int k = 0; k < 64; k++)
        {
            ulong word = 1UL << k;
            Assert.Equal(k, LowestBit.ByDeBruijn(word));
            Assert.Equal(k, LowestBit.Index(word));
            for (int n = 0; n < 50; n++)
            {
                // Any higher bits leave the answer alone.
                ulong higher = k == 63 ? 0 : (ulong)random.NextInt64() << (k + 1);
                Assert.Equal(k, LowestBit.ByDeBruijn(word | higher));
                Assert.Equal(k, LowestBit.Index(word | higher));
            }
        }
    }

    private static bool IsMarked(ulong[] separators, int index) => (separators[index / 64] & (1UL << (index % 64))) != 0;

    [Theory]
    [InlineData("18.62", 1862L, 2)]
    [InlineData("-0.050", -50L, 3)]
    [InlineData("+7", 7L, 0)]
    [InlineData("5.", 5L, 0)]
    [InlineData(".5", 5L, 1)]
    [InlineData("0000000000000000000000012.5", 125L, 1)]
    [InlineData("999999999999999999", 999999999999999999L, 0)]
    public void Scaled_parsing_is_exact(string text, long units, int scale)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.True(AsciiNumber.TryParseScaled(bytes, 0, bytes.Length, out var u, out var s));
        Assert.Equal((units, scale), (u, s));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("1e5")]
    [InlineData("1.2.3")]
    [InlineData("1-2")]
    [InlineData("N")]
    [InlineData("1000000000000000000")]
    [InlineData("0.0000000000000000001")]
    public void Scaled_parsing_refuses_what_it_cannot_hold_exactly(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.False(AsciiNumber.TryParseScaled(bytes, 0, bytes.Length, out _, out _));
    }

    [Theory]
    [InlineData("5.", 5.0)]
    [InlineData(".5", 0.5)]
    [InlineData("-0.050", -0.05)]
    [InlineData("+7", 7.0)]
    [InlineData("0.000000000000001", 1e-15)]
    [InlineData("123456789012345", 123456789012345.0)]
    [InlineData("1234567890123456", 1234567890123456.0)]
    [InlineData("12345678901234.56789", 12345678901234.56789)]
    [InlineData("1.5e-3", 0.0015)]
    public void Numbers_at_the_edges_of_the_plain_path_parse_as_double_parse_does(string text, double expected)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.True(AsciiNumber.TryParse(bytes, 0, bytes.Length, out var value), text);
        Assert.Equal(expected, value);
        Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("1..2")]
    [InlineData("12a")]
    [InlineData("--1")]
    [InlineData("N")]
    public void Text_that_is_not_a_number_is_refused(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.False(AsciiNumber.TryParse(bytes, 0, bytes.Length, out _), text);
    }

    [Fact]
    public void Byte_number_parsing_gives_the_nearest_double_up_to_15_digits()
    {
        var random = new Random(7);
        for (int n = 0; n < 20000; n++)
        {
            long digits = random.NextInt64(0, 1_000_000_000_000_000);
            int decimals = random.Next(0, 16);
            string text = (random.Next(2) == 0 ? "-" : "") + (digits / (decimal)Math.Pow(10, decimals)).ToString(CultureInfo.InvariantCulture);
            var bytes = Encoding.ASCII.GetBytes(text);
            Assert.True(AsciiNumber.TryParse(bytes, 0, bytes.Length, out var value), text);
            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
            Assert.True(AsciiNumber.TryParse(text, out var viaString));
            Assert.Equal(value, viaString);
        }

        Assert.False(AsciiNumber.TryParse("1٢", out _));
        Assert.False(AsciiNumber.TryParse("\u0130", out _));
    }

    private static byte[] Resign(byte[] frame)
    {
        int end = frame.Length;
        while (end > 0 && frame[end - 1] is (byte)'\n' or (byte)'\r')
        {
            end--;
        }

        if (end < 10)
        {
            return frame;
        }

        var data = frame[6..(end - 4)];
        string crc = PreviousHj212Parser.Crc(data).ToString("X4");
        return Encoding.ASCII.GetBytes($"##{data.Length:D4}").Concat(data).Concat(Encoding.ASCII.GetBytes(crc + "\r\n")).ToArray();
    }

    private static string GeneratedDataSegment(Random random)
    {
        var header = new List<string>();
        if (random.Next(4) > 0)
        {
            header.Add("QN=2026112608" + random.Next(1000000, 9999999));
        }

        header.Add("ST=" + (random.Next(2) == 0 ? "31" : "91"));
        header.Add("CN=" + new[] { "2011", "2051", "2061", "2031", "9014" }[random.Next(5)]);
        header.Add("PW=" + random.Next(1000000));
        header.Add("MN=" + (random.Next(5) == 0 ? "设备" + random.Next(100) : "010000A89000" + random.Next(1000)));
        if (random.Next(4) > 0)
        {
            header.Add("Flag=" + new[] { 4, 5, 7 }[random.Next(3)]);
        }

        if (random.Next(6) == 0)
        {
            int total = random.Next(1, 20);
            header.Add("PNUM=" + total);
            header.Add("PNO=" + random.Next(1, total + 1));
        }

        if (random.Next(6) == 0)
        {
            header.Add("X" + random.Next(10) + "=v" + random.Next(10));
        }

        var groups = new List<string> { "DataTime=20261126" + random.Next(100000, 235959) };
        int pollutants = random.Next(0, 16);
        for (int p = 0; p < pollutants; p++)
        {
            string code = "a" + random.Next(10000, 99999);
            var items = new List<string>();
            foreach (var suffix in new[] { "Avg", "Min", "Max", "Rtd", "ZsAvg", "Cou" })
            {
                if (random.Next(3) > 0)
                {
                    items.Add($"{code}-{suffix}={Number(random)}");
                }
            }

            items.Add($"{code}-Flag={"NFMSDCTB"[random.Next(8)]}");
            if (random.Next(20) == 0)
            {
                items.Add(random.Next(2) == 0 ? "备注=一号机组" : "bare");
            }

            groups.Add(string.Join(",", items));
        }

        return string.Join(";", header) + ";CP=&&" + string.Join(";", groups) + "&&";
    }

    private static string Number(Random random)
    {
        decimal value = random.NextInt64(0, 100_000_000_000) / (decimal)Math.Pow(10, random.Next(0, 8));
        string text = value.ToString(CultureInfo.InvariantCulture);
        return random.Next(6) switch
        {
            0 => "-" + text,
            1 => text + "0",
            2 => random.Next(1000).ToString(CultureInfo.InvariantCulture),
            _ => text,
        };
    }
}
