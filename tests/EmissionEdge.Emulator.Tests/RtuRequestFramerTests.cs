using EmissionEdge.Emulator.Modbus;

namespace EmissionEdge.Emulator.Tests;

public sealed class RtuRequestFramerTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    [Fact]
    public void Cuts_back_to_back_requests_by_their_function_code_length()
    {
        var framer = new RtuRequestFramer();
        var bytes = Hex("01 04 03 E8 00 02 F1 BB 01 02 04 00 00 03 39 3B");
        var frames = framer.Feed(bytes, 0, bytes.Length);
        Assert.Equal(2, frames.Count);
        Assert.Equal(Hex("01 04 03 E8 00 02"), frames[0]);
        Assert.Equal(Hex("01 02 04 00 00 03"), frames[1]);
    }

    [Fact]
    public void Joins_a_request_that_arrives_in_pieces()
    {
        var framer = new RtuRequestFramer();
        var bytes = Hex("01 04 03 E8 00 02 F1 BB");
        Assert.Empty(framer.Feed(bytes, 0, 3));
        Assert.True(framer.HasPartialFrame);
        Assert.Single(framer.Feed(bytes, 3, 5));
    }

    [Fact]
    public void Write_multiple_registers_length_comes_from_its_byte_count()
    {
        // FC16 to unit 1, register 1, two registers 0x000A 0x0102 (the Modbus spec example); CRC bytes 92 30 worked out independently.
        var bytes = Hex("01 10 00 01 00 02 04 00 0A 01 02 92 30");
        var frames = new RtuRequestFramer().Feed(bytes, 0, bytes.Length);
        Assert.Single(frames);
        Assert.Equal(11, frames[0].Length);
    }

    [Fact]
    public void Noise_and_cut_off_requests_are_dropped_at_the_next_silence()
    {
        var framer = new RtuRequestFramer();
        var noise = Hex("01 04 03");
        framer.Feed(noise, 0, noise.Length);
        Assert.Null(framer.Silence());
        Assert.Equal(1, framer.Discarded);
        var good = Hex("01 04 03 E8 00 02 F1 BB");
        Assert.Single(framer.Feed(good, 0, good.Length));
    }

    [Fact]
    public void A_request_of_unknown_length_ends_at_silence_and_is_kept_when_its_crc_is_right()
    {
        var framer = new RtuRequestFramer();
        var bytes = Hex("01 11 C0 2C"); // FC17 report server id; CRC 0x2CC0
        Assert.Empty(framer.Feed(bytes, 0, bytes.Length));
        Assert.Equal(Hex("01 11"), framer.Silence());
    }
}
