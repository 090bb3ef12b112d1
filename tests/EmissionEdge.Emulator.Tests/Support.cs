using System.Diagnostics;
using System.Reflection;
using EmissionEdge.Emulator.Scenarios;
using Microsoft.Extensions.Time.Testing;

namespace EmissionEdge.Emulator.Tests;

internal static class Repo
{
    public static string Root { get; } = typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public static string File(string relative) => Path.Combine(Root, relative);

    public static string Map(string name) => File($"hardware/analyzer-maps/{name}.json");

    public static string Scenario(string name) => File($"hardware/hil/scenarios/{name}.json");
}

internal static class Emulators
{
    public static readonly DateTimeOffset Start = new(2026, 3, 15, 1, 0, 0, TimeSpan.Zero);

    public static (AnalyzerEmulator Emulator, FakeTimeProvider Time) Marsic(string scenarioJson, byte unit = 1)
    {
        var time = new FakeTimeProvider(Start);
        var map = AnalyzerEmulator.LoadMap(Repo.Map("sick-marsic300"));
        return (new AnalyzerEmulator(map, ScenarioReader.Parse(scenarioJson, "test.json"), unit, time), time);
    }

    public static string Constant(string channels, string events = "[]") =>
        $$"""{ "schema": "emissionedge.scenario/1", "channels": { {{channels}} }, "events": {{events}} }""";
}

/// <summary>Runs a command-line tool and returns its output.</summary>
internal static class Tool
{
    public static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{program}' is not installed ({e.Message}): run .ci/install-prerequisites", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill();
                throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {timeout}");
            }

            return (process.ExitCode, output.Result + error.Result);
        }
    }
}
