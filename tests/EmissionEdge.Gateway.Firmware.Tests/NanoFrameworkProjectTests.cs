using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace EmissionEdge.Gateway.Firmware.Tests;

/// <summary>The .nfproj and packages.config of the ESP32 app, checked as files (the nanoFramework build does not run here).</summary>
public sealed class NanoFrameworkProjectTests
{
    private static readonly XNamespace Msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";
    private static readonly string AppDir = RepositoryPaths.Of("firmware/EmissionEdge.Gateway");
    private static readonly string CoreDir = RepositoryPaths.Of("firmware/EmissionEdge.Gateway.Core");

    private static XDocument Project() => XDocument.Load(Path.Combine(AppDir, "EmissionEdge.Gateway.nfproj"));

    private static IEnumerable<string> CoreSources() =>
        Directory.EnumerateFiles(CoreDir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsUnder(f, Path.Combine(CoreDir, "obj")) && !IsUnder(f, Path.Combine(CoreDir, "bin")));

    private static bool IsUnder(string file, string dir) => file.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Native(string msbuildPath) => msbuildPath.Replace('\\', Path.DirectorySeparatorChar);

    [Fact]
    public void The_nfproj_is_an_msbuild_project_of_the_nanoFramework_project_system()
    {
        var root = Project().Root!;
        Assert.Equal(Msbuild + "Project", root.Name);
        var props = root.Elements(Msbuild + "PropertyGroup").Elements().ToDictionary(e => e.Name.LocalName, e => e.Value, StringComparer.Ordinal);
        Assert.Contains("{11A8DD76-328B-46DF-9F39-F559912D0360}", props["ProjectTypeGuids"], StringComparison.Ordinal);
        Assert.Equal("Exe", props["OutputType"]);
        Assert.Equal("EmissionEdge.Gateway", props["AssemblyName"]);
        var imports = root.Elements(Msbuild + "Import").Select(i => i.Attribute("Project")!.Value).ToList();
        Assert.Contains(imports, i => i.EndsWith("NFProjectSystem.CSharp.targets", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_app_source_file_is_compiled_and_every_compiled_file_exists()
    {
        var compiled = Project().Descendants(Msbuild + "Compile")
            .Select(c => c.Attribute("Include")!.Value)
            .Where(i => !i.Contains('*', StringComparison.Ordinal))
            .Select(i => Path.GetFullPath(Path.Combine(AppDir, Native(i))))
            .ToHashSet(StringComparer.Ordinal);
        var onDisk = Directory.EnumerateFiles(AppDir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsUnder(f, Path.Combine(AppDir, "obj")) && !IsUnder(f, Path.Combine(AppDir, "bin")))
            .ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(compiled, f => !File.Exists(f));
        Assert.Empty(onDisk.Except(compiled));
    }

    [Fact]
    public void The_core_is_linked_by_a_glob_that_covers_every_core_source_and_no_core_file_is_copied_into_the_app()
    {
        var link = Assert.Single(Project().Descendants(Msbuild + "Compile"), c => c.Attribute("Include")!.Value.Contains("EmissionEdge.Gateway.Core", StringComparison.Ordinal));
        Assert.Equal(@"..\EmissionEdge.Gateway.Core\**\*.cs", link.Attribute("Include")!.Value);
        Assert.Equal(@"..\EmissionEdge.Gateway.Core\obj\**;..\EmissionEdge.Gateway.Core\bin\**", link.Attribute("Exclude")!.Value);
        Assert.Equal(@"Core\%(RecursiveDir)%(Filename)%(Extension)", link.Element(Msbuild + "Link")!.Value);

        // The glob resolves (relative to the .nfproj) to the core folder, which holds the core's sources.
        Assert.Equal(CoreDir, Path.GetFullPath(Path.Combine(AppDir, "..", "EmissionEdge.Gateway.Core")));
        var core = CoreSources().ToList();
        Assert.Contains(core, f => f.EndsWith(Path.Combine("Ports", "IModbusTransport.cs"), StringComparison.Ordinal));

        // No copy: no app file has the same content as a core file.
        var coreTexts = core.Select(File.ReadAllText).ToHashSet(StringComparer.Ordinal);
        var copies = Directory.EnumerateFiles(AppDir, "*.cs", SearchOption.AllDirectories).Where(f => coreTexts.Contains(File.ReadAllText(f)));
        Assert.Empty(copies);
    }

    [Fact]
    public void The_device_build_defines_NANOFRAMEWORK_1_0_so_the_cores_dotnet_only_code_is_left_out()
    {
        // Core code for .NET alone (vector instructions) is inside #if !NANOFRAMEWORK_1_0; the core's mscorlib-only
        // build in the solution defines it too, so a use outside that guard fails CI.
        var defines = Project().Descendants(Msbuild + "DefineConstants").Select(d => d.Value).ToList();
        Assert.Contains(defines, d => d.Split(';').Contains("NANOFRAMEWORK_1_0"));
        var guarded = CoreSources().Where(f => File.ReadAllText(f).Contains("System.Runtime.Intrinsics", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(guarded);
        Assert.All(guarded, f => Assert.StartsWith("#if !NANOFRAMEWORK_1_0", File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public void Every_namespace_the_app_imports_from_the_core_exists_in_the_core()
    {
        var coreNamespaces = CoreSources()
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"^namespace\s+([\w.]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        var imported = Directory.EnumerateFiles(AppDir, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"^using\s+(EmissionEdge\.Gateway\.Core[\w.]*);", RegexOptions.Multiline).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(imported);
        Assert.Empty(imported.Except(coreNamespaces));
    }

    [Fact]
    public void Every_core_port_the_device_needs_has_an_adapter_class_in_the_app()
    {
        var appText = string.Join("\n", Directory.EnumerateFiles(AppDir, "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        foreach (var port in new[] { "IModbusTransport", "ICurrentLoopInputs", "IStatusInputs", "IJournalStorage", "IClock", "IMqttConnection", "ITextFiles" })
        {
            Assert.Matches(new Regex(@"public sealed class \w+ : [\w, ]*\b" + port + @"\b"), appText);
        }
    }

    [Theory]
    [InlineData("nanoFramework.CoreLibrary", "1.17.11")]
    [InlineData("nanoFramework.M2Mqtt", "5.1.206")]
    [InlineData("nanoFramework.System.Device.Gpio", "1.1.57")]
    [InlineData("nanoFramework.System.Device.Adc", "1.1.24")]
    [InlineData("nanoFramework.System.IO.Ports", "1.1.142")]
    [InlineData("nanoFramework.Hardware.Esp32", "1.6.42")]
    [InlineData("nanoFramework.System.Device.Wifi", "1.5.138")]
    [InlineData("nanoFramework.Networking.Sntp", "1.6.42")]
    [InlineData("nanoFramework.System.IO.FileSystem", "1.1.94")]
    [InlineData("nanoFramework.Runtime.Native", "1.7.11")]
    [InlineData("nanoFramework.System.Text", "1.3.42")]
    [InlineData("nanoFramework.System.Net", "1.11.47")]
    public void Packages_config_names_each_required_package_with_its_version(string id, string version)
    {
        var packages = XDocument.Load(Path.Combine(AppDir, "packages.config")).Root!.Elements("package").ToList();
        var package = Assert.Single(packages, p => p.Attribute("id")!.Value == id);
        Assert.Equal(version, package.Attribute("version")!.Value);
        Assert.Equal("netnano1.0", package.Attribute("targetFramework")!.Value);
    }

    [Fact]
    public void Every_package_has_a_reference_whose_hint_path_matches_its_version_and_every_reference_has_a_package()
    {
        var packages = XDocument.Load(Path.Combine(AppDir, "packages.config")).Root!.Elements("package")
            .ToDictionary(p => p.Attribute("id")!.Value, p => p.Attribute("version")!.Value, StringComparer.Ordinal);
        var hints = Project().Descendants(Msbuild + "Reference").Select(r => r.Element(Msbuild + "HintPath")!.Value).ToList();
        foreach (var hint in hints)
        {
            var match = Regex.Match(hint, @"^packages\\(?<id>[A-Za-z0-9.]+?)\.(?<version>\d+\.\d+\.\d+)\\lib\\[\w.]+\.dll$");
            Assert.True(match.Success, hint);
            Assert.True(packages.TryGetValue(match.Groups["id"].Value, out var version), hint + " has no package in packages.config");
            Assert.Equal(version, match.Groups["version"].Value);
        }

        Assert.DoesNotContain(packages.Keys, id => !hints.Any(h => h.StartsWith(@"packages\" + id + "." + packages[id] + @"\", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_nfproj_is_not_in_the_dotnet_solution()
    {
        var solution = File.ReadAllText(RepositoryPaths.Of("EmissionEdge.sln"));
        Assert.DoesNotContain("EmissionEdge.Gateway.nfproj", solution, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reported_firmware_version_is_the_assembly_version()
    {
        var program = File.ReadAllText(Path.Combine(AppDir, "Program.cs"));
        var assemblyInfo = File.ReadAllText(Path.Combine(AppDir, "Properties", "AssemblyInfo.cs"));
        var reported = Regex.Match(program, "FirmwareVersion = \"esp32-(?<v>[0-9.]+)\";");
        var assembly = Regex.Match(assemblyInfo, "AssemblyVersion\\(\"(?<v>[0-9.]+)\"\\)");
        Assert.True(reported.Success, "Program.cs declares no FirmwareVersion = \"esp32-x.y.z\"");
        Assert.True(assembly.Success, "AssemblyInfo.cs declares no AssemblyVersion");
        Assert.StartsWith(reported.Groups["v"].Value + ".", assembly.Groups["v"].Value + ".", StringComparison.Ordinal);
        Assert.Contains("FirmwareVersion = FirmwareVersion", program, StringComparison.Ordinal);
    }
}
