namespace EmissionEdge.Server.Tests.Support;

internal static class RepositoryPaths
{
    /// <summary>The repository root (the folder of EmissionEdge.sln above the test binaries).</summary>
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EmissionEdge.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("EmissionEdge.sln not found above the test directory");
    }
}
