using EmissionEdge.Emulator.Scenarios;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Emulator.Inputs;

/// <summary>
/// The status contacts of a gateway configuration, driven by a scenario's <c>contact</c> events for a PC-hosted gateway:
/// while an event names a pin-map digital input (<c>di-2</c>) that contact signals: closed when the configuration says
/// it is normally open, open when normally closed. Inputs the configuration does not use read as unreadable.
/// </summary>
public sealed class EmulatedContacts : IStatusInputs
{
    private readonly string[] _names;
    private readonly bool?[] _normallyClosed;
    private readonly Scenario _scenario;
    private readonly ScenarioClock _clock;

    /// <summary>Creates the contacts.</summary>
    /// <param name="config">The gateway configuration.</param>
    /// <param name="scenario">The contact events.</param>
    /// <param name="time">Simulated time shared with the gateway.</param>
    /// <param name="scenarioStart">Scenario time zero (the scenario's own start, else now).</param>
    public EmulatedContacts(GatewayConfig config, Scenario scenario, TimeProvider time, DateTimeOffset? scenarioStart = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _clock = new ScenarioClock(scenario, time, scenarioStart);
        _scenario = scenario;
        _names = config.PinMap.DigitalInputs.Select(d => d.Name).ToArray();
        _normallyClosed = new bool?[_names.Length];
        foreach (var input in config.StatusInputs)
        {
            _normallyClosed[input.InputIndex] = input.NormallyClosed;
        }
    }

    /// <summary>Scenario time zero.</summary>
    public DateTimeOffset ScenarioStart => _clock.Start;

    /// <inheritdoc />
    public bool TryReadClosed(int input, out bool closed)
    {
        closed = false;
        if (input < 0 || input >= _names.Length || _normallyClosed[input] is not { } normallyClosed)
        {
            return false;
        }

        bool signalling = _scenario.IsContactClosed(_names[input], _clock.Elapsed);
        closed = signalling != normallyClosed;
        return true;
    }
}
