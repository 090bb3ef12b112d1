using System.Globalization;
using System.Text;

namespace EmissionEdge.Cli.Bench;

/// <summary>
/// Telemetry v1 bodies as a gateway sends them (<c>telemetry.md</c>): one record, or a <c>{"batch":[…]}</c> of records,
/// with the four channels of the contract's example (SO2, NOx, Dust, O2; flag N, 12 samples).
/// </summary>
internal static class BenchTelemetry
{
    /// <summary>Pollutants of a record (SO2, NOx, Dust): each of a silent unit's has its own data-gap alert.</summary>
    public const int Pollutants = 3;

    /// <summary>One record.</summary>
    public static string Record(string device, string unit, long seq, DateTime minuteUtc, double so2)
    {
        static string Channel(double value) =>
            string.Create(CultureInfo.InvariantCulture, $"{{\"avg\":{value},\"min\":{value * 0.96:0.##},\"max\":{value * 1.04:0.##},\"n\":12,\"flag\":\"N\"}}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"schema\":\"emissionedge.minute/1\",\"device\":\"{device}\",\"unit\":\"{unit}\",\"seq\":{seq},\"minute\":\"{minuteUtc:yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"channels\":{{\"SO2\":{Channel(so2)},\"NOx\":{Channel(32.4)},\"Dust\":{Channel(2.15)},\"O2\":{Channel(6.0)}}}}}");
    }

    /// <summary>
    /// The body of records <paramref name="firstSeq"/>…<paramref name="firstSeq"/>+<paramref name="count"/>−1, the record
    /// with seq s being the minute <paramref name="firstMinuteUtc"/> + (s − <paramref name="firstSeq"/>) minutes: a single
    /// record when <paramref name="count"/> is 1, else a batch.
    /// </summary>
    public static byte[] Body(string device, string unit, long firstSeq, int count, DateTime firstMinuteUtc, double so2)
    {
        if (count == 1)
        {
            return Encoding.UTF8.GetBytes(Record(device, unit, firstSeq, firstMinuteUtc, so2));
        }

        var body = new StringBuilder("{\"batch\":[");
        for (var i = 0; i < count; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(Record(device, unit, firstSeq + i, firstMinuteUtc.AddMinutes(i), so2));
        }

        return Encoding.UTF8.GetBytes(body.Append("]}").ToString());
    }
}
