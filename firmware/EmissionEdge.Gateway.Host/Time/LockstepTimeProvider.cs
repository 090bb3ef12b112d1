namespace EmissionEdge.Gateway.Host.Time;

/// <summary>
/// Simulated time that moves only when the gateway waits for its next sample (<see cref="Advance"/>), so every
/// sampling instant is taken however slow the machine is, and a test decides how far time may go
/// (<see cref="RunTo"/>): the HIL tests use it to get exact minute values and to act (stop a broker, kill a link) at
/// exact simulated times. Analyzer emulators read the same instance, so they answer with the value of the sampling
/// instant. Real-time work (Modbus timeouts, MQTT) is unaffected. Timers are not supported.
/// </summary>
public sealed class LockstepTimeProvider : TimeProvider
{
    private readonly object _sync = new();
    private readonly DateTimeOffset _origin;
    private DateTimeOffset _now;
    private DateTimeOffset _limit;

    /// <summary>Creates the clock at <paramref name="start"/>, held there until <see cref="RunTo"/> lets it move.</summary>
    /// <param name="start">The simulated start time.</param>
    public LockstepTimeProvider(DateTimeOffset start)
    {
        _origin = start.ToUniversalTime();
        _now = _origin;
        _limit = _origin;
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_sync)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => (GetUtcNow() - _origin).Ticks;

    /// <summary>Not supported: nothing may wait on lockstep time except through <see cref="Advance"/>.</summary>
    /// <param name="callback">Unused.</param>
    /// <param name="state">Unused.</param>
    /// <param name="dueTime">Unused.</param>
    /// <param name="period">Unused.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("lockstep time has no timers: time moves only when the gateway waits for its next sample");

    /// <summary>The limit up to which time may currently move.</summary>
    public DateTimeOffset Limit
    {
        get
        {
            lock (_sync)
            {
                return _limit;
            }
        }
    }

    /// <summary>
    /// Moves time forward by <paramref name="delta"/> (the gateway's wait for its next sample). Blocks while that would
    /// pass the limit, and moves as far as the limit allows each time it is raised.
    /// </summary>
    /// <param name="delta">How far to move.</param>
    /// <param name="cancellationToken">Ends a blocked wait.</param>
    /// <exception cref="OperationCanceledException">Cancelled while waiting for the limit.</exception>
    public void Advance(TimeSpan delta, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            var target = _now + delta;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var step = target <= _limit ? target : _limit;
                if (step > _now)
                {
                    _now = step;
                    Monitor.PulseAll(_sync);
                }

                if (_now >= target)
                {
                    return;
                }

                // Wake up now and then to notice cancellation; RunTo pulses when the limit moves.
                Monitor.Wait(_sync, 50);
            }
        }
    }

    /// <summary>Lets time move up to <paramref name="limit"/> without waiting for it to get there.</summary>
    /// <param name="limit">The new limit (ignored when earlier than the current one).</param>
    public void Release(DateTimeOffset limit)
    {
        lock (_sync)
        {
            if (limit > _limit)
            {
                _limit = limit;
                Monitor.PulseAll(_sync);
            }
        }
    }

    /// <summary>Lets time move up to <paramref name="limit"/> and waits until the gateway has got there.</summary>
    /// <param name="limit">The simulated time to reach.</param>
    /// <param name="timeout">Real time to wait at most.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <exception cref="TimeoutException">Time did not reach <paramref name="limit"/> in time (the gateway is stuck or not running).</exception>
    public void RunTo(DateTimeOffset limit, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Release(limit);
        var deadline = DateTime.UtcNow + timeout;
        lock (_sync)
        {
            while (_now < limit)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"simulated time is at {_now:O}, not {limit.ToUniversalTime():O}, after {timeout.TotalSeconds:0.#} s of real time");
                }

                Monitor.Wait(_sync, left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
            }
        }
    }
}
