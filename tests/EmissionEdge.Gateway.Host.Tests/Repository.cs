using System.Reflection;

namespace EmissionEdge.Gateway.Host.Tests;

internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public static string File(string relative) => Path.Combine(Root, relative);
}
