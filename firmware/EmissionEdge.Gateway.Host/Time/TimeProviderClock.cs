using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Host.Time;

/// <summary>
/// The core's <see cref="IClock"/> on a .NET <see cref="TimeProvider"/>: real time (<see cref="TimeProvider.System"/>),
/// accelerated time (<see cref="AcceleratedTimeProvider"/>: waits last 1/scale of the real time) or lockstep time
/// (<see cref="LockstepTimeProvider"/>: a wait moves the time). A wait ends early with
/// <see cref="OperationCanceledException"/> when the host stops.
/// </summary>
public sealed class TimeProviderClock : IClock
{
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;
    private readonly long _origin;

    /// <summary>Creates the clock.</summary>
    /// <param name="time">The time source.</param>
    /// <param name="stopping">Cancelled when the host stops; ends any wait.</param>
    public TimeProviderClock(TimeProvider time, CancellationToken stopping = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _stopping = stopping;
        _origin = time.GetTimestamp();
    }

    /// <summary>A clock on real time that cannot be cancelled (Modbus timeouts and line gaps).</summary>
    public static TimeProviderClock Real { get; } = new(TimeProvider.System);

    /// <inheritdoc />
    public long UtcTicks => _time.GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public long MonotonicMilliseconds => (long)_time.GetElapsedTime(_origin).TotalMilliseconds;

    /// <inheritdoc />
    /// <exception cref="OperationCanceledException">The host is stopping.</exception>
    public void Delay(int milliseconds)
    {
        if (milliseconds <= 0)
        {
            return;
        }

        var duration = TimeSpan.FromMilliseconds(milliseconds);
        switch (_time)
        {
            case LockstepTimeProvider lockstep:
                lockstep.Advance(duration, _stopping);
                return;
            case AcceleratedTimeProvider accelerated:
                duration = accelerated.ToReal(duration);
                break;
        }

        if (_stopping.CanBeCanceled)
        {
            _stopping.WaitHandle.WaitOne(duration);
            _stopping.ThrowIfCancellationRequested();
        }
        else
        {
            Thread.Sleep(duration);
        }
    }
}
