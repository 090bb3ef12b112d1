using System;
using System.Device.Gpio;
using System.Diagnostics;
using System.Threading;
using nanoFramework.Runtime.Native;

namespace EmissionEdge.Gateway.Hardware
{
    /// <summary>
    /// Reboots the gateway when the main loop stops checking in, and kicks the board's external watchdog
    /// (TPS3823, hardware/reference-board/status-inputs-and-led.md) only while it does. nanoFramework has no
    /// managed API for the ESP32's own watchdogs.
    /// </summary>
    /// <remarks>
    /// nanoFramework APIs used:
    /// <list type="bullet">
    /// <item><c>nanoFramework.Runtime.Native.Power.RebootDevice(int exeConstraintTimeout)</c> (nanoFramework.Runtime.Native):
    /// raises <c>Power.OnRebootEvent</c>, aborts handlers after the timeout, then reboots.</item>
    /// <item><c>System.Environment.TickCount64</c> (nanoFramework.Runtime.Native): milliseconds since start, never adjusted by SNTP.</item>
    /// <item><c>System.Threading.Thread</c> with <c>Priority = ThreadPriority.Highest</c> (mscorlib).</item>
    /// <item><c>GpioController.OpenPin(int, PinMode.Output)</c>, <c>GpioPin.Toggle()</c> (nanoFramework.System.Device.Gpio).</item>
    /// </list>
    /// </remarks>
    public sealed class Supervisor
    {
        private const int PollMilliseconds = 500;
        private readonly int _limitMilliseconds;
        private readonly GpioPin _watchdogKick;
        private readonly object _sync = new object();
        private long _lastCheckIn;

        /// <summary>Starts supervising.</summary>
        /// <param name="limitSeconds">Longest allowed time between two <see cref="CheckIn"/> calls.</param>
        /// <param name="gpio">GPIO controller.</param>
        /// <param name="watchdogKickPin">WDI pin of the external watchdog, or -1 when the board has none.</param>
        public Supervisor(int limitSeconds, GpioController gpio, int watchdogKickPin)
        {
            _limitMilliseconds = limitSeconds * 1000;
            _lastCheckIn = Environment.TickCount64;
            if (watchdogKickPin >= 0)
            {
                _watchdogKick = gpio.OpenPin(watchdogKickPin, PinMode.Output);
            }

            var thread = new Thread(Watch);
            thread.Priority = ThreadPriority.Highest;
            thread.Start();
        }

        /// <summary>Called by the main loop once per cycle.</summary>
        public void CheckIn()
        {
            lock (_sync)
            {
                _lastCheckIn = Environment.TickCount64;
            }
        }

        private void Watch()
        {
            while (true)
            {
                long silent;
                lock (_sync)
                {
                    silent = Environment.TickCount64 - _lastCheckIn;
                }

                if (silent > _limitMilliseconds)
                {
                    Debug.WriteLine("supervisor: main loop silent for " + silent.ToString() + " ms, rebooting");
                    Power.RebootDevice(2000);
                }

                _watchdogKick?.Toggle();
                Thread.Sleep(PollMilliseconds);
            }
        }
    }
}
