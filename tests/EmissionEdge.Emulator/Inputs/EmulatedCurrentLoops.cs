using EmissionEdge.Emulator.Scenarios;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Emulator.Inputs;

/// <summary>
/// The 4–20 mA transmitters of a gateway configuration, driven by a scenario, for a PC-hosted gateway (a PC has no
/// current inputs): each <c>analogChannels</c> entry's input carries <c>4 + 16 × (value − rangeLow)/(rangeHigh − rangeLow)</c>
/// mA, limited to NAMUR NE43's measurement band 3.8–20.5 mA as a transmitter does (so a value above the range reads
/// as over range, flag T, at 103.125 % of the range); during a <c>fault</c> event for the channel the transmitter
/// (an event that names the channel) signals failure with 3.5 mA; a channel the scenario has no value for reads 0 mA (open loop).
/// </summary>
public sealed class EmulatedCurrentLoops : ICurrentLoopInputs
{
    /// <summary>The failure current a transmitter drives during a fault (NE43: ≤ 3.6 mA).</summary>
    public const double FailureMilliamps = 3.5;

    private readonly AnalogChannelConfig?[] _byInput;
    private readonly Scenario _scenario;
    private readonly ScenarioClock _clock;

    /// <summary>Creates the inputs.</summary>
    /// <param name="config">The gateway configuration (its analog channels and their ranges).</param>
    /// <param name="scenario">Values over time.</param>
    /// <param name="time">Simulated time shared with the gateway.</param>
    /// <param name="scenarioStart">Scenario time zero (the scenario's own start, else now).</param>
    public EmulatedCurrentLoops(GatewayConfig config, Scenario scenario, TimeProvider time, DateTimeOffset? scenarioStart = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _clock = new ScenarioClock(scenario, time, scenarioStart);
        _scenario = scenario;
        _byInput = new AnalogChannelConfig?[config.PinMap.AnalogInputs.Length];
        foreach (var channel in config.AnalogChannels)
        {
            _byInput[channel.InputIndex] = channel;
        }
    }

    /// <summary>Scenario time zero.</summary>
    public DateTimeOffset ScenarioStart => _clock.Start;

    /// <summary>The current a transmitter drives for <paramref name="value"/> on a range (NE43-limited).</summary>
    /// <param name="value">The engineering value.</param>
    /// <param name="rangeLow">Value at 4 mA.</param>
    /// <param name="rangeHigh">Value at 20 mA.</param>
    /// <returns>The current, mA.</returns>
    public static double MilliampsFor(double value, double rangeLow, double rangeHigh)
    {
        double milliamps = 4.0 + (16.0 * (value - rangeLow) / (rangeHigh - rangeLow));
        return Math.Clamp(milliamps, CurrentLoop.MeasurementLow, CurrentLoop.MeasurementHigh);
    }

    /// <inheritdoc />
    public bool TryReadMilliamps(int input, out double milliamps)
    {
        milliamps = 0;
        if (input < 0 || input >= _byInput.Length || _byInput[input] is not { } channel)
        {
            return false;
        }

        var offset = _clock.Elapsed;
        if (_scenario.Events.Any(e => e.Kind == ScenarioEventKind.Fault && e.IsActiveAt(offset) && e.Channels.Contains(channel.Channel, StringComparer.Ordinal)))
        {
            milliamps = FailureMilliamps;
            return true;
        }

        if (_scenario.ValueAt(channel.Channel, offset) is { } value)
        {
            milliamps = MilliampsFor(value, channel.RangeLow, channel.RangeHigh);
        }

        return true;
    }
}
