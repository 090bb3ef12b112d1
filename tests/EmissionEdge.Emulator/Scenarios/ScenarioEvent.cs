namespace EmissionEdge.Emulator.Scenarios;

/// <summary>What happens during a <see cref="ScenarioEvent"/>.</summary>
public enum ScenarioEventKind
{
    /// <summary>The analyzer calibrates: its status entries with flag C are active (and <see cref="ScenarioEvent.Values"/> show zero/span gas).</summary>
    Calibration,

    /// <summary>Maintenance: status entries with flag M are active.</summary>
    Maintenance,

    /// <summary>Instrument fault: status entries with flag D are active (a MARSIC300's "values live" input drops).</summary>
    Fault,

    /// <summary>The analyzer does not answer at all (cable cut, analyzer off): a communication drop-out.</summary>
    Silent,

    /// <summary>The analyzer answers, but only after <see cref="ScenarioEvent.DelayMilliseconds"/> of real time.</summary>
    Slow,

    /// <summary>Answers arrive with a wrong CRC (line noise).</summary>
    Corrupt,

    /// <summary>A status contact (a 4–20 mA analyzer's relay, or a DCS contact) signals: <see cref="ScenarioEvent.Contact"/>.</summary>
    Contact,
}

/// <summary>A window of scenario time in which something happens.</summary>
/// <param name="From">Start, from the scenario start (inclusive).</param>
/// <param name="To">End, from the scenario start (exclusive).</param>
/// <param name="Kind">What happens.</param>
/// <param name="Channels">Channels it concerns (status entries applying to them; values overridden); empty = all.</param>
/// <param name="Values">Values the analyzer shows during the event instead of the profiles (zero or span gas, 0 when not measuring).</param>
/// <param name="DelayMilliseconds">For <see cref="ScenarioEventKind.Slow"/>: the answer delay in real milliseconds.</param>
/// <param name="Contact">For <see cref="ScenarioEventKind.Contact"/>: the pin-map digital input that signals (<c>di-2</c>).</param>
public sealed record ScenarioEvent(
    TimeSpan From,
    TimeSpan To,
    ScenarioEventKind Kind,
    IReadOnlyList<string> Channels,
    IReadOnlyDictionary<string, double> Values,
    int DelayMilliseconds,
    string? Contact)
{
    /// <summary>Whether the event is on at <paramref name="offset"/> from the scenario start.</summary>
    /// <param name="offset">Scenario time.</param>
    /// <returns><see langword="true"/> when <see cref="From"/> ≤ offset &lt; <see cref="To"/>.</returns>
    public bool IsActiveAt(TimeSpan offset) => offset >= From && offset < To;

    /// <summary>Whether the event concerns <paramref name="channel"/>.</summary>
    /// <param name="channel">A telemetry channel name.</param>
    /// <returns><see langword="true"/> when <see cref="Channels"/> is empty or lists it.</returns>
    public bool Concerns(string channel) => Channels.Count == 0 || Channels.Contains(channel, StringComparer.Ordinal);

    /// <summary>The HJ 212 flag of the analyzer status entries this event activates, or <see langword="null"/>.</summary>
    public char? StatusFlag => Kind switch
    {
        ScenarioEventKind.Calibration => 'C',
        ScenarioEventKind.Maintenance => 'M',
        ScenarioEventKind.Fault => 'D',
        _ => null,
    };
}
