using EmissionEdge.Gateway.Core.Acquisition;

namespace EmissionEdge.Emulator.Scenarios;

/// <summary>
/// What an emulated analyzer shows over time: a profile per channel (concentrations, O2, flow, …) and events
/// (calibration, maintenance, fault, silence, slow or corrupt answers, closed contacts). Scenario time is measured from
/// <see cref="Start"/> (when given) or from when the emulator starts. Read from a JSON file (README "Scenario files") by
/// <see cref="ScenarioReader"/>, or made from constant values by <see cref="Constant"/>.
/// </summary>
public sealed class Scenario
{
    /// <summary>Creates a scenario.</summary>
    /// <param name="description">What it shows.</param>
    /// <param name="start">Fixed simulated start time, or <see langword="null"/> to start when the emulator starts.</param>
    /// <param name="seed">Seed of the noise.</param>
    /// <param name="channels">Profiles by telemetry channel name.</param>
    /// <param name="events">Events, in any order.</param>
    /// <exception cref="ArgumentException">A channel is not a telemetry channel, or a profile has no point.</exception>
    public Scenario(string description, DateTimeOffset? start, int seed, IReadOnlyDictionary<string, ChannelProfile> channels, IReadOnlyList<ScenarioEvent> events)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(events);
        foreach (var (name, profile) in channels)
        {
            if (ChannelNames.IndexOf(name) < 0)
            {
                throw new ArgumentException($"'{name}' is not a telemetry channel (known: {ChannelNames.List()})", nameof(channels));
            }

            if (profile.Points.Count == 0)
            {
                throw new ArgumentException($"the profile of {name} has no point", nameof(channels));
            }
        }

        Description = description;
        Start = start?.ToUniversalTime();
        Seed = seed;
        Channels = channels;
        Events = events;
    }

    /// <summary>What the scenario shows.</summary>
    public string Description { get; }

    /// <summary>Fixed simulated start, or <see langword="null"/> (the emulator's start).</summary>
    public DateTimeOffset? Start { get; }

    /// <summary>Noise seed.</summary>
    public int Seed { get; }

    /// <summary>Profiles by channel name.</summary>
    public IReadOnlyDictionary<string, ChannelProfile> Channels { get; }

    /// <summary>Events.</summary>
    public IReadOnlyList<ScenarioEvent> Events { get; }

    /// <summary>A scenario of constant values without noise or events (<c>emulate --set SO2=18.62</c>).</summary>
    /// <param name="values">Value by channel name.</param>
    /// <returns>The scenario.</returns>
    public static Scenario Constant(IReadOnlyDictionary<string, double> values) =>
        new(
            "constant values",
            null,
            1,
            values.ToDictionary(v => v.Key, v => new ChannelProfile(v.Key, [new ProfilePoint(TimeSpan.Zero, v.Value)], ProfileShape.Step, 0), StringComparer.Ordinal),
            []);

    /// <summary>
    /// The value <paramref name="channel"/> shows at <paramref name="offset"/>: an active event's value for it, else its
    /// profile with noise; <see langword="null"/> when the scenario has no value for it (the analyzer then shows 0).
    /// </summary>
    /// <param name="channel">Channel name.</param>
    /// <param name="offset">Scenario time.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public double? ValueAt(string channel, TimeSpan offset)
    {
        foreach (var e in Events)
        {
            if (e.IsActiveAt(offset) && e.Values.TryGetValue(channel, out var value))
            {
                return value;
            }
        }

        return Channels.TryGetValue(channel, out var profile) ? profile.ValueAt(offset, Seed) : null;
    }

    /// <summary>Whether an event of <paramref name="kind"/> concerning <paramref name="channel"/> (or any channel when null) is on.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="offset">Scenario time.</param>
    /// <param name="channel">A channel, or <see langword="null"/> for any.</param>
    /// <returns>Whether one is on.</returns>
    public bool IsActive(ScenarioEventKind kind, TimeSpan offset, string? channel = null) =>
        Events.Any(e => e.Kind == kind && e.IsActiveAt(offset) && (channel is null || e.Concerns(channel)));

    /// <summary>The answer delay of an active <see cref="ScenarioEventKind.Slow"/> event (the longest), or zero.</summary>
    /// <param name="offset">Scenario time.</param>
    /// <returns>The delay.</returns>
    public TimeSpan AnswerDelayAt(TimeSpan offset) =>
        TimeSpan.FromMilliseconds(Events.Where(e => e.Kind == ScenarioEventKind.Slow && e.IsActiveAt(offset)).Select(e => e.DelayMilliseconds).DefaultIfEmpty(0).Max());

    /// <summary>Whether the contact <paramref name="input"/> (<c>di-2</c>) is closed by an active event.</summary>
    /// <param name="input">Pin-map digital input name.</param>
    /// <param name="offset">Scenario time.</param>
    /// <returns>Whether it is closed.</returns>
    public bool IsContactClosed(string input, TimeSpan offset) =>
        Events.Any(e => e.Kind == ScenarioEventKind.Contact && e.IsActiveAt(offset) && string.Equals(e.Contact, input, StringComparison.Ordinal));
}
