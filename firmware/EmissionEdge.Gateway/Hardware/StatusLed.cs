using System.Device.Gpio;
using System.Threading;

namespace EmissionEdge.Gateway.Hardware
{
    /// <summary>What the status LED shows (hardware/reference-board/status-inputs-and-led.md).</summary>
    public enum GatewayState
    {
        /// <summary>Starting: 5 Hz blink.</summary>
        Booting = 0,

        /// <summary>Uplink connected: steady on.</summary>
        Connected = 1,

        /// <summary>Uplink down, records kept in the journal: 1 Hz blink.</summary>
        Buffering = 2,

        /// <summary>Configuration, journal or analyzer fault: two short flashes every 2 s.</summary>
        Fault = 3,
    }

    /// <summary>
    /// One LED that plays a 2-second pattern in 100 ms steps per <see cref="GatewayState"/>.
    /// </summary>
    /// <remarks>
    /// nanoFramework APIs used: <c>System.Device.Gpio.GpioController.OpenPin(int, PinMode.Output)</c>,
    /// <c>GpioPin.Write(PinValue)</c> (nanoFramework.System.Device.Gpio); <c>System.Threading.Timer(TimerCallback, object, int, int)</c> (mscorlib).
    /// </remarks>
    public sealed class StatusLed
    {
        private const int StepMilliseconds = 100;

        // 20 steps of 100 ms each; true = LED on. Indexed by (int)GatewayState.
        private static readonly bool[][] Patterns =
        {
            new[] { true, false, true, false, true, false, true, false, true, false, true, false, true, false, true, false, true, false, true, false },
            new[] { true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true },
            new[] { true, true, true, true, true, false, false, false, false, false, true, true, true, true, true, false, false, false, false, false },
            new[] { true, false, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false },
        };

        private readonly GpioPin _pin;
        private readonly Timer _timer;
        private int _state;
        private int _step;

        /// <summary>Opens the LED pin and starts the pattern in <see cref="GatewayState.Booting"/>.</summary>
        /// <param name="gpio">GPIO controller.</param>
        /// <param name="pinNumber">LED GPIO from the pin map.</param>
        public StatusLed(GpioController gpio, int pinNumber)
        {
            _pin = gpio.OpenPin(pinNumber, PinMode.Output);
            _timer = new Timer(Tick, null, 0, StepMilliseconds);
        }

        /// <summary>Switches the pattern.</summary>
        public GatewayState State
        {
            get => (GatewayState)_state;
            set => _state = (int)value;
        }

        private void Tick(object unused)
        {
            bool[] pattern = Patterns[_state];
            _pin.Write(pattern[_step] ? PinValue.High : PinValue.Low);
            _step = (_step + 1) % pattern.Length;
        }
    }
}
