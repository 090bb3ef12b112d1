using EmissionEdge.Emulator.Scenarios;
using Microsoft.Extensions.Time.Testing;

namespace EmissionEdge.Emulator.Tests;

public class ScenarioClockTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Time_zero_is_the_given_start_else_the_scenarios_own_else_now()
    {
        var time = new FakeTimeProvider(Now);
        var ownStart = Now.AddHours(-2);
        var withStart = new Scenario("with start", ownStart, 1, new Dictionary<string, ChannelProfile>(), []);
        var withoutStart = Scenario.Constant(new Dictionary<string, double>());

        Assert.Equal(Now.AddMinutes(-5), new ScenarioClock(withStart, time, Now.AddMinutes(-5)).Start);
        Assert.Equal(ownStart, new ScenarioClock(withStart, time).Start);
        Assert.Equal(Now, new ScenarioClock(withoutStart, time).Start);
    }

    [Fact]
    public void Elapsed_follows_the_shared_simulated_time()
    {
        var time = new FakeTimeProvider(Now);
        var clock = new ScenarioClock(Scenario.Constant(new Dictionary<string, double>()), time);

        time.Advance(TimeSpan.FromMinutes(90));

        Assert.Equal(TimeSpan.FromMinutes(90), clock.Elapsed);
    }
}
