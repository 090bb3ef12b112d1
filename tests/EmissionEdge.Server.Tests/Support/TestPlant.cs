using System.Globalization;
using System.Text;
using EmissionEdge.Compliance.Time;
using EmissionEdge.Server.Configuration;

namespace EmissionEdge.Server.Tests.Support;

/// <summary>A two-unit plant configuration on free ports in a fresh data directory, and telemetry for it.</summary>
internal static class TestPlant
{
    public const string HubHost = "emissionedge.test";
    public const string OperatorKey = "operator-key-0123456789";
    public const string RegulatorU1Key = "regulator-u1-key-0123456789";
    public const string RegulatorU2Key = "regulator-u2-key-0123456789";

    /// <summary>Device keys (base64 of 32 bytes).</summary>
    public static readonly string KeyU1 = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    public static readonly string KeyU2 = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    public static string Json(string dataDirectory, bool plainPort = false, string regulators = """[ { "name": "Provincial EPB", "units": ["U1", "U2"] } ]""") => $$"""
        {
          "plant": "TEST",
          "dataDirectory": "{{dataDirectory.Replace("\\", "\\\\", StringComparison.Ordinal)}}",
          "http": { "url": "http://127.0.0.1:0" },
          "mqtt": { "hubHost": "{{HubHost}}", "tlsPort": 0, {{(plainPort ? "\"plainPort\": 0," : "")}} "bindAddress": "127.0.0.1" },
          "units": [
            { "id": "U1", "class": "existing", "o2Reference": 6, "coalLhvKjPerKg": 20900 },
            { "id": "U2", "class": "new", "o2Reference": 6 }
          ],
          "gateways": [
            { "id": "gw-u1", "unit": "U1", "key": "{{KeyU1}}" },
            { "id": "gw-u2", "unit": "U2", "key": "{{KeyU2}}" }
          ],
          "regulators": {{regulators}},
          "apiKeys": [
            { "key": "{{OperatorKey}}", "role": "operator", "units": ["U1", "U2"], "name": "Plant operator" },
            { "key": "{{RegulatorU1Key}}", "role": "regulator", "units": ["U1"], "name": "EPB U1" },
            { "key": "{{RegulatorU2Key}}", "role": "regulator", "units": ["U2"], "name": "EPB U2" }
          ],
          "ingest": { "closeHoursEverySeconds": 1 }
        }
        """;

    public static PlantConfig Config(string dataDirectory, bool plainPort = false) => Config(Json(dataDirectory, plainPort), dataDirectory);

    public static PlantConfig Config(string json, string dataDirectory)
    {
        var config = PlantConfigFile.Parse("plant.json", Encoding.UTF8.GetBytes(json), dataDirectory, out var problems);
        Assert.True(config is not null, string.Join("\n", problems));
        return config!;
    }

    /// <summary>One telemetry v1 record with SO2 and O2 (flag N, n = 12).</summary>
    public static string Record(string device, string unit, long seq, DateTime minuteUtc, double so2, double o2 = 6.0)
    {
        static string Channel(double value) => string.Create(CultureInfo.InvariantCulture, $"{{\"avg\":{value},\"min\":{value},\"max\":{value},\"n\":12,\"flag\":\"N\"}}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"schema\":\"emissionedge.minute/1\",\"device\":\"{device}\",\"unit\":\"{unit}\",\"seq\":{seq},\"minute\":\"{minuteUtc:yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"channels\":{{\"SO2\":{Channel(so2)},\"O2\":{Channel(o2)}}}}}");
    }

    /// <summary>A batch of the 60 minutes of the China hour starting at <paramref name="hourStartUtc"/>.</summary>
    public static string Hour(string device, string unit, long firstSeq, DateTime hourStartUtc, double so2) =>
        "{\"batch\":[" + string.Join(",", Enumerable.Range(0, 60).Select(i => Record(device, unit, firstSeq + i, hourStartUtc.AddMinutes(i), so2))) + "]}";

    /// <summary>The China hour that started <paramref name="hoursAgo"/> hours before the current one.</summary>
    public static DateTime HoursAgo(int hoursAgo) => ChinaTime.HourStartUtc(DateTime.UtcNow).AddHours(-hoursAgo);
}
