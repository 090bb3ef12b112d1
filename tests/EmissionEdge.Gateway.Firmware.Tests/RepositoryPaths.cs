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
