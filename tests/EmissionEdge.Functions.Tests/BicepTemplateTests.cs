using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace EmissionEdge.Functions.Tests;

/// <summary>Compiles cloud/infra/main.bicep with the Bicep CLI of the NuGet package Azure.Bicep.CommandLine.linux-x64.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the package is the linux-x64 CLI
public class BicepTemplateTests
{
    [Fact]
    public async Task The_template_compiles_without_warnings_and_declares_the_resources()
    {
        var packageRoot = typeof(BicepTemplateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPackageRoot").Value!;
        var bicep = Path.Combine(packageRoot, "tools", "bicep");
        Assert.True(File.Exists(bicep), $"Bicep CLI not found at {bicep}");
        File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute); // NuGet does not keep the executable bit
        var template = Path.Combine(RepositoryRoot(), "cloud", "infra", "main.bicep");

        var start = new ProcessStartInfo(bicep) { ArgumentList = { "build", template, "--stdout" }, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"bicep build failed: {stderr}");
        Assert.Equal(string.Empty, stderr.Trim()); // no warnings
        using var arm = JsonDocument.Parse(await stdout);
        var types = arm.RootElement.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("type").GetString()).ToList();
        foreach (var type in new[]
        {
            "Microsoft.Devices/IotHubs", "Microsoft.Devices/IotHubs/eventHubEndpoints/ConsumerGroups", "Microsoft.EventHub/namespaces",
            "Microsoft.EventHub/namespaces/eventhubs", "Microsoft.Storage/storageAccounts", "Microsoft.Web/sites", "Microsoft.Insights/components",
        })
        {
            Assert.Contains(type, types);
        }

        Assert.Contains(arm.RootElement.GetProperty("resources").EnumerateArray(), r =>
            r.GetProperty("type").GetString() == "Microsoft.EventHub/namespaces/eventhubs" && r.GetProperty("name").GetString()!.Contains("'alerts'"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmissionEdge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EmissionEdge.sln not found");
    }
}
