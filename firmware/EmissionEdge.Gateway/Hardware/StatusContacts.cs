using System;
using System.Device.Gpio;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Hardware
{
    /// <summary>
    /// The opto-isolated status contacts (hardware/reference-board/status-inputs-and-led.md), debounced in
    /// native code: the state is the one of the last <c>ValueChanged</c> event that survived the debounce time.
    /// </summary>
    /// <remarks>
    /// nanoFramework APIs used (nanoFramework.System.Device.Gpio):
    /// <list type="bullet">
    /// <item><c>GpioController.OpenPin(int pinNumber, PinMode mode)</c> with <c>PinMode.Input</c> (the board has 10 kΩ pull-ups).</item>
    /// <item><c>GpioPin.DebounceTimeout</c> (TimeSpan): changes closer together than this raise no <c>ValueChanged</c> event.</item>
    /// <item><c>GpioPin.ValueChanged</c> (<c>PinValueChangedEventHandler(object sender, PinValueChangedEventArgs e)</c>),
    /// <c>PinValueChangedEventArgs.ChangeType</c> (<c>PinEventTypes.Rising/Falling</c>) and <c>PinNumber</c>.</item>
    /// <item><c>GpioPin.Read()</c>: the initial level.</item>
    /// </list>
    /// </remarks>
    public sealed class StatusContacts : IStatusInputs
    {
        /// <summary>Debounce time for relay contacts.</summary>
        public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(50);

        private readonly GpioPin[] _pins;
        private readonly bool[] _activeLow;
        private readonly bool[] _high;
        private readonly object _sync = new object();

        /// <summary>Opens one input per digital input of the pin map.</summary>
        /// <param name="inputs">The pin map's digital inputs.</param>
        /// <param name="gpio">GPIO controller.</param>
        public StatusContacts(DigitalInputPin[] inputs, GpioController gpio)
        {
            _pins = new GpioPin[inputs.Length];
            _activeLow = new bool[inputs.Length];
            _high = new bool[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                GpioPin pin = gpio.OpenPin(inputs[i].Gpio, PinMode.Input);
                pin.DebounceTimeout = Debounce;
                _high[i] = pin.Read() == PinValue.High;
                pin.ValueChanged += OnValueChanged;
                _pins[i] = pin;
                _activeLow[i] = inputs[i].ActiveLow;
            }
        }

        /// <inheritdoc/>
        public bool TryReadClosed(int input, out bool closed)
        {
            closed = false;
            if (input < 0 || input >= _pins.Length)
            {
                return false;
            }

            lock (_sync)
            {
                closed = _high[input] != _activeLow[input];
            }

            return true;
        }

        private void OnValueChanged(object sender, PinValueChangedEventArgs e)
        {
            for (int i = 0; i < _pins.Length; i++)
            {
                if (_pins[i] != null && _pins[i].PinNumber == e.PinNumber)
                {
                    lock (_sync)
                    {
                        _high[i] = e.ChangeType == PinEventTypes.Rising;
                    }

                    return;
                }
            }
        }
    }
}
