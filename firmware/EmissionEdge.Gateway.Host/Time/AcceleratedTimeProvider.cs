namespace EmissionEdge.Gateway.Host.Time;

/// <summary>
/// Simulated time that runs <see cref="Scale"/> times faster than real time from <see cref="Start"/>: for demos and
/// rigs where a gateway and its analyzer emulators must live through hours in minutes. Give the same instance (or the
/// same start, scale and real anchor) to every party that must agree on the time. Timers created through it fire
/// after the scaled-down real time.
/// </summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly TimeProvider _real;
    private readonly long _anchor;

    /// <summary>Starts simulated time at <paramref name="start"/> now.</summary>
    /// <param name="start">The simulated time of this instant.</param>
    /// <param name="scale">Simulated seconds per real second (≥ 1).</param>
    /// <param name="real">The real time source (<see cref="TimeProvider.System"/> by default).</param>
    /// <exception cref="ArgumentOutOfRangeException">The scale is below 1 or not finite.</exception>
    public AcceleratedTimeProvider(DateTimeOffset start, double scale, TimeProvider? real = null)
    {
        if (!double.IsFinite(scale) || scale < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the time scale must be a number of at least 1");
        }

        _real = real ?? System;
        _anchor = _real.GetTimestamp();
        Start = start.ToUniversalTime();
        Scale = scale;
    }

    /// <summary>The simulated time when the provider was created.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Simulated seconds per real second.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Start + (_real.GetElapsedTime(_anchor) * Scale);

    /// <inheritdoc />
    public override long TimestampFrequency => _real.TimestampFrequency;

    /// <inheritdoc />
    public override long GetTimestamp() => _anchor + (long)((_real.GetTimestamp() - _anchor) * Scale);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _real.CreateTimer(callback, state, ToReal(dueTime), ToReal(period));

    /// <summary>The real time a simulated duration takes.</summary>
    /// <param name="simulated">A simulated duration (<see cref="Timeout.InfiniteTimeSpan"/> stays infinite).</param>
    /// <returns>The real duration.</returns>
    public TimeSpan ToReal(TimeSpan simulated) => simulated == Timeout.InfiniteTimeSpan ? simulated : simulated / Scale;
}
