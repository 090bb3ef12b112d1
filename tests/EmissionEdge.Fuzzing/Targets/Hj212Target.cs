using System.Globalization;
using System.Text;
using CsCheck;
using EmissionEdge.Fuzzing.Mutation;
using EmissionEdge.Fuzzing.Running;
using EmissionEdge.Gateway.Core.Hj212;

namespace EmissionEdge.Fuzzing.Targets;

/// <summary>
/// HJ 212-2017 packets and TCP streams: <see cref="Hj212Codec.TryParse(byte[], int, int, out Hj212Packet, out string)"/>
/// on the input as one packet, and <see cref="Hj212StreamFramer"/> → codec → <see cref="Hj212Reassembler"/> on the input as
/// a stream cut into reads of varying size. Valid inputs are packets built by <see cref="Hj212Codec.Build"/> (split with
/// <see cref="Hj212Codec.Split"/> when their data segment is over 1024 bytes); they must parse and reassemble to the same
/// fields. Mutations: raw bytes (mostly caught by the CRC), data segments mutated and resealed with a correct length and
/// CRC (so the field parser is reached), header fields given boundary values or repeated, and streams of several
/// packets with noise, lost, repeated and reordered parts.
/// </summary>
public sealed class Hj212Target : FuzzTarget
{
    private static readonly string[] Commands = ["2011", "2051", "2061", "2031", "9011", "9014", "1000", "3020"];
    private static readonly string[] Codes = ["a21026", "a21002", "a21003", "a21004", "a34013", "a19001", "a01014", "a01012", "a01013", "a00000"];
    private static readonly string[] HeaderNames = ["QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO"];
    private static readonly string[] HeaderValues =
        ["", "0", "-1", "1", "2", "7", "9999", "10000", "999999", "1000000", "x", "1a", "٣", "中文", "=", "&&", "CP=&&"];

    private static readonly Gen<string> Digits17 = Gen.Char['0', '9'].Array[17].Select(c => new string(c));
    private static readonly Gen<string> Ascii = Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"].Array[1, 24].Select(c => new string(c));
    private static readonly Gen<string> NonAscii = Gen.Char["中文测试éñ设备-0123"].Array[1, 12].Select(c => new string(c));

    private static readonly Gen<string> CpGroup = Gen.Select(Gen.OneOf(Codes), Gen.Double[-1e6, 1e6], Gen.Char["NFMSDCTB"], Gen.Int[0, 4],
        (code, value, flag, kind) => kind switch
        {
            0 => $"{code}-Rtd={value.ToString("0.####", CultureInfo.InvariantCulture)},{code}-Flag={flag}",
            1 => $"{code}-Avg={value.ToString("R", CultureInfo.InvariantCulture)},{code}-Min=0,{code}-Max=1e3,{code}-Flag={flag}",
            2 => $"{code}-Flag={flag}",
            3 => "DataTime=20261126080100",
            _ => "QnRtn=1",
        });

    private static readonly Gen<Hj212Packet> Packets = Gen.Select(
        Gen.Frequency((4, Digits17), (1, Gen.Const(string.Empty))),
        Gen.OneOf("31", "91", "32", "21"),
        Gen.Frequency((6, Gen.OneOf(Commands)), (1, Gen.Char['0', '9'].Array[1, 6].Select(c => new string(c)))),
        Gen.Frequency((3, Ascii), (1, Gen.Const(string.Empty))),
        Gen.Frequency((5, Ascii), (1, NonAscii)),
        Gen.Frequency((1, Gen.Const(-1)), (4, Gen.Int[0, 9])),
        Gen.Select(Ascii, Ascii).Array[0, 2],
        Gen.Frequency((6, CpGroup.Array[0, 8]), (1, CpGroup.Array[40, 120])),
        (qn, st, cn, pw, mn, flag, extras, groups) =>
        {
            var packet = new Hj212Packet { QN = qn, ST = st, CN = cn, PW = pw, MN = mn, Flag = flag, Cp = string.Join(';', groups) };
            foreach (var (name, value) in extras)
            {
                if (!HeaderNames.Contains("X" + name))
                {
                    packet.AddExtraField("X" + name, value);
                }
            }

            return packet;
        });

    private static readonly Gen<FuzzCase> Valid = Packets.Select(packet =>
    {
        var parts = Hj212Codec.Split(packet);
        var stream = parts.SelectMany(Hj212Codec.Build).ToArray();
        return new FuzzCase(stream, parts.Length == 1 ? "valid" : $"valid, split into {parts.Length}", packet);
    });

