using EmissionEdge.Gateway.Host.Time;

namespace EmissionEdge.Soak;

/// <summary>
/// The run's simulated timeline: simulated time <see cref="Start"/> at real time <see cref="RealAnchor"/>, running
/// <see cref="Scale"/> times faster. The harness keeps it in <see cref="Clock"/>; each server process is started with the
/// same three values (<c>--start --time-anchor --time-scale</c>), so a restarted server continues the same timeline.
/// </summary>
public sealed class SoakTimeline
{
    /// <summary>Starts the timeline now.</summary>
    /// <param name="start">Simulated time now.</param>
    /// <param name="scale">Simulated seconds per real second.</param>
    public SoakTimeline(DateTimeOffset start, double scale)
    {
        RealAnchor = DateTimeOffset.UtcNow;
        Clock = new AcceleratedTimeProvider(start, scale);
        Start = start.ToUniversalTime();
        Scale = scale;
    }

    /// <summary>Simulated time at <see cref="RealAnchor"/>.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The real time at which the simulated time was <see cref="Start"/>.</summary>
    public DateTimeOffset RealAnchor { get; }

    /// <summary>Simulated seconds per real second.</summary>
    public double Scale { get; }

    /// <summary>The harness's clock on this timeline.</summary>
    public AcceleratedTimeProvider Clock { get; }

    /// <summary>Simulated time now.</summary>
    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>The real time a simulated duration takes.</summary>
    /// <param name="simulated">Simulated duration.</param>
    /// <returns>Real duration.</returns>
    public TimeSpan ToReal(TimeSpan simulated) => Clock.ToReal(simulated);

    /// <summary>Waits (real time) until the simulated time reaches <paramref name="time"/>.</summary>
    /// <param name="time">Simulated time.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task.</returns>
    public async Task WaitUntilAsync(DateTimeOffset time, CancellationToken cancellationToken)
    {
        var left = time - Now;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(ToReal(left) + TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
        }
    }
}
