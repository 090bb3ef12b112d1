namespace EmissionEdge.Hil.Tests.Rig;

/// <summary>Assertions on received minute records, with the precision of the telemetry path (README "Journal layout").</summary>
internal static class Expect
{
    /// <summary>A channel with a value: avg to 7 significant digits (f32 in the journal, 7 digits on the wire); min/max within f24's 1 part in 65 536.</summary>
    public static void Value(TelemetryRecord record, string channel, double average, int n, char flag, double? minimum = null, double? maximum = null)
    {
        var c = record[channel];
        string where = $"{channel} of minute {record.MinuteUtc:HH:mm} (seq {record.Seq})";
        Assert.True(c.Flag == flag, $"{where}: flag {c.Flag}, expected {flag}");
        Assert.True(c.N == n, $"{where}: n {c.N}, expected {n}");
        Assert.True(c.Avg is { } a && Close(a, average, 1e-6), $"{where}: avg {c.Avg}, expected {average}");
        Assert.True(c.Min is { } lo && Close(lo, minimum ?? average, 2e-5), $"{where}: min {c.Min}, expected {minimum ?? average}");
        Assert.True(c.Max is { } hi && Close(hi, maximum ?? average, 2e-5), $"{where}: max {c.Max}, expected {maximum ?? average}");
    }

    /// <summary>A channel without a value: no avg/min/max (nothing invented), n 0 and the flag that says why.</summary>
    public static void NoValue(TelemetryRecord record, string channel, char flag)
    {
        var c = record[channel];
        string where = $"{channel} of minute {record.MinuteUtc:HH:mm} (seq {record.Seq})";
        Assert.True(c.Flag == flag, $"{where}: flag {c.Flag}, expected {flag}");
        Assert.True(c.N == 0 && c.Avg is null && c.Min is null && c.Max is null, $"{where}: expected no value, got n {c.N} avg {c.Avg}");
    }

    /// <summary>One record per minute from the first, sequence numbers consecutive, every record signed (mac on).</summary>
    public static void Consecutive(IReadOnlyList<TelemetryRecord> records, DateTimeOffset start, int minutes)
    {
        Assert.Equal(minutes, records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            Assert.Equal(start.UtcDateTime.AddMinutes(i), records[i].MinuteUtc);
            Assert.Equal(records[0].Seq + i, records[i].Seq);
            Assert.False(string.IsNullOrEmpty(records[i].Mac), $"seq {records[i].Seq} has no mac");
        }
    }

    private static bool Close(double actual, double expected, double relative) =>
        Math.Abs(actual - expected) <= Math.Max(Math.Abs(expected) * relative, 1e-9);
}
