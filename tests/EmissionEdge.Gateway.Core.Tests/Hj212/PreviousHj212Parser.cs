using System.Text;

namespace EmissionEdge.Gateway.Core.Tests.Hj212;

/// <summary>
/// The string-based HJ 212 parser (and the bit-by-bit Appendix A CRC) the codec had before <c>Hj212Reader</c> (commit 83f411f), rewritten with
/// .NET's own UTF-8 decoder and string methods: the reference the reader's results and rejection reasons are
/// compared with (plus the later 4-digit limit of PNUM and PNO, found by fuzzing).
/// </summary>
internal static class PreviousHj212Parser
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    internal sealed record Packet(string QN, string ST, string CN, string PW, string MN, int Flag, int PacketCount, int PacketNumber,
        string Cp, List<(string Name, string Value)> Extra, List<(int Group, string Key, string Value)> Items);

    public static bool TryParse(byte[] frame, out Packet? packet, out string error)
    {
        packet = null;
        int end = frame.Length;
        if (end > 0 && frame[end - 1] == '\n')
        {
            end--;
        }

        if (end > 0 && frame[end - 1] == '\r')
        {
            end--;
        }

        if (end < 2 || frame[0] != '#' || frame[1] != '#')
        {
            error = "does not start with ##";
            return false;
        }

        if (end < 10)
        {
            error = $"too short for ## + length + CRC ({end} bytes)";
            return false;
        }

        string lengthText = Printable(frame, 2, 4);
        int actual = end - 10;
        if (!lengthText.All(char.IsAsciiDigit))
        {
            error = $"length field '{lengthText}' is not 4 digits";
            return false;
        }

        if (int.Parse(lengthText) != actual)
        {
            error = $"length field says {lengthText} but the data segment has {actual} bytes";
            return false;
        }

        if (actual > 1024)
        {
            error = $"data segment of {actual} bytes exceeds 1024";
            return false;
        }

        string crcText = Printable(frame, 6 + actual, 4);
        if (!crcText.All(char.IsAsciiHexDigit))
        {
            error = $"CRC '{crcText}' is not 4 hex digits";
            return false;
        }

        ushort computed = Crc(frame.AsSpan(6, actual));
        if (Convert.ToUInt16(crcText, 16) != computed)
        {
            error = $"CRC mismatch: packet says {crcText}, data segment gives {computed:X4}";
            return false;
        }

        string data;
        try
        {
            data = StrictUtf8.GetString(frame, 6, actual);
        }
        catch (DecoderFallbackException)
        {
            error = "data segment is not valid UTF-8";
            return false;
        }

        return TryParseDataSegment(data, out packet, out error);
    }

    public static bool TryParseDataSegment(string data, out Packet? packet, out string error)
    {
        packet = null;
        error = string.Empty;
        int cpStart = data.IndexOf("CP=&&", StringComparison.Ordinal);
        if (cpStart < 0)
        {
            error = "no CP=&&…&& segment";
            return false;
        }

        if (data.Length < cpStart + 7 || !data.EndsWith("&&", StringComparison.Ordinal))
        {
            error = "CP segment does not end with &&";
            return false;
        }

        string cp = data.Substring(cpStart + 5, data.Length - cpStart - 7);
        string header = data[..cpStart];
        string qn = "", st = "", cn = "", pw = "", mn = "";
        int flag = -1, pnum = -1, pno = -1;
        var extra = new List<(string, string)>();
        int start = 0;
        while (start < header.Length)
        {
            int semicolon = header.IndexOf(';', start);
            if (semicolon < 0)
            {
                error = $"header field '{header[start..]}' is not followed by ';'";
                return false;
            }

            string field = header[start..semicolon];
            start = semicolon + 1;
            if (field.Length == 0)
            {
                continue;
            }

            int eq = field.IndexOf('=');
            if (eq <= 0)
            {
                error = $"header field '{field}' has no name=value";
                return false;
            }

            string name = field[..eq], value = field[(eq + 1)..];
            switch (name)
            {
                case "QN": qn = value; break;
                case "ST": st = value; break;
                case "CN": cn = value; break;
                case "PW": pw = value; break;
                case "MN": mn = value; break;
                case "Flag":
                    flag = Small(value);
                    if (flag < 0)
                    {
                        error = $"Flag '{value}' is not a number";
                        return false;
                    }

                    break;
                case "PNUM":
                    pnum = value.Length > 4 ? -1 : Small(value);
                    if (pnum <= 0)
                    {
                        error = $"PNUM '{value}' is not a positive number of at most 4 digits";
                        return false;
                    }

                    break;
                case "PNO":
                    pno = value.Length > 4 ? -1 : Small(value);
                    if (pno <= 0)
                    {
                        error = $"PNO '{value}' is not a positive number of at most 4 digits";
                        return false;
                    }

                    break;
                default:
                    extra.Add((name, value));
                    break;
            }
        }

        if (cn.Length == 0)
        {
            error = "CN (command code) is missing";
            return false;
        }

        if (mn.Length == 0)
        {
            error = "MN (device id) is missing";
            return false;
        }

        if ((pnum > 0) != (pno > 0))
        {
            error = "PNUM and PNO must be given together";
            return false;
        }

        if (pno > pnum)
        {
            error = $"PNO {pno} is above PNUM {pnum}";
            return false;
        }

        var items = new List<(int, string, string)>();
        var groups = cp.Split(';');
        for (int g = 0; g < groups.Length; g++)
        {
            foreach (var part in groups[g].Split(','))
            {
                if (part.Length == 0)
                {
                    continue;
                }

                int eq = part.IndexOf('=');
                items.Add(eq < 0 ? (g, part, "") : (g, part[..eq], part[(eq + 1)..]));
            }
        }

        packet = new Packet(qn, st, cn, pw, mn, flag, pnum, pno, cp, extra, items);
        return true;
    }

    /// <summary>The Appendix A CRC bit by bit.</summary>
    public static ushort Crc(ReadOnlySpan<byte> data)
    {
        uint reg = 0xFFFF;
        foreach (var b in data)
        {
            reg = (reg >> 8) ^ b;
            for (int i = 0; i < 8; i++)
            {
                reg = (reg & 1) == 1 ? (reg >> 1) ^ 0xA001 : reg >> 1;
            }
        }

        return (ushort)reg;
    }

    private static int Small(string text) =>
        text.Length is > 0 and <= 6 && text.All(char.IsAsciiDigit) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : -1;

    private static string Printable(byte[] bytes, int offset, int count) =>
        new(bytes.AsSpan(offset, count).ToArray().Select(b => b is >= 32 and < 127 ? (char)b : '?').ToArray());
}
