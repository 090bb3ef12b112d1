using System.Globalization;
using System.Text;

namespace EmissionEdge.Cli.Tests.Evaluate;

/// <summary>
/// The generator of the sample data set shipped in <c>cloud/EmissionEdge.Cli/Samples/</c> (units.json + minutes.csv):
/// three units over the China-local day 2026-03-15, deterministic (no random source), so the committed files can be
/// checked against it (<see cref="SampleDataTests"/>). To rewrite the files after changing this generator:
/// <c>EMISSIONEDGE_WRITE_SAMPLE=1 dotnet test tests/EmissionEdge.Cli.Tests --filter SampleDataTests</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>GS-01, existing unit, dry standard analyzers, coal channels: SO2 exceeds in the 10:00 hour (raw ≈ 34 mg/m3 at
/// 8 % O2 → ≈ 39 corrected) and is back under 35 at 11:00; the SO2 analyzer is calibrated (flag C, no value) for the first
/// 20 minutes of the 14:00 hour, which leaves 40 valid minutes: an invalid hour flagged C.</item>
/// <item>GS-02, new unit: NOx is not measured directly but derived from NO and NO2; SO2, NO, NO2 and Flow are wet at
/// actual state (H2O, Temp, Pressure channels), O2 is wet; ambient pressure 100 800 Pa; dust limit 5 from 2026-01-01;
/// coal channels at a rate of ≈ 311 gce/kWh, above the new-unit limit 300 (the month is not closed, so no coal alert).</item>
/// <item>GS-03, existing unit without coal channels: the gateway is offline from 03:00 to 07:59 (five hours without
/// data), which opens and closes a data-gap alert per pollutant.</item>
/// </list>
/// </remarks>
internal static class SampleData
{
    public const string UnitsJson = """
        {
          "units": [
            {
              "id": "GS-01",
              "class": "existing",
              "o2Reference": 6,
              "coalLhvKjPerKg": 20900,
              "dailyCoalLhvKjPerKg": { "2026-03-15": 21100 }
            },
            {
              "id": "GS-02",
              "class": "new",
              "o2Reference": 6,
              "limits": [ { "pollutant": "Dust", "value": 5, "from": "2026-01-01" } ],
              "basis": { "SO2": "wet-actual", "NO": "wet-actual", "NO2": "wet-actual", "Flow": "wet-actual" },
              "o2Basis": "wet",
              "ambientPressurePa": 100800,
              "coalLhvKjPerKg": 21500
            },
            {
              "id": "GS-03",
              "class": "existing"
            }
          ]
        }

        """;

    private static readonly string[] Columns =
    [
        "unit", "minute", "SO2", "SO2_flag", "NOx", "NO", "NO2", "Dust", "O2", "H2O", "Temp", "Pressure", "Flow", "CoalFeed", "GrossPower", "AuxPower",
    ];

    /// <summary>2026-03-15 00:00 China time.</summary>
    private static readonly DateTime DayStartUtc = new(2026, 3, 14, 16, 0, 0, DateTimeKind.Utc);

    public static string MinutesCsv()
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Columns)).Append('\n');
        foreach (var unit in new[] { "GS-01", "GS-02", "GS-03" })
        {
            for (var i = 0; i < 24 * 60; i++)
            {
                var localHour = i / 60;
                var minuteOfHour = i % 60;
                if (unit == "GS-03" && localHour is >= 3 and < 8)
                {
                    continue; // gateway offline
                }

                var row = new Dictionary<string, string>
                {
                    ["unit"] = unit,
                    ["minute"] = DayStartUtc.AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                };
                switch (unit)
                {
                    case "GS-01":
                        row["SO2"] = F(localHour == 10 ? 33.8 + Wave(i, 0.8) : 19 + Wave(i, 2.5));
                        if (localHour == 14 && minuteOfHour < 20)
                        {
                            row["SO2"] = string.Empty;
                            row["SO2_flag"] = "C";
                        }

                        row["NOx"] = F(27 + Wave(i + 7, 3));
                        row["Dust"] = F(2.4 + Wave(i + 3, 0.5));
                        row["O2"] = F(8 + Wave(i + 11, 0.3));
                        row["Flow"] = F(1.9e6 + Wave(i, 5e4));
                        row["CoalFeed"] = F(250 + Wave(i + 5, 4));
                        row["GrossPower"] = F(600 + Wave(i + 5, 8));
                        row["AuxPower"] = F(30 + Wave(i, 0.6));
                        break;
                    case "GS-02":
                        row["SO2"] = F(12 + Wave(i + 2, 1.5));
                        row["NO"] = F(18 + Wave(i + 9, 2));
                        row["NO2"] = F(2 + Wave(i + 4, 0.3));
                        row["Dust"] = F(1.8 + Wave(i + 1, 0.4));
                        row["O2"] = F(5.5 + Wave(i + 6, 0.25));
                        row["H2O"] = F(9 + Wave(i + 8, 0.4));
                        row["Temp"] = F(50 + Wave(i + 2, 1.5));
                        row["Pressure"] = F(-0.3 + Wave(i + 3, 0.05));
                        row["Flow"] = F(1.5e6 + Wave(i + 1, 4e4));
                        row["CoalFeed"] = F(180 + Wave(i + 3, 3));
                        row["GrossPower"] = F(450 + Wave(i + 3, 6));
                        row["AuxPower"] = F(25 + Wave(i + 1, 0.5));
                        break;
                    default:
                        row["SO2"] = F(22 + Wave(i + 5, 2));
                        row["NOx"] = F(35 + Wave(i + 2, 3));
                        row["Dust"] = F(3.1 + Wave(i + 4, 0.4));
                        row["O2"] = F(7 + Wave(i + 1, 0.3));
                        break;
                }

                csv.Append(string.Join(',', Columns.Select(c => row.GetValueOrDefault(c, string.Empty)))).Append('\n');
            }
        }

        return csv.ToString();
    }

    /// <summary>A deterministic wobble of amplitude <paramref name="amplitude"/> around zero.</summary>
    private static double Wave(int i, double amplitude) => amplitude * (0.6 * Math.Sin(i * 0.37) + 0.4 * Math.Sin(i * 1.91));

    private static string F(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
