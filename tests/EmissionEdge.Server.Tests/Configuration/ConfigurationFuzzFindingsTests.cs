using System.Text;
using EmissionEdge.Configuration.Units;
using EmissionEdge.Server.Configuration;

namespace EmissionEdge.Server.Tests.Configuration;

/// <summary>Inputs that `emissionedge fuzz --target units|plant` found crashing the configuration readers (now problems with a position).</summary>
public class ConfigurationFuzzFindingsTests
{
    [Fact]
    public void A_units_file_with_bytes_that_are_not_UTF8_is_a_problem_not_an_InvalidOperationException()
    {
        // Found input: a bit flip in units.json that left 0xC3 without its continuation byte inside an id, on line 2.
        var bytes = Encoding.UTF8.GetBytes("{\"units\":[\n  {\"id\":\"GS-\u00e9\",\"class\":\"new\"}]}");
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at + 1] = (byte)'(';

        var units = UnitsFile.Parse("units.json", bytes, out var problems);

        Assert.Empty(units);
        var problem = Assert.Single(problems);
        Assert.Equal(("units.json", 2, 9), (problem.File, problem.Line, problem.Column));
        Assert.Contains("not valid UTF-8", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plant_configuration_with_an_escaped_lone_surrogate_is_a_problem_not_an_InvalidOperationException()
    {
        var bytes = Encoding.UTF8.GetBytes("{\n\"plant\": \"GS\\ud800\"}");

        var config = PlantConfigFile.Parse("plant.json", bytes, Path.GetTempPath(), out var problems);

        Assert.Null(config);
        var problem = Assert.Single(problems);
        Assert.Equal((2, 10), (problem.Line, problem.Column));
        Assert.Contains("lone surrogate", problem.Message, StringComparison.Ordinal);
    }
}

/// <summary>A path with a NUL character, found by `emissionedge fuzz --target plant`.</summary>
public class PlantConfigNulPathTests
{
    [Theory]
    [InlineData("\"dataDirectory\": \"./da\\u0000ta\"", "dataDirectory")]
    [InlineData("\"dataDirectory\": \"./data\", \"mqtt\": { \"hubHost\": \"h\", \"certificatePath\": \"a\\u0000b.pfx\" }", "mqtt.certificatePath")]
    public void A_path_with_a_NUL_character_is_a_problem_not_an_ArgumentException(string members, string path)
    {
        // Found input: plant.json with the boundary value "a\u0000b" in dataDirectory; Path.GetFullPath threw.
        var json = "{ " + members + ", \"http\": { \"url\": \"http://127.0.0.1:8080\" }" + (members.Contains("mqtt", StringComparison.Ordinal) ? string.Empty : ", \"mqtt\": { \"hubHost\": \"h\" }") + " }";

        var config = PlantConfigFile.Parse("plant.json", Encoding.UTF8.GetBytes(json), Path.GetTempPath(), out var problems);

        Assert.Null(config);
        Assert.Contains(problems, p => p.Path == path && p.Message.Contains("with a NUL character", StringComparison.Ordinal));
    }
}
