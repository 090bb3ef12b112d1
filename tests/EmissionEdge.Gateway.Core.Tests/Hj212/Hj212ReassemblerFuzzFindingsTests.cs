using EmissionEdge.Gateway.Core.Hj212;

namespace EmissionEdge.Gateway.Core.Tests.Hj212;

/// <summary>What `emissionedge fuzz --target hj212` found in split-packet reassembly.</summary>
public class Hj212ReassemblerFuzzFindingsTests
{
    [Fact]
    public void A_reassembled_message_keeps_the_unknown_header_fields_of_its_parts()
    {
        // Found input: a generated packet with the unknown header field XDsKq5Y9Rb0K=kyc and a CP of ~3 kB, split into 4 parts;
        // the joined packet came back without XDsKq5Y9Rb0K.
        var packet = new Hj212Packet { QN = "20261126080100000", ST = "32", CN = "3020", MN = "-uCvdvj_1A", Flag = 0 };
        packet.AddExtraField("XDsKq5Y9Rb0K", "kyc");
        packet.Cp = string.Join(';', Enumerable.Range(0, 120).Select(i => $"a21026-Rtd={i}.5,a21026-Flag=N"));
        var parts = Hj212Codec.Split(packet);
        Assert.True(parts.Length > 1);

        var reassembler = new Hj212Reassembler(4);
        Hj212Packet? joined = null;
        foreach (var part in parts)
        {
            Assert.True(Hj212Codec.TryParse(Hj212Codec.Build(part), 0, Hj212Codec.Build(part).Length, out var parsed, out var error), error);
            joined = reassembler.Add(parsed!);
        }

        Assert.NotNull(joined);
        Assert.Equal(1, joined!.ExtraFieldCount);
        Assert.Equal("XDsKq5Y9Rb0K", joined.ExtraFieldName(0));
        Assert.Equal("kyc", joined.ExtraFieldValue(0));
        Assert.Equal(packet.Cp, joined.Cp);
        Assert.Equal(0, joined.Flag);
    }

    [Theory]
    [InlineData("999999", "1", "PNUM '999999' is not a positive number of at most 4 digits")]
    [InlineData("2", "10000", "PNO '10000' is not a positive number of at most 4 digits")]
    public void PNUM_and_PNO_have_at_most_4_digits(string pnum, string pno, string error)
    {
        // Found input (hj212-seed1-input876063): a data segment resealed with PNUM=999999;PNO=2; the reassembler then held
        // an array of 999,999 parts (8 MB) for one packet, and the input took 2.3 s.
        var data = "QN=20261126080100000;ST=31;CN=2051;PW=123456;MN=GS01;Flag=7;PNUM=" + pnum + ";PNO=" + pno + ";CP=&&DataTime=20261126080100&&";

        Assert.False(Hj212Codec.TryParseDataSegment(data, out _, out var message));
        Assert.Equal(error, message);
        Assert.True(Hj212Codec.TryParseDataSegment(data.Replace("PNUM=" + pnum, "PNUM=9999", StringComparison.Ordinal).Replace("PNO=" + pno, "PNO=2", StringComparison.Ordinal), out var packet, out message), message);
        Assert.Equal(9999, packet!.PacketCount);
    }
}
