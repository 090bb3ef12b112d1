using System.Text.Json;
using System.Text.Json.Serialization;
using EmissionEdge.Compliance.Hours;

namespace EmissionEdge.Ingest.Evaluation;

/// <summary>
/// Stores the compliance engine's <see cref="HourResult"/> as JSON (the hour payload of the stores and of the HTTP API)
/// and reads it back. Decoded payloads are cached by their exact text, so re-deriving alerts over stored hours does not
/// parse the same JSON again; a changed payload is a different text and is parsed anew.
/// </summary>
/// <remarks>
/// Serialization uses source-generated metadata (<see cref="HourResultJsonContext"/>) with the same settings as
/// <see cref="JsonOptions"/>, so the text is the same as <c>JsonSerializer.Serialize(hour, JsonOptions)</c> gives, only
/// without reflection on the ingest path.
/// </remarks>
public sealed class HourResultCodec
{
    // Alert re-derivation reads up to a month of hours per unit (744): 20 000 payloads of ~1.2 KB cover a plant's units
    // with room for the intermediate versions live minutes leave behind, in ~50 MB at most (200 000 could reach ~0.5 GB).
    private readonly PayloadCache<HourResult> _cache = new(capacity: 20_000);

    /// <summary>The JSON options of hour payloads (camelCase, enums by name).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Serializes an hour result.</summary>
    /// <param name="hour">The result.</param>
    /// <returns>JSON.</returns>
    public string Encode(HourResult hour)
    {
        var json = JsonSerializer.Serialize(hour, HourResultJsonContext.Default.HourResult);
        _cache.Remember(json, hour);
        return json;
    }

    /// <summary>Reads an hour result back.</summary>
    /// <param name="payload">JSON from <see cref="Encode"/>.</param>
    /// <returns>The result.</returns>
    public HourResult Decode(string payload) =>
        _cache.GetOrParse(payload, static text => JsonSerializer.Deserialize(text, HourResultJsonContext.Default.HourResult));
}

/// <summary>Source-generated JSON metadata of <see cref="HourResult"/>: camelCase, enums by name (as <see cref="HourResultCodec.JsonOptions"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(HourResult))]
internal sealed partial class HourResultJsonContext : JsonSerializerContext;
