using System.Globalization;
using System.Text;
using EmissionEdge.Demo;
using EmissionEdge.Emulator.Scenarios;

namespace EmissionEdge.Soak;

/// <summary>One unit of the soak plant: its gateway, key and scenario.</summary>
/// <param name="Unit">Unit id (<c>SK-01</c>).</param>
/// <param name="Gateway">Gateway (device) id (<c>gw-sk01</c>).</param>
/// <param name="Key">The device key, base64.</param>
/// <param name="Scenario">What its analyzer does.</param>
public sealed record SoakUnit(string Unit, string Gateway, string Key, Scenario Scenario);

/// <summary>
/// The soak plant: <c>n</c> units, each with a MARSIC300 gas analyzer (SO2, NOx, O2 over Modbus RTU) and a 4–20 mA dust
/// monitor. Every fifth unit (SK-01, SK-06, …) exceeds its SO2 limit from 1:00 to 3:00 and from 13:00 to 14:00 of the
/// run (48 mg/m3 at 7 % O2: 51.4 corrected to 6 %, limit 35), so hour results and alerts exist; every fifth from the
/// third (SK-03, SK-08, …) has an analyzer fault from 0:30 to 1:50 (80 minutes flagged D: two invalid hours); every fifth
/// from the fifth calibrates from 2:05 to 2:40. The others run clean. Keys are derived from the seed.
/// </summary>
public static class SoakPlant
{
    /// <summary>The plant id.</summary>
    public const string Plant = "SOAK";

    /// <summary>The hub host the gateways believe they talk to.</summary>
    public const string HubHost = "emissionedge.soak";

    /// <summary>The webhook secret of the soak regulator.</summary>
    public const string WebhookSecret = "soak-regulator-webhook-secret-0123456789";

    /// <summary>The regulator's name (its outbox destination is <c>webhook:</c> + this).</summary>
    public const string Regulator = "Soak EPB";

    /// <summary>The units of a run.</summary>
    /// <param name="count">Number of units.</param>
    /// <param name="start">The simulated start (scenario time zero).</param>
    /// <param name="seed">Seed of keys and noise.</param>
    /// <returns>The units.</returns>
    public static IReadOnlyList<SoakUnit> Units(int count, DateTimeOffset start, int seed)
    {
        var width = count < 100 ? 2 : 3;
        var units = new List<SoakUnit>(count);
        for (var i = 0; i < count; i++)
        {
            var number = (i + 1).ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            var key = new byte[32];
            new Random(HashCode.Combine(seed, i)).NextBytes(key);
            units.Add(new SoakUnit($"SK-{number}", $"gw-sk{number}", Convert.ToBase64String(key), ScenarioOf(i, start, seed)));
        }

        return units;
    }

    private static Scenario ScenarioOf(int index, DateTimeOffset start, int seed)
    {
        static ChannelProfile Constant(string channel, double value, double noise) =>
            new(channel, [new ProfilePoint(TimeSpan.Zero, value)], ProfileShape.Step, noise);

        var so2 = Constant("SO2", 20, 1.0);
        var events = new List<ScenarioEvent>();
        string description;
        switch (index % 5)
        {
            case 0:
                so2 = new ChannelProfile("SO2",
                [
                    new ProfilePoint(TimeSpan.Zero, 20), new ProfilePoint(TimeSpan.FromHours(1), 48), new ProfilePoint(TimeSpan.FromHours(3), 20),
                    new ProfilePoint(TimeSpan.FromHours(13), 48), new ProfilePoint(TimeSpan.FromHours(14), 20),
                ], ProfileShape.Step, 1.2);
                description = "SO2 exceedance 1:00–3:00 and 13:00–14:00";
                break;
            case 2:
                events.Add(new ScenarioEvent(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(110), ScenarioEventKind.Fault, [], new Dictionary<string, double>(), 0, null));
                description = "analyzer fault 0:30–1:50";
                break;
            case 4:
                events.Add(new ScenarioEvent(TimeSpan.FromMinutes(125), TimeSpan.FromMinutes(160), ScenarioEventKind.Calibration, [], new Dictionary<string, double>(), 0, null));
                description = "calibration 2:05–2:40";
                break;
            default:
                description = "clean";
                break;
        }

        var channels = new Dictionary<string, ChannelProfile>(StringComparer.Ordinal)
        {
            ["SO2"] = so2,
            ["NOx"] = Constant("NOx", 32, 1.5),
            ["O2"] = Constant("O2", 7, 0.1),
            ["Dust"] = Constant("Dust", 3, 0.2),
        };
        return new Scenario(description, start, HashCode.Combine(seed, index, 7), channels, events);
    }

    /// <summary>The gateway configuration of a unit (like <c>hardware/gateway-configs/reference.json</c>, gas analyzer and dust loop only).</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="samplingIntervalSeconds">Sampling interval.</param>
    /// <returns>JSON.</returns>
    public static string GatewayConfigJson(SoakUnit unit, int samplingIntervalSeconds) =>
        EmulatedGatewayConfig.Json(unit.Gateway, unit.Unit, HubHost, unit.Key, samplingIntervalSeconds, modbusTimeoutMs: 500, modbusRetries: 0, withPlantMeters: false);

    /// <summary>The server's plant configuration (what <c>serve --config</c> reads).</summary>
    /// <param name="units">The units.</param>
    /// <param name="dataDirectory">The server's data directory.</param>
    /// <param name="webhook">The webhook receiver's URL.</param>
    /// <returns>JSON.</returns>
    public static string PlantConfigJson(IReadOnlyList<SoakUnit> units, string dataDirectory, Uri webhook)
    {
        static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
        var ids = string.Join(", ", units.Select(u => Quote(u.Unit)));
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $$"""
            {
              "plant": "{{Plant}}",
              "dataDirectory": {{Quote(dataDirectory)}},
              "http": { "url": "http://127.0.0.1:0" },
              "mqtt": { "hubHost": "{{HubHost}}", "tlsPort": 0, "bindAddress": "127.0.0.1" },
              "units": [
            """);
        json.AppendJoin(",\n", units.Select(u => $$"""    { "id": {{Quote(u.Unit)}}, "class": "existing", "o2Reference": 6, "coalLhvKjPerKg": 20900 }"""));
        json.Append("\n  ],\n  \"gateways\": [\n");
        json.AppendJoin(",\n", units.Select(u => $$"""    { "id": {{Quote(u.Gateway)}}, "unit": {{Quote(u.Unit)}}, "key": {{Quote(u.Key)}}, "mac": true }"""));
        json.Append(CultureInfo.InvariantCulture, $$"""

              ],
              "regulators": [
                { "name": {{Quote(Regulator)}}, "units": [{{ids}}], "webhook": {{Quote(webhook.ToString())}}, "secret": {{Quote(WebhookSecret)}} }
              ],
              "apiKeys": [
                { "key": "soak-operator-key-0123456789", "role": "operator", "units": [{{ids}}], "name": "Soak control room" }
              ],
              "ingest": { "hourGraceMinutes": 15, "closeHoursEverySeconds": 1 }
            }
            """);
        return json.ToString();
    }
}
