namespace EmissionEdge.Compliance.Model;

/// <summary>
/// One channel of a minute record: average, minimum and maximum of the valid samples, their count,
/// and the minute's HJ 212 flag, exactly as the telemetry contract carries them.
/// </summary>
/// <remarks>
/// The default value is "not present" (the channel is not measured on this unit).
/// A present reading without a value (<see cref="HasValue"/> false) means the minute had no valid
/// sample; its <see cref="Flag"/> says why.
/// </remarks>
public readonly struct ChannelReading : IEquatable<ChannelReading>
{
    private const byte PresentBit = 1;
    private const byte ValueBit = 2;
    private readonly byte _state;

    /// <summary>Creates a reading with a value.</summary>
    /// <param name="average">Average of the minute's valid samples.</param>
    /// <param name="minimum">Minimum of the minute's valid samples.</param>
    /// <param name="maximum">Maximum of the minute's valid samples.</param>
    /// <param name="samples">Number of valid samples (n).</param>
    /// <param name="flag">The minute's flag.</param>
    public ChannelReading(double average, double minimum, double maximum, int samples, DataFlag flag)
    {
        Average = average;
        Minimum = minimum;
        Maximum = maximum;
        Samples = samples;
        Flag = flag;
        _state = PresentBit | ValueBit;
    }

    private ChannelReading(int samples, DataFlag flag)
    {
        Samples = samples;
        Flag = flag;
        _state = PresentBit;
    }

    /// <summary>A reading whose minute had one value (minimum = maximum = average), as in a CSV file.</summary>
    /// <param name="value">The minute value.</param>
    /// <param name="flag">The minute's flag.</param>
    /// <returns>The reading.</returns>
    public static ChannelReading FromValue(double value, DataFlag flag = DataFlag.N) => new(value, value, value, 0, flag);

    /// <summary>A present reading without a value: the channel is measured but the minute had no valid sample.</summary>
    /// <param name="flag">Why there is no value (for example <see cref="DataFlag.B"/>).</param>
    /// <param name="samples">Valid samples (normally 0).</param>
    /// <returns>The reading.</returns>
    public static ChannelReading WithoutValue(DataFlag flag, int samples = 0) => new(samples, flag);

    /// <summary>Average of the valid samples; meaningful only when <see cref="HasValue"/>.</summary>
    public double Average { get; }

    /// <summary>Minimum of the valid samples; meaningful only when <see cref="HasValue"/>.</summary>
    public double Minimum { get; }

    /// <summary>Maximum of the valid samples; meaningful only when <see cref="HasValue"/>.</summary>
    public double Maximum { get; }

    /// <summary>Number of valid samples in the minute (0 when unknown, for example from a CSV file).</summary>
    public int Samples { get; }

    /// <summary>The minute's HJ 212 flag.</summary>
    public DataFlag Flag { get; }

    /// <summary>Whether the channel is measured in this record at all.</summary>
    public bool IsPresent => (_state & PresentBit) != 0;

    /// <summary>Whether the reading carries a value.</summary>
    public bool HasValue => (_state & ValueBit) != 0;

    /// <inheritdoc />
    public bool Equals(ChannelReading other) =>
        _state == other._state && Flag == other.Flag && Samples == other.Samples &&
        Average.Equals(other.Average) && Minimum.Equals(other.Minimum) && Maximum.Equals(other.Maximum);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ChannelReading other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_state, Flag, Samples, Average, Minimum, Maximum);

    /// <summary>Equality of all fields.</summary>
    public static bool operator ==(ChannelReading left, ChannelReading right) => left.Equals(right);

    /// <summary>Inequality of any field.</summary>
    public static bool operator !=(ChannelReading left, ChannelReading right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() =>
        !IsPresent ? "absent" : HasValue ? $"{Average} [{Minimum}..{Maximum}] n={Samples} {DataFlags.Letter(Flag)}" : $"no value n={Samples} {DataFlags.Letter(Flag)}";
}
