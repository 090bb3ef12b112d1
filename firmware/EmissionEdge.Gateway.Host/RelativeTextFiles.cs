using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Host;

/// <summary>Reads the files a gateway configuration names (maps, pin map), relative to the configuration's folder.</summary>
/// <param name="baseDirectory">The configuration's folder.</param>
public sealed class RelativeTextFiles(string baseDirectory) : ITextFiles
{
    /// <inheritdoc />
    public bool TryReadText(string path, out string text, out string error)
    {
        text = string.Empty;
        try
        {
            var full = Path.GetFullPath(Path.Combine(baseDirectory, path));
            if (!File.Exists(full))
            {
                error = $"file '{path}' not found (looked for {full})";
                return false;
            }

            text = File.ReadAllText(full);
            error = string.Empty;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"cannot read '{path}': {e.Message}";
            return false;
        }
    }
}
