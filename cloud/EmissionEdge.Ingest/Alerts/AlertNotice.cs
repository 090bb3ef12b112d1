using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EmissionEdge.Compliance.Alerts;
using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Ingest.Alerts;

/// <summary>
/// An alert as delivered to regulators and the <c>alerts</c> Event Hub (the JSON body of a delivery). Receivers
/// deduplicate by <see cref="AlertId"/> and keep the highest <see cref="Version"/>.
/// </summary>
public sealed record AlertNotice
{
    /// <summary>Kind name of the ingest layer's own alert: the mac chain of a gateway broke (tamper or loss).</summary>
    public const string MacChainBrokenKind = "mac-chain-broken";

    /// <summary>Stable id: the engine's id for compliance alerts, the same scheme for ingest alerts.</summary>
    public required string AlertId { get; init; }

    /// <summary>1 when raised; +1 per change.</summary>
    public required int Version { get; init; }

    /// <summary><c>raised</c>, <c>updated</c>, <c>closed</c> (the condition ended) or <c>withdrawn</c> (late data showed it was not one).</summary>
    public required string Status { get; init; }

    /// <summary>The unit.</summary>
    public required string Unit { get; init; }

    /// <summary>The unit's plant, when known.</summary>
    public string? Plant { get; init; }

    /// <summary><c>exceedance</c>, <c>data-gap</c>, <c>coal</c> (engine kinds) or <c>mac-chain-broken</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The pollutant (<c>Dust</c>, <c>SO2</c>, <c>NOx</c>), or <see langword="null"/>.</summary>
    public string? Pollutant { get; init; }

    /// <summary>UTC start: the first hour (or month) of the condition, or the record's minute.</summary>
    public required DateTime StartUtc { get; init; }

    /// <summary>UTC end (exclusive), or <see langword="null"/> while open.</summary>
    public DateTime? EndUtc { get; init; }

    /// <summary>Highest corrected hourly average (mg/m3) or monthly net coal rate (gce/kWh), when the kind has one.</summary>
    public decimal? Peak { get; init; }

    /// <summary>Hours (or months) in the condition.</summary>
    public int Count { get; init; }

    /// <summary>Free text for people (for example which seq broke the mac chain).</summary>
    public string? Detail { get; init; }

    /// <summary>When this version was made.</summary>
    public required DateTime UpdatedUtc { get; init; }

    /// <summary>JSON options of notices (camelCase, UTC times in ISO 8601).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>A notice for a compliance engine alert.</summary>
    /// <param name="alert">The engine's alert.</param>
    /// <param name="plant">The unit's plant.</param>
    /// <param name="version">The version.</param>
    /// <param name="nowUtc">Now.</param>
    /// <returns>The notice.</returns>
    public static AlertNotice FromEngine(Alert alert, string? plant, int version, DateTime nowUtc) => new()
    {
        AlertId = alert.Id,
        Version = version,
        Status = alert.EndUtc is not null ? "closed" : version == 1 ? "raised" : "updated",
        Unit = alert.Unit,
        Plant = plant,
        Kind = Compliance.Alerts.AlertId.KindName(alert.Kind),
        Pollutant = alert.Pollutant is { } p ? Pollutants.Name(p) : null,
        StartUtc = alert.StartUtc,
        EndUtc = alert.EndUtc,
        Peak = alert.Peak,
        Count = alert.Count,
        UpdatedUtc = nowUtc,
    };

    /// <summary>A notice that a gateway's mac chain broke at a record.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="plant">The plant.</param>
    /// <param name="minuteUtc">The record's minute.</param>
    /// <param name="detail">What broke.</param>
    /// <param name="nowUtc">Now.</param>
    /// <returns>The notice (version 1).</returns>
    public static AlertNotice MacChainBroken(string unit, string? plant, DateTime minuteUtc, string detail, DateTime nowUtc) => new()
    {
        AlertId = IdOf(unit, MacChainBrokenKind, minuteUtc),
        Version = 1,
        Status = "raised",
        Unit = unit,
        Plant = plant,
        Kind = MacChainBrokenKind,
        StartUtc = minuteUtc,
        EndUtc = minuteUtc.AddMinutes(1),
        Count = 1,
        Detail = detail,
        UpdatedUtc = nowUtc,
    };

    /// <summary>Whether this notice says the same as <paramref name="other"/> (ignoring version, status and time).</summary>
    /// <param name="other">Another notice of the same alert.</param>
    /// <returns><see langword="true"/> when nothing a receiver cares about differs.</returns>
    public bool SameContentAs(AlertNotice other) =>
        Kind == other.Kind && Pollutant == other.Pollutant && StartUtc == other.StartUtc && EndUtc == other.EndUtc &&
        Peak == other.Peak && Count == other.Count && Detail == other.Detail && Plant == other.Plant;

    /// <summary>The JSON body of this notice.</summary>
    /// <returns>JSON.</returns>
    /// <remarks>Written with source-generated metadata (<see cref="AlertNoticeJsonContext"/>): the same text as <see cref="JsonOptions"/> gives.</remarks>
    public string ToJson() => JsonSerializer.Serialize(this, AlertNoticeJsonContext.Default.AlertNotice);

    /// <summary>Reads a notice from its JSON body.</summary>
    /// <param name="json">JSON from <see cref="ToJson"/>.</param>
    /// <returns>The notice.</returns>
    public static AlertNotice FromJson(string json) =>
        JsonSerializer.Deserialize(json, AlertNoticeJsonContext.Default.AlertNotice) ?? throw new JsonException("alert notice is null");

    /// <summary>The same id scheme as the engine's <see cref="Compliance.Alerts.AlertId"/>, for kinds the engine does not know.</summary>
    private static string IdOf(string unit, string kind, DateTime startUtc)
    {
        var key = string.Join('\n', unit, kind, string.Empty, startUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
    }
}

/// <summary>Source-generated JSON metadata of <see cref="AlertNotice"/>, with the settings of <see cref="AlertNotice.JsonOptions"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AlertNotice))]
internal sealed partial class AlertNoticeJsonContext : JsonSerializerContext;
