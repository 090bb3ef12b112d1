using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EmissionEdge.Compliance.Alerts;
using EmissionEdge.Compliance.Coal;
using EmissionEdge.Compliance.Evaluation;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Periods;
using EmissionEdge.Compliance.Reporting;
using EmissionEdge.Compliance.Time;

namespace EmissionEdge.Cli.Evaluate;

/// <summary>
/// Writes a <see cref="ComplianceReport"/> as the JSON of <c>emissionedge evaluate</c>:
/// <c>{"asOf", "hours":[…], "days":[…], "months":[…], "coal":[…], "alerts":[…]}</c>. Times are China-local ISO 8601
/// (<c>+08:00</c>); concentrations and rates carry the reporting decimals.
/// </summary>
public static class ReportJson
{
    /// <summary>Serializes the report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>Indented JSON with a final newline.</returns>
    public static string Write(ComplianceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping } /* prints '+08:00', not '\u002B08:00'; the report is not embedded in HTML */))
        {
            json.WriteStartObject();
            json.WriteString("asOf", ChinaTime.Format(report.AsOfUtc));
            json.WriteStartArray("hours");
            foreach (var hour in report.Hours)
            {
                foreach (var pollutant in Pollutants.All)
                {
                    if (hour[pollutant].Measured)
                    {
                        Hour(json, hour, hour[pollutant]);
                    }
                }
            }

            json.WriteEndArray();
            json.WriteStartArray("days");
            foreach (var day in report.Days)
            {
                Period(json, day, "date");
            }

            json.WriteEndArray();
            json.WriteStartArray("months");
            foreach (var month in report.Months)
            {
                Period(json, month, "month");
            }

            json.WriteEndArray();
            json.WriteStartArray("coal");
            foreach (var coal in report.Coal)
            {
                Coal(json, coal);
            }

            json.WriteEndArray();
            json.WriteStartArray("alerts");
            foreach (var alert in report.Alerts)
            {
                Alert(json, alert);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    private static void Hour(Utf8JsonWriter json, HourResult hour, PollutantHour result)
    {
        json.WriteStartObject();
        json.WriteString("unit", hour.Unit);
        json.WriteString("start", ChinaTime.Format(hour.HourStartUtc));
        json.WriteString("pollutant", Pollutants.Name(result.Pollutant));
        json.WriteNumber("validMinutes", result.ValidMinutes);
        json.WriteBoolean("valid", result.Valid);
        json.WriteString("flag", DataFlags.Letter(result.Flag).ToString());
        Number(json, "average", result.Average);
        Number(json, "correctedAverage", result.CorrectedAverage);
        json.WriteNumber("limit", result.Limit);
        Verdict(json, result.Valid, result.Exceeds);
        Number(json, "massKg", result.MassKg is { } mass ? ReportRounding.HalfEven(mass, 3) : null);
        json.WriteEndObject();
    }

    private static void Period(Utf8JsonWriter json, PollutantPeriodResult period, string name)
    {
        json.WriteStartObject();
        json.WriteString("unit", period.Unit);
        json.WriteString(name, period.Period);
        json.WriteString("pollutant", Pollutants.Name(period.Pollutant));
        json.WriteNumber("validHours", period.ValidHours);
        json.WriteNumber("validDays", period.ValidDays);
        json.WriteBoolean("valid", period.Valid);
        Number(json, "average", period.Average);
        Number(json, "correctedAverage", period.CorrectedAverage);
        json.WriteNumber("exceedingHours", period.ExceedingHours);
        json.WriteNumber("limit", period.Limit);
        Verdict(json, period.Valid, period.Exceeds);
        Number(json, "massKg", period.MassKg is { } mass ? ReportRounding.HalfEven(mass, 3) : null);
        json.WriteEndObject();
    }

    private static void Coal(Utf8JsonWriter json, CoalPeriodResult coal)
    {
        json.WriteStartObject();
        json.WriteString("unit", coal.Unit);
        json.WriteString("period", coal.Period);
        json.WriteString("kind", coal.Kind == CoalPeriodKind.Month ? "month" : "rolling-12-months");
        json.WriteBoolean("closed", coal.Closed);
        json.WriteNumber("hours", coal.Hours);
        json.WriteNumber("rawCoalTonnes", ReportRounding.HalfEven(coal.RawCoalTonnes, 3));
        json.WriteNumber("standardCoalTonnes", ReportRounding.HalfEven(coal.StandardCoalTonnes, 3));
        json.WriteNumber("grossKwh", ReportRounding.HalfEven(coal.GrossKwh, 1));
        json.WriteNumber("auxKwh", ReportRounding.HalfEven(coal.AuxKwh, 1));
        json.WriteNumber("netKwh", ReportRounding.HalfEven(coal.NetKwh, 1));
        json.WriteNumber("hoursWithoutLhv", coal.HoursWithoutLhv);
        Number(json, "netGcePerKwh", coal.NetGcePerKwh);
        json.WriteNumber("limit", coal.Limit);
        Verdict(json, coal.NetGcePerKwh is not null, coal.Exceeds);
        json.WriteEndObject();
    }

    private static void Alert(Utf8JsonWriter json, Alert alert)
    {
        json.WriteStartObject();
        json.WriteString("id", alert.Id);
        json.WriteString("unit", alert.Unit);
        json.WriteString("kind", AlertId.KindName(alert.Kind));
        if (alert.Pollutant is { } pollutant)
        {
            json.WriteString("pollutant", Pollutants.Name(pollutant));
        }
        else
        {
            json.WriteNull("pollutant");
        }

        json.WriteString("start", ChinaTime.Format(alert.StartUtc));
        if (alert.EndUtc is { } end)
        {
            json.WriteString("end", ChinaTime.Format(end));
        }
        else
        {
            json.WriteNull("end");
        }

        Number(json, "peak", alert.Peak);
        json.WriteNumber("count", alert.Count);
        json.WriteEndObject();
    }

    /// <summary>Writes <c>exceeds</c>: the verdict, or null when there is nothing to judge (invalid hour or day, coal period without rate).</summary>
    private static void Verdict(Utf8JsonWriter json, bool judged, bool exceeds)
    {
        if (judged)
        {
            json.WriteBoolean("exceeds", exceeds);
        }
        else
        {
            json.WriteNull("exceeds");
        }
    }

    private static void Number(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
