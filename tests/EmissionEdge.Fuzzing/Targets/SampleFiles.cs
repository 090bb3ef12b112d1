namespace EmissionEdge.Fuzzing.Targets;

/// <summary>The repository's sample files (analyzer maps, pin map, gateway configurations, units.json, plant.json), embedded in this assembly.</summary>
internal static class SampleFiles
{
    /// <summary>Names of the embedded files under a folder, e.g. <c>analyzer-maps/</c>.</summary>
    public static string[] Under(string folder) =>
        typeof(SampleFiles).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(folder, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The bytes of an embedded file.</summary>
    public static byte[] Bytes(string name)
    {
        using var stream = typeof(SampleFiles).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"no embedded sample '{name}'");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
