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
