namespace EmissionEdge.Gateway.Core.Ports
{
    /// <summary>Time for the gateway: wall-clock UTC (set by SNTP on the device) and a monotonic millisecond counter for timeouts and gaps.</summary>
    public interface IClock
    {
        /// <summary>Current UTC time in ticks (100 ns) since 0001-01-01, as <c>DateTime.UtcNow.Ticks</c>.</summary>
        long UtcTicks { get; }

        /// <summary>A counter in milliseconds that never jumps (unaffected by SNTP corrections).</summary>
        long MonotonicMilliseconds { get; }

        /// <summary>Blocks the calling thread for <paramref name="milliseconds"/> (Thread.Sleep on both platforms; tests advance a fake clock).</summary>
        /// <param name="milliseconds">Time to wait; 0 returns at once.</param>
        void Delay(int milliseconds);
    }
}