    /// <inheritdoc />
    public override string Name => "hj212";

    /// <inheritdoc />
    public override string Description => "HJ 212-2017 codec, stream framer and split-packet reassembler";

    /// <inheritdoc />
    public override Gen<FuzzCase> Cases { get; } = new PcgGen<FuzzCase>(pcg =>
    {
        var sample = Valid.Generate(pcg, null, out _);
        return pcg.Next(10) switch
        {
            0 or 1 => sample,
            2 or 3 or 4 => MutatedCases.Bytes(pcg, Valid, sample),
            5 or 6 or 7 => Resealed(pcg, sample),
            _ => Stream(pcg, sample),
        };
    });

    /// <inheritdoc />
    public override FuzzOutcome Execute(FuzzCase input)
    {
        var bytes = input.Bytes;
        var direct = Hj212Codec.TryParse(bytes, 0, bytes.Length, out var single, out var directError);
        if (direct)
        {
            // What parses alone must parse back to the same text.
            var again = Hj212Codec.DataSegment(single!);
            FuzzPropertyException.Check(Hj212Codec.TryParseDataSegment(again, out var reparsed, out var error) && Same(single!, reparsed!, true),
                () => $"a parsed packet does not survive DataSegment → TryParseDataSegment: {error}");
        }
        else
        {
            FuzzPropertyException.Check(directError.Length > 0, () => "TryParse returned false with an empty error");
        }

        // The same bytes as a TCP stream, in reads of 1–64 bytes.
        var framer = new Hj212StreamFramer(2048);
        var reassembler = new Hj212Reassembler(4);
        var messages = new List<Hj212Packet>();
        string? firstError = null;
        var step = 1 + (bytes.Length % 64);
        for (var offset = 0; offset < bytes.Length; offset += step)
        {
            framer.Append(bytes, offset, Math.Min(step, bytes.Length - offset));
            while (framer.TryNextFrame(out var frame))
            {
                if (Hj212Codec.TryParse(frame!, 0, frame!.Length, out var packet, out var error))
                {
                    if (reassembler.Add(packet!) is { } message)
                    {
                        messages.Add(message);
                    }
                }
                else
                {
                    FuzzPropertyException.Check(error.Length > 0, () => "TryParse of a framed packet returned false with an empty error");
                    firstError ??= error;
                }
            }
        }

        if (input.Expected is Hj212Packet expected)
        {
            FuzzPropertyException.Check(messages.Count == 1, () => $"a valid stream gave {messages.Count} messages (first error: {firstError})");
            var joined = messages[0];
            var split = Hj212Codec.Split(expected).Length > 1;
            FuzzPropertyException.Check(split ? SameAfterSplit(expected, joined) : Same(expected, joined, true),
                () => $"the packet came back different: sent {Hj212Codec.DataSegment(expected)} got {Hj212Codec.DataSegment(joined)}");
        }

        if (direct)
        {
            FuzzPropertyException.Check(messages.Count > 0 || single!.IsSplit, () => "a packet that parses alone was not found in the same bytes as a stream");
        }

        var accepted = direct || (messages.Count > 0 && firstError is null);
        return Verdict(input, directError.Length > 0 && !accepted ? directError : firstError ?? directError, accepted);
    }

