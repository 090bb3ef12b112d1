using System.Globalization;
using System.Text;
using EmissionEdge.Ingest.Integrity;

namespace EmissionEdge.Ingest.Tests.Support;

/// <summary>Builds telemetry v1 JSON the way telemetry.md shows it, optionally with a mac chain.</summary>
internal static class Telemetry
{
    public static readonly DateTime Hour = new(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A record with SO2, NOx, Dust and O2 (all flag N, n = 12).</summary>
    public static string Record(string device, string unit, long seq, DateTime minute, double so2 = 18.62, double o2 = 6.0, string? mac = null)
    {
        var c = CultureInfo.InvariantCulture;
        var json = string.Create(c,
            $$$"""{"schema":"emissionedge.minute/1","device":"{{{device}}}","unit":"{{{unit}}}","seq":{{{seq}}},"minute":"{{{minute:yyyy-MM-dd'T'HH:mm:ss'Z'}}}","channels":{"SO2":{"avg":{{{so2}}},"min":{{{so2 - 0.5}}},"max":{{{so2 + 0.5}}},"n":12,"flag":"N"},"NOx":{"avg":32.4,"min":30.02,"max":35.1,"n":12,"flag":"N"},"Dust":{"avg":2.15,"min":2.01,"max":2.3,"n":12,"flag":"N"},"O2":{"avg":{{{o2}}},"min":{{{o2}}},"max":{{{o2}}},"n":12,"flag":"N"}}""");
        return mac is null ? json + "}" : json + $",\"mac\":\"{mac}\"}}";
    }

    /// <summary>Signs a record (built without mac) as the next link of a chain; returns the record with its mac and the new mac.</summary>
    public static (string Json, byte[] Mac) Signed(string unsigned, byte[] key, byte[] previousMac)
    {
        var mac = MacChain.Compute(key, previousMac, Encoding.UTF8.GetBytes(unsigned));
        return (unsigned[..^1] + $",\"mac\":\"{Convert.ToBase64String(mac)}\"}}", mac);
    }

    public static string Batch(IEnumerable<string> records) => "{\"batch\":[" + string.Join(",", records) + "]}";

    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);
}
