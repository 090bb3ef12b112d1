namespace EmissionEdge.Compliance.Model;

/// <summary>
/// One minute of one unit: the readings of every channel measured on it, stamped with the UTC
/// start of the minute (domain.md §2: records are stamped with the start of their interval).
/// </summary>
/// <remarks>
/// Values are as measured (wet or dry, actual or standard state as the unit profile says);
/// standardization happens in the compliance engine, so the cloud can always recompute.
/// </remarks>
public sealed class MinuteRecord
{
    private readonly ChannelReading[] _readings = new ChannelReading[Channels.Count];

    /// <summary>Creates an empty record (no channel present).</summary>
    /// <param name="unit">The unit id, for example <c>"GS-01"</c>.</param>
    /// <param name="minuteUtc">Start of the minute; UTC (or local/unspecified converted as UTC), whole minute.</param>
    /// <exception cref="ArgumentException">The unit is empty or the time is not a whole minute.</exception>
    public MinuteRecord(string unit, DateTime minuteUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        if (minuteUtc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException($"minute must be UTC, got {minuteUtc:o} ({minuteUtc.Kind})", nameof(minuteUtc));
        }

        if (minuteUtc.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentException($"minute must be the start of a minute, got {minuteUtc:o}", nameof(minuteUtc));
        }

        Unit = unit;
        MinuteUtc = minuteUtc;
    }

    /// <summary>The unit id.</summary>
    public string Unit { get; }

    /// <summary>UTC start of the minute.</summary>
    public DateTime MinuteUtc { get; }

    /// <summary>The reading of <paramref name="channel"/>; the default (not present) when the channel is not measured.</summary>
    /// <param name="channel">The channel.</param>
    public ChannelReading this[Channel channel]
    {
        get => _readings[(int)channel];
        set => _readings[(int)channel] = value;
    }

    /// <summary>Whether <paramref name="channel"/> is measured in this record.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns><see langword="true"/> when a reading (with or without value) is present.</returns>
    public bool Has(Channel channel) => _readings[(int)channel].IsPresent;

    /// <summary>Whether this record carries the same readings as <paramref name="other"/> (unit, minute and every channel).</summary>
    /// <param name="other">Another record.</param>
    /// <returns><see langword="true"/> when nothing differs.</returns>
    public bool SameContentAs(MinuteRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!string.Equals(Unit, other.Unit, StringComparison.Ordinal) || MinuteUtc != other.MinuteUtc)
        {
            return false;
        }

        for (var i = 0; i < _readings.Length; i++)
        {
            if (!_readings[i].Equals(other._readings[i]))
            {
                return false;
            }
        }

        return true;
    }
}