    /// <summary>Same header fields, unknown fields and CP.</summary>
    private static bool Same(Hj212Packet a, Hj212Packet b, bool compareExtras)
    {
        if (a.QN != b.QN || a.ST != b.ST || a.CN != b.CN || a.PW != b.PW || a.MN != b.MN || a.Flag != b.Flag || a.Cp != b.Cp)
        {
            return false;
        }

        if (!compareExtras)
        {
            return true;
        }

        if (a.ExtraFieldCount != b.ExtraFieldCount)
        {
            return false;
        }

        for (var i = 0; i < a.ExtraFieldCount; i++)
        {
            if (a.ExtraFieldName(i) != b.ExtraFieldName(i) || a.ExtraFieldValue(i) != b.ExtraFieldValue(i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A split message comes back with the split bit of Flag cleared (and Flag 4 when the original had none).</summary>
    private static bool SameAfterSplit(Hj212Packet sent, Hj212Packet joined)
    {
        var copy = new Hj212Packet { QN = sent.QN, ST = sent.ST, CN = sent.CN, PW = sent.PW, MN = sent.MN, Flag = sent.Flag < 0 ? 4 : sent.Flag & ~2, Cp = sent.Cp };
        for (var i = 0; i < sent.ExtraFieldCount; i++)
        {
            copy.AddExtraField(sent.ExtraFieldName(i), sent.ExtraFieldValue(i));
        }

        return Same(copy, joined, true);
    }

    /// <summary>The data segment of the first packet mutated, then framed again with a correct length and CRC.</summary>
    private static FuzzCase Resealed(PCG pcg, FuzzCase sample)
    {
        var packet = (Hj212Packet)sample.Expected!;
        var data = Hj212Codec.DataSegment(Hj212Codec.Split(packet)[0]);
        string description;
        switch (pcg.Next(4))
        {
            case 0:
                var bytes = ByteMutations.Mutate(pcg, Encoding.UTF8.GetBytes(data), Encoding.UTF8.GetBytes(data), out description);
                return new FuzzCase(Seal(bytes), "resealed bytes: " + description);
            case 1:
                // A header field set to a boundary value, in place or added again.
                var name = HeaderNames[pcg.Next((uint)HeaderNames.Length)];
                var value = HeaderValues[pcg.Next((uint)HeaderValues.Length)];
                var field = name + "=" + value + ";";
                data = pcg.Next(2) == 0 ? field + data : data.Insert(data.IndexOf("CP=&&", StringComparison.Ordinal), field);
                description = $"header {name}={value}";
                break;
            case 2:
                // A header field removed, or the CP markers broken.
                var cut = pcg.Next(4) switch
                {
                    0 => RemoveField(data, "CN"),
                    1 => RemoveField(data, "MN"),
                    2 => data[..^2],
                    _ => data.Replace("CP=&&", "CP=&", StringComparison.Ordinal),
                };
                description = "header/CP cut";
                data = cut;
                break;
            default:
                // PNUM/PNO pairs at and past their bounds.
                var pnum = HeaderValues[pcg.Next((uint)HeaderValues.Length)];
                var pno = HeaderValues[pcg.Next((uint)HeaderValues.Length)];
                data = data.Insert(data.IndexOf("CP=&&", StringComparison.Ordinal), $"PNUM={pnum};PNO={pno};");
                description = $"PNUM={pnum} PNO={pno}";
                break;
        }

        return new FuzzCase(Seal(Encoding.UTF8.GetBytes(data)), "resealed " + description);
    }

    private static string RemoveField(string data, string name)
    {
        var at = data.StartsWith(name + "=", StringComparison.Ordinal) ? 0 : data.IndexOf(";" + name + "=", StringComparison.Ordinal) + 1;
        if (at < 0 || (at == 0 && !data.StartsWith(name + "=", StringComparison.Ordinal)))
        {
            return data;
        }

        var end = data.IndexOf(';', at);
        return end < 0 ? data : data.Remove(at, end - at + 1);
    }

    /// <summary>Several packets (parts of split ones lost, repeated, reordered) with noise between them.</summary>
    private static FuzzCase Stream(PCG pcg, FuzzCase sample)
    {
        var parts = Hj212Codec.Split((Hj212Packet)sample.Expected!).Select(Hj212Codec.Build).ToList();
        var stream = new List<byte>();
        var count = 1 + (int)pcg.Next(6);
        for (var i = 0; i < count; i++)
        {
            if (pcg.Next(3) == 0)
            {
                stream.AddRange(pcg.Next(2) == 0 ? "#"u8.ToArray() : [(byte)pcg.Next(256), (byte)'#', (byte)'#', (byte)'9']);
            }

            stream.AddRange(parts[(int)pcg.Next((uint)parts.Count)]);
        }

        return new FuzzCase([.. stream], $"stream of {count} packets/parts with noise");
    }

    /// <summary>Frames a data segment: <c>##</c>, length (its last 4 digits when longer), data, CRC, CR LF.</summary>
    private static byte[] Seal(byte[] data)
    {
        var frame = new byte[data.Length + 12];
        frame[0] = (byte)'#';
        frame[1] = (byte)'#';
        Encoding.ASCII.GetBytes((data.Length % 10000).ToString("D4", CultureInfo.InvariantCulture), frame.AsSpan(2));
        data.CopyTo(frame, 6);
        Encoding.ASCII.GetBytes(Hj212Crc.Compute(data, 0, data.Length).ToString("X4", CultureInfo.InvariantCulture), frame.AsSpan(6 + data.Length));
        frame[^2] = (byte)'\r';
        frame[^1] = (byte)'\n';
        return frame;
    }
}
