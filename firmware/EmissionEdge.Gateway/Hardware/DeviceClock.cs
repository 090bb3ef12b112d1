using System;
using System.Threading;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Hardware
{
    /// <summary>The ESP32's clocks: UTC wall time (set by SNTP) and the monotonic millisecond counter.</summary>
    /// <remarks>
    /// nanoFramework APIs used: <c>System.DateTime.UtcNow</c>, <c>System.Threading.Thread.Sleep(int)</c> (mscorlib);
    /// <c>System.Environment.TickCount64</c> (nanoFramework.Runtime.Native: "the number of milliseconds elapsed since the system started").
    /// </remarks>
    public sealed class DeviceClock : IClock
    {
        /// <inheritdoc/>
        public long UtcTicks => DateTime.UtcNow.Ticks;

        /// <inheritdoc/>
        public long MonotonicMilliseconds => Environment.TickCount64;

        /// <inheritdoc/>
        public void Delay(int milliseconds)
        {
            if (milliseconds > 0)
            {
                Thread.Sleep(milliseconds);
            }
        }
    }
}
