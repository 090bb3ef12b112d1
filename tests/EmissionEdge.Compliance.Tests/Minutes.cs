using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Compliance.Tests;

/// <summary>Small builders for minute records in tests.</summary>
internal static class Minutes
{
    public const string Unit = "U1";

    /// <summary>2026-03-15 09:00 China time = 01:00 UTC.</summary>
    public static readonly DateTime Hour = new(2026, 3, 15, 1, 0, 0, DateTimeKind.Utc);

    public static ChannelReading V(double value, DataFlag flag = DataFlag.N) => ChannelReading.FromValue(value, flag);

    public static ChannelReading NoValue(DataFlag flag) => ChannelReading.WithoutValue(flag);

    /// <summary>A record at minute <paramref name="minute"/> of <paramref name="hour"/> (default <see cref="Hour"/>).</summary>
    public static MinuteRecord At(int minute, DateTime? hour = null, string unit = Unit) =>
        new(unit, (hour ?? Hour).AddMinutes(minute));

    /// <summary>SO2, NOx, Dust and O2 all N.</summary>
    public static MinuteRecord Gas(int minute, double so2, double o2, double nox = 30, double dust = 3, DateTime? hour = null, string unit = Unit) =>
        new(unit, (hour ?? Hour).AddMinutes(minute))
        {
            [Channel.SO2] = V(so2),
            [Channel.NOx] = V(nox),
            [Channel.Dust] = V(dust),
            [Channel.O2] = V(o2),
        };

    /// <summary>A full hour of identical gas minutes.</summary>
    public static List<MinuteRecord> GasHour(double so2, double o2, DateTime? hour = null, string unit = Unit, double nox = 30, double dust = 3) =>
        Enumerable.Range(0, 60).Select(m => Gas(m, so2, o2, nox, dust, hour, unit)).ToList();
}
