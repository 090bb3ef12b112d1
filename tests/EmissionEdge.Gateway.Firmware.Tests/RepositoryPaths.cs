namespace EmissionEdge.Gateway.Firmware.Tests;

/// <summary>Locates the repository root (the folder holding EmissionEdge.sln).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

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

/// <summary>Reads the files a gateway configuration names, relative to a repository folder.</summary>
/// <param name="folder">Repository-relative folder of the configuration.</param>
internal sealed class RepositoryTextFiles(string folder) : EmissionEdge.Gateway.Core.Ports.ITextFiles
{
    public bool TryReadText(string path, out string text, out string error)
    {
        var full = Path.GetFullPath(Path.Combine(RepositoryPaths.Of(folder), path));
        if (!File.Exists(full))
        {
            text = string.Empty;
            error = path + ": not found";
            return false;
        }

        text = File.ReadAllText(full);
        error = string.Empty;
        return true;
    }
}
