namespace EmissionEdge.Cli.Tests.Evaluate;

/// <summary>The committed sample data set is exactly what <see cref="SampleData"/> generates.</summary>
public sealed class SampleDataTests
{
    public static string SamplesDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EmissionEdge.sln")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "cloud", "EmissionEdge.Cli", "Samples");
        }
    }

    [Fact]
    public void Committed_sample_matches_the_generator()
    {
        var units = Path.Combine(SamplesDirectory, "units.json");
        var minutes = Path.Combine(SamplesDirectory, "minutes.csv");
        if (Environment.GetEnvironmentVariable("EMISSIONEDGE_WRITE_SAMPLE") == "1")
        {
            File.WriteAllText(units, SampleData.UnitsJson.ReplaceLineEndings("\n"));
            File.WriteAllText(minutes, SampleData.MinutesCsv());
        }

        Assert.Equal(SampleData.UnitsJson.ReplaceLineEndings("\n"), File.ReadAllText(units).ReplaceLineEndings("\n"));
        Assert.Equal(SampleData.MinutesCsv(), File.ReadAllText(minutes).ReplaceLineEndings("\n"));
    }
}
