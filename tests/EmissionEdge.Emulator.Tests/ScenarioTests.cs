using EmissionEdge.Emulator.Scenarios;

namespace EmissionEdge.Emulator.Tests;

public sealed class ScenarioTests
{
    [Fact]
    public void Every_shipped_scenario_reads()
    {
        var files = Directory.GetFiles(Repo.File("hardware/hil/scenarios"), "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var scenario = ScenarioReader.Load(file);
            Assert.NotEmpty(scenario.Channels);
            Assert.False(string.IsNullOrWhiteSpace(scenario.Description), file);
        }
    }

    [Fact]
    public void Linear_and_step_profiles_give_independently_worked_values()
    {
        var linear = new ChannelProfile("SO2", [new ProfilePoint(TimeSpan.Zero, 20), new ProfilePoint(TimeSpan.FromMinutes(20), 50)], ProfileShape.Linear, 0);
        Assert.Equal(20, linear.BaseValueAt(TimeSpan.Zero));
        Assert.Equal(27.5, linear.BaseValueAt(TimeSpan.FromMinutes(5)), 12); // 20 + 30 × 5/20
        Assert.Equal(50, linear.BaseValueAt(TimeSpan.FromMinutes(20)));
        Assert.Equal(50, linear.BaseValueAt(TimeSpan.FromHours(3)));

        var step = linear with { Shape = ProfileShape.Step };
        Assert.Equal(20, step.BaseValueAt(TimeSpan.FromMinutes(19.99)));
        Assert.Equal(50, step.BaseValueAt(TimeSpan.FromMinutes(20)));
    }

    [Fact]
    public void Noise_is_repeatable_per_instant_and_has_the_stated_spread()
    {
        var noisy = new ChannelProfile("NOx", [new ProfilePoint(TimeSpan.Zero, 30)], ProfileShape.Step, 0.5);
        var samples = Enumerable.Range(0, 20000).Select(i => noisy.ValueAt(TimeSpan.FromSeconds(5 * i), 7)).ToArray();
        Assert.Equal(samples[123], noisy.ValueAt(TimeSpan.FromSeconds(5 * 123), 7));
        Assert.NotEqual(samples[123], noisy.ValueAt(TimeSpan.FromSeconds(5 * 123), 8));
        double mean = samples.Average();
        double sd = Math.Sqrt(samples.Sum(v => (v - mean) * (v - mean)) / (samples.Length - 1));
        Assert.InRange(mean, 29.98, 30.02); // standard error 0.5/√20000 = 0.0035
        Assert.InRange(sd, 0.48, 0.52);
    }

    [Fact]
    public void Event_values_override_the_profile_only_inside_the_window()
    {
        var scenario = ScenarioReader.Load(Repo.Scenario("calibration"));
        Assert.Equal(18.62, scenario.ValueAt("SO2", TimeSpan.FromMinutes(2.9)));
        Assert.Equal(0, scenario.ValueAt("SO2", TimeSpan.FromMinutes(3)));
        Assert.Equal(80, scenario.ValueAt("SO2", TimeSpan.FromMinutes(5)));
        Assert.Equal(18.62, scenario.ValueAt("SO2", TimeSpan.FromMinutes(7)));
        Assert.True(scenario.IsActive(ScenarioEventKind.Calibration, TimeSpan.FromMinutes(6.5)));
        Assert.Null(scenario.ValueAt("Flow", TimeSpan.Zero));
    }

    [Theory]
    [InlineData("""{ "schema": "emissionedge.scenario/1", "channels": { "SO2": 1 }, "evnts": [] }""", "(root): unknown member 'evnts'")]
    [InlineData("""{ "schema": "emissionedge.scenario/2", "channels": { "SO2": 1 } }""", "schema: must be \"emissionedge.scenario/1\", got \"emissionedge.scenario/2\"")]
    [InlineData("""{ "schema": "emissionedge.scenario/1", "channels": { "SO3": 1 } }""", "channels.SO3: 'SO3' is not a telemetry channel")]
    [InlineData("""{ "schema": "emissionedge.scenario/1", "channels": { "SO2": { "points": [ { "at": "10:00", "value": 1 } ] } } }""", "channels.SO2.points[0].at: \"10:00\" is not a scenario time h:mm:ss")]
    [InlineData("""{ "schema": "emissionedge.scenario/1", "channels": { "SO2": { "points": [ { "at": "0:10:00", "value": 1 }, { "at": "0:05:00", "value": 2 } ] } } }""", "channels.SO2.points[1].at: 00:05:00 is not after the previous point (00:10:00)")]
    [InlineData("""{ "schema": "emissionedge.scenario/1", "channels": { "SO2": { "value": 1, "noise": -1 } } }""", "channels.SO2.noise: -1 must be a standard deviation ≥ 0")]
    [InlineData("""{ "schema": "emissionedge.scenario/1", "channels": { "SO2": 1 }, "events": [ { "from": "0:01:00", "to": "0:02:00", "kind": "calibrate" } ] }""", "events[0].kind: \"calibrate\": must be one of calibration")]
    [InlineData("""{ "schema": "emissionedge.scenario/1", "channels": { "SO2": 1 }, "events": [ { "from": "0:02:00", "to": "0:01:00", "kind": "fault" } ] }""", "events[0].to: 00:01:00 is not after from (00:02:00)")]
    [InlineData("""{ "schema": "emissionedge.scenario/1", "channels": { "SO2": 1 }, "events": [ { "from": "0:01:00", "to": "0:02:00", "kind": "slow" } ] }""", "events[0].delayMs: a slow event needs delayMs > 0")]
    [InlineData("""{ "schema": "emissionedge.scenario/1", "start": "2026-03-15T00:00:00", "channels": { "SO2": 1 } }""", "start: \"2026-03-15T00:00:00\" is not an ISO 8601 time with Z or an offset")]
    [InlineData("""{ "schema": "emissionedge.scenario/1", "channels": { "SO2": 1 }""", "test.json: not valid JSON")]
    public void A_bad_scenario_is_refused_naming_the_member_and_the_value(string json, string expected)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(json, "test.json"));
        Assert.Contains(e.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(
            """{ "schema": "x", "channels": { "SO3": 1, "O2": "8" }, "events": [ { "kind": "fault" } ] }""", "many.json"));
        Assert.True(e.Problems.Count >= 5, string.Join("\n", e.Problems)); // schema, SO3, O2, from, to
        Assert.All(e.Problems, p => Assert.StartsWith("many.json: ", p, StringComparison.Ordinal));
    }
}
