using System.Text.Json;
using System.Text.Json.Serialization;
using EmissionEdge.Compliance.Profiles;

namespace EmissionEdge.Ingest.Evaluation;

/// <summary>
/// Reads a unit catalog from JSON: <c>[{ "plant": "GS", "profile": { "id": "GS-01", "class": "Existing", … } }, …]</c>,
/// where <c>profile</c> is the compliance engine's <see cref="UnitProfile"/> (camelCase members, enums by name).
/// </summary>
public static class UnitCatalogFile
{
    /// <summary>The JSON options of the file.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Parses catalog JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Where it came from, for error messages.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="InvalidOperationException">The JSON is not a catalog; the message names the source.</exception>
    public static UnitCatalog Parse(string json, string source)
    {
        List<Entry>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<List<Entry>>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{source}: not a unit catalog: {ex.Message}", ex);
        }

        if (entries is null)
        {
            throw new InvalidOperationException($"{source}: the unit catalog is null");
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Profile is null)
            {
                throw new InvalidOperationException($"{source}: [{i}].profile is missing");
            }
        }

        try
        {
            return new UnitCatalog(entries.Select(e => new UnitEntry(e.Profile!, e.Plant)));
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{source}: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a catalog file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The catalog.</returns>
    public static UnitCatalog Load(string path) => Parse(File.ReadAllText(path), path);

    private sealed record Entry(string? Plant, UnitProfile? Profile);
}
