using System.Collections.Concurrent;
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
    private const int MaxCached = 200_000;

    private readonly ConcurrentDictionary<string, HourResult> _cache = new(StringComparer.Ordinal);

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
        Remember(json, hour);
        return json;
    }

    /// <summary>Reads an hour result back.</summary>
    /// <param name="payload">JSON from <see cref="Encode"/>.</param>
    /// <returns>The result.</returns>
    public HourResult Decode(string payload)
    {
        if (_cache.TryGetValue(payload, out var hour))
        {
            return hour;
        }

        hour = JsonSerializer.Deserialize(payload, HourResultJsonContext.Default.HourResult);
        Remember(payload, hour);
        return hour;
    }

    private void Remember(string payload, HourResult hour)
    {
        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }

        _cache[payload] = hour;
    }
}

/// <summary>Source-generated JSON metadata of <see cref="HourResult"/>: camelCase, enums by name (as <see cref="HourResultCodec.JsonOptions"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(HourResult))]
internal sealed partial class HourResultJsonContext : JsonSerializerContext;
