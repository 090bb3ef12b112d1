namespace EmissionEdge.Ingest.Tests.Support;

internal static class RepositoryPaths
{
    /// <summary>The repository root (the folder holding EmissionEdge.sln).</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmissionEdge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"EmissionEdge.sln not found above {AppContext.BaseDirectory}");
    }
}
