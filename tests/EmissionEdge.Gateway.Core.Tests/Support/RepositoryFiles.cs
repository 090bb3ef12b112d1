using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Core.Tests.Support;

/// <summary>Locates the repository and reads its files for tests.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "EmissionEdge.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("EmissionEdge.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Files relative to a directory, with overrides for tests that feed modified content.</summary>
internal sealed class DirectoryTextFiles(string baseDirectory) : ITextFiles
{
    public Dictionary<string, string> Overrides { get; } = new(StringComparer.Ordinal);

    public bool TryReadText(string path, out string text, out string error)
    {
        if (Overrides.TryGetValue(path, out var content))
        {
            text = content;
            error = string.Empty;
            return true;
        }

        var full = Path.GetFullPath(Path.Combine(baseDirectory, path));
        if (!File.Exists(full))
        {
            text = string.Empty;
            error = "file '" + path + "' not found";
            return false;
        }

        text = File.ReadAllText(full);
        error = string.Empty;
        return true;
    }
}
