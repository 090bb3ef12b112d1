using System.Text;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Hj212;

namespace EmissionEdge.Gateway.Core.Tests.Hj212;

public sealed class Hj212Tests
{
    private const string StandardExample = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&";

    private static string Frame(string data, string? crc = null)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        crc ??= PreviousHj212Parser.Crc(bytes).ToString("X4");
        return $"##{bytes.Length:D4}{data}{crc}\r\n";
    }

    [Fact]
    public void The_standards_own_example_has_crc_1C80()
    {
        var data = Encoding.ASCII.GetBytes(StandardExample);
        Assert.Equal(0x1C80, Hj212Crc.Compute(data, 0, data.Length));
        Assert.True(Hj212Codec.TryParse("##0101" + StandardExample + "1C80\r\n", out var packet, out var error), error);
        Assert.Equal(("20160801085857223", "32", "1062", "100000", "010000A8900016F000169DC0", 5, "RtdInterval=30"),
            (packet!.QN, packet.ST, packet.CN, packet.PW, packet.MN, packet.Flag, packet.Cp));
        var bytes = Hj212Codec.Build(packet);
        Assert.Equal("##0101" + StandardExample + "1C80\r\n", Encoding.ASCII.GetString(bytes));
    }

    [Fact]
    public void The_typo_1C08_of_the_standards_prose_is_refused_as_a_crc_mismatch()
    {
        Assert.False(Hj212Codec.TryParse("##0101" + StandardExample + "1C08", out _, out var error));
        Assert.Equal("CRC mismatch: packet says 1C08, data segment gives 1C80", error);
    }

    [Fact]
    public void Lowercase_crc_and_a_missing_line_end_are_accepted()
    {
        Assert.True(Hj212Codec.TryParse("##0101" + StandardExample + "1c80", out _, out var error), error);
    }

    [Fact]
    public void A_utf8_packet_with_chinese_text_counts_bytes_not_characters()
    {
        var packet = new Hj212Packet { QN = "20261126080100000", ST = "31", CN = "2051", PW = "123456", MN = "GS01烟囱", Flag = 4, Cp = "DataTime=20261126080000;备注=一号机组脱硫" };
        var bytes = Hj212Codec.Build(packet);
        string data = Hj212Codec.DataSegment(packet);
        int utf8Length = Encoding.UTF8.GetByteCount(data);
        Assert.NotEqual(data.Length, utf8Length);
        Assert.Equal(Frame(data), Encoding.UTF8.GetString(bytes));
        Assert.True(Hj212Codec.TryParse(bytes, 0, bytes.Length, out var back, out var error), error);
        Assert.Equal(("GS01烟囱", "一号机组脱硫"), (back!.MN, back.CpItems()[1].Value));
    }

    [Fact]
    public void A_2005_style_packet_without_qn_and_flag_is_accepted()
    {
        Assert.True(Hj212Codec.TryParse(Frame("ST=32;CN=2011;PW=123456;MN=88888880000001;CP=&&DataTime=20040516021000;B01-Rtd=2.0&&"), out var p, out var error), error);
        Assert.Equal((string.Empty, -1, "2011"), (p!.QN, p.Flag, p.CN));
    }

    [Fact]
    public void Unknown_header_fields_are_kept()
    {
        Assert.True(Hj212Codec.TryParse(Frame("QN=1;ST=31;CN=2011;PW=1;MN=M;Flag=4;Extra=x;CP=&&&&"), out var p, out var error), error);
        Assert.Equal(("Extra", "x"), (p!.ExtraFieldName(0), p.ExtraFieldValue(0)));
    }

    [Theory]
    [InlineData("##0100QN=1;CP=&&&&0000", "length field says 0100 but the data segment has 12 bytes")]
    [InlineData("#0101QN=1", "does not start with ##")]
    [InlineData("##01x1QN=1;CP=&&&&0000", "length field '01x1' is not 4 digits")]
    public void Broken_framing_is_named(string line, string reason)
    {
        Assert.False(Hj212Codec.TryParse(line, out _, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void Missing_cp_or_mn_is_named()
    {
        Assert.False(Hj212Codec.TryParse(Frame("QN=1;ST=31;CN=2011;PW=1;MN=M;Flag=4;"), out _, out var e1));
        Assert.Equal("no CP=&&…&& segment", e1);
        Assert.False(Hj212Codec.TryParse(Frame("QN=1;ST=31;CN=2011;PW=1;Flag=4;CP=&&&&"), out _, out var e2));
        Assert.Equal("MN (device id) is missing", e2);
    }

    [Fact]
    public void A_long_message_is_split_with_pnum_pno_and_reassembled()
    {
        var cp = "DataTime=20261126080000;" + string.Join(";", Enumerable.Range(0, 80).Select(i => $"a{i:D5}-Rtd={i}.5,a{i:D5}-Flag=N"));
        var packet = new Hj212Packet { QN = "20261126080000001", ST = "31", CN = "2011", PW = "1", MN = "M1", Flag = 5, Cp = cp };
        var parts = Hj212Codec.Split(packet);
        Assert.True(parts.Length > 1);
        var reassembler = new Hj212Reassembler(4);
        Hj212Packet? joined = null;
        foreach (var part in parts.Reverse())
        {
            var bytes = Hj212Codec.Build(part);
            Assert.True(bytes.Length - 12 <= 1024);
            Assert.True(Hj212Codec.TryParse(bytes, 0, bytes.Length, out var parsed, out var error), error);
            Assert.Equal((7, parts.Length), (parsed!.Flag, parsed.PacketCount));
            Assert.Null(joined);
            joined = reassembler.Add(parsed);
        }

        Assert.NotNull(joined);
        Assert.Equal((cp, 5, 0), (joined!.Cp, joined.Flag, reassembler.Pending));
    }

    [Fact]
    public void Split_fills_each_part_close_to_1024_utf8_bytes_and_keeps_every_group_whole()
    {
        // Three-byte characters in every value: counting characters instead of bytes would overfill the parts.
        var cp = string.Join(";", Enumerable.Range(0, 300).Select(i => $"a{i:D5}-Info=状态{i}正常,a{i:D5}-Flag=N"));
        var packet = new Hj212Packet { QN = "20261126080000001", ST = "31", CN = "2011", PW = "1", MN = "设备1", Flag = 5, Cp = cp };

        var parts = Hj212Codec.Split(packet);

        Assert.Equal(cp, string.Join(";", parts.Select(p => p.Cp)));
        for (int i = 0; i < parts.Length; i++)
        {
            int length = Hj212Codec.Build(parts[i]).Length - 12;
            Assert.True(length <= 1024, $"part {i + 1}: {length} bytes");
            if (i < parts.Length - 1)
            {
                // Full up to the room a PNUM/PNO of three digits leaves, less than one ≈ 40-byte group.
                Assert.True(length > 1024 - 4 - 40, $"part {i + 1} of {parts.Length} holds only {length} bytes");
            }
        }
    }

    [Fact]
    public void The_stream_framer_cuts_packets_by_length_not_by_line_across_arbitrary_chunks()
    {
        var one = Encoding.ASCII.GetBytes("##0101" + StandardExample + "1C80\r\n");
        var chinese = Hj212Codec.Build(new Hj212Packet { QN = "2", ST = "31", CN = "2011", PW = "1", MN = "设备", Flag = 4, Cp = "a=1\r\nb=2" });
        var stream = new List<byte>();
        stream.AddRange("noise\r\n##xx"u8.ToArray());
        stream.AddRange(one);
        stream.AddRange(chinese[..^2]); // no CR LF after this one
        stream.AddRange(one);
        var framer = new Hj212StreamFramer(2048);
        var frames = new List<byte[]>();
        var data = stream.ToArray();
        for (int i = 0; i < data.Length; i += 7)
        {
            framer.Append(data, i, Math.Min(7, data.Length - i));
            while (framer.TryNextFrame(out var frame))
            {
                frames.Add(frame!);
            }
        }

        Assert.Equal(3, frames.Count);
        Assert.All(frames, f => Assert.True(Hj212Codec.TryParse(f, 0, f.Length, out _, out var error), error));
        Assert.True(Hj212Codec.TryParse(frames[1], 0, frames[1].Length, out var p, out _));
        Assert.Equal("a=1\r\nb=2", p!.Cp);
    }

    [Fact]
    public void A_minute_data_packet_carries_avg_min_max_flag_in_china_time()
    {
        var record = new MinuteRecord { Minute = MinuteClock.MinuteOf(new DateTime(2026, 11, 26, 16, 1, 0, DateTimeKind.Utc).Ticks) };
        record.Set(0, 18.62, 17.9, 19.41, 12, 'N');
        record.Set(9, 3_600_000, 3_596_400, 3_603_600, 12, 'N');
        record.SetWithoutValue(4, 'D');
        var packet = Hj212Messages.Data(Hj212Messages.MinuteData, record, "20261127000100000", "123456", "GS01", true);
        Assert.Equal("DataTime=20261127000100;a21026-Avg=18.62,a21026-Min=17.9,a21026-Max=19.41,a21026-Flag=N;a34013-Flag=D;a00000-Avg=1000,a00000-Min=999,a00000-Max=1001,a00000-Flag=N", packet.Cp);
        Assert.Equal(("31", "2051", 5), (packet.ST, packet.CN, packet.Flag));
        Assert.True(Hj212Codec.TryParse(Hj212Codec.BuildText(packet), out _, out var error), error);
    }

    [Fact]
    public void Answers_9011_and_9014_echo_the_request()
    {
        Assert.True(Hj212Codec.TryParse("##0101" + StandardExample + "1C80", out var request, out _));
        var answer = Hj212Messages.RequestAnswerFor(request!, 1);
        Assert.Equal("QN=20160801085857223;ST=91;CN=9011;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&QnRtn=1&&", Hj212Codec.DataSegment(answer));
        Assert.Equal("QN=20160801085857223;ST=91;CN=9014;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&", Hj212Codec.DataSegment(Hj212Messages.DataAnswerFor(request!)));
    }
}
