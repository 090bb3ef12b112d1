namespace EmissionEdge.Emulator.Scenarios;

/// <summary>
/// Where in a <see cref="Scenario"/> an emulated device is: the simulated time it shares with the gateway minus
/// scenario time zero. Analyzers, current loops and contacts of one rig each read their scenario through one.
/// </summary>
public sealed class ScenarioClock
{
    /// <summary>Creates the clock.</summary>
    /// <param name="scenario">The scenario (its <see cref="Scenario.Start"/> is time zero unless <paramref name="start"/> is given).</param>
    /// <param name="time">Simulated time shared with the gateway.</param>
    /// <param name="start">Scenario time zero: by default the scenario's own start, else now.</param>
    public ScenarioClock(Scenario scenario, TimeProvider time, DateTimeOffset? start = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(time);
        Time = time;
        Start = start ?? scenario.Start ?? time.GetUtcNow();
    }

    /// <summary>The time source.</summary>
    public TimeProvider Time { get; }

    /// <summary>The simulated time of scenario time zero.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Scenario time now.</summary>
    public TimeSpan Elapsed => Time.GetUtcNow() - Start;
}
