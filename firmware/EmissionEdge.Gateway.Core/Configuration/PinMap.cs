namespace EmissionEdge.Gateway.Core.Configuration
{
    /// <summary>How an RS-485 transceiver's driver is switched on for sending (hardware/reference-board/rs485.md).</summary>
    public enum Rs485Direction
    {
        /// <summary>The UART drives DE/RE as its RTS signal in RS-485 half-duplex mode (pin map <c>"uartRts"</c>, the default).</summary>
        UartRts = 0,

        /// <summary>The application raises DE/RE as a plain GPIO around each frame (<c>"gpio"</c>).</summary>
        Gpio = 1,

        /// <summary>An auto-direction transceiver switches itself; the DE/RE pin is not used (<c>"auto"</c>).</summary>
        Auto = 2,
    }

    /// <summary>A UART wired to an RS-485 transceiver.</summary>
    public sealed class UartPins
    {
        /// <summary>Creates the entry.</summary>
        /// <param name="name">Name the gateway configuration uses (<c>rs485-1</c>).</param>
        /// <param name="uart">ESP32 UART controller number (1 or 2).</param>
        /// <param name="tx">TX GPIO.</param>
        /// <param name="rx">RX GPIO.</param>
        /// <param name="deRe">GPIO driving the transceiver's DE and /RE pins (high = transmit).</param>
        /// <param name="direction">How DE/RE is driven.</param>
        public UartPins(string name, int uart, int tx, int rx, int deRe, Rs485Direction direction = Rs485Direction.UartRts)
        {
            Direction = direction;
            Name = name;
            Uart = uart;
            Tx = tx;
            Rx = rx;
            DeRe = deRe;
        }

        /// <summary>Name used by the gateway configuration.</summary>
        public string Name { get; }

        /// <summary>UART controller number.</summary>
        public int Uart { get; }

        /// <summary>TX GPIO.</summary>
        public int Tx { get; }

        /// <summary>RX GPIO.</summary>
        public int Rx { get; }

        /// <summary>DE/RE GPIO.</summary>
        public int DeRe { get; }

        /// <summary>How DE/RE is driven.</summary>
        public Rs485Direction Direction { get; }
    }

    /// <summary>A 4–20 mA input: an ADC1 pin measuring the voltage across a shunt resistor.</summary>
    public sealed class AnalogInputPin
    {
        /// <summary>Creates the entry.</summary>
        /// <param name="name">Name the gateway configuration uses (<c>ai-1</c>).</param>
        /// <param name="gpio">ADC1 GPIO (32–39).</param>
        /// <param name="shuntOhms">Shunt resistance in ohms.</param>
        public AnalogInputPin(string name, int gpio, double shuntOhms)
        {
            Name = name;
            Gpio = gpio;
            ShuntOhms = shuntOhms;
        }

        /// <summary>Name used by the gateway configuration.</summary>
        public string Name { get; }

        /// <summary>GPIO number.</summary>
        public int Gpio { get; }

        /// <summary>Shunt resistance in ohms.</summary>
        public double ShuntOhms { get; }
    }

    /// <summary>A status contact input.</summary>
    public sealed class DigitalInputPin
    {
        /// <summary>Creates the entry.</summary>
        /// <param name="name">Name the gateway configuration uses (<c>di-1</c>).</param>
        /// <param name="gpio">GPIO number.</param>
        /// <param name="activeLow">Whether a closed contact reads low (contact to GND with pull-up).</param>
        public DigitalInputPin(string name, int gpio, bool activeLow)
        {
            Name = name;
            Gpio = gpio;
            ActiveLow = activeLow;
        }

        /// <summary>Name used by the gateway configuration.</summary>
        public string Name { get; }

        /// <summary>GPIO number.</summary>
        public int Gpio { get; }

        /// <summary>Whether a closed contact reads low.</summary>
        public bool ActiveLow { get; }
    }

    /// <summary>
    /// Which pins of the gateway board do what (<c>hardware/pinmaps/*.json</c>), read and checked by
    /// <see cref="PinMapReader"/>. The ESP32 app configures its UARTs, ADC channels and GPIOs from it.
    /// </summary>
    public sealed class PinMap
    {
        /// <summary>Creates a pin map.</summary>
        /// <param name="board">Board name.</param>
        /// <param name="chip">Chip family (<c>ESP32</c>).</param>
        /// <param name="uarts">RS-485 ports.</param>
        /// <param name="analogInputs">4–20 mA inputs; their index is the input number of <see cref="Ports.ICurrentLoopInputs"/>.</param>
        /// <param name="digitalInputs">Status contacts; their index is the input number of <see cref="Ports.IStatusInputs"/>.</param>
        /// <param name="statusLed">GPIO of the status LED, or -1.</param>
        /// <param name="watchdogKick">GPIO toggled to keep an external watchdog from resetting the board, or -1.</param>
        public PinMap(string board, string chip, UartPins[] uarts, AnalogInputPin[] analogInputs, DigitalInputPin[] digitalInputs, int statusLed, int watchdogKick = -1)
        {
            WatchdogKick = watchdogKick;
            Board = board;
            Chip = chip;
            Uarts = uarts;
            AnalogInputs = analogInputs;
            DigitalInputs = digitalInputs;
            StatusLed = statusLed;
        }

        /// <summary>Board name.</summary>
        public string Board { get; }

        /// <summary>Chip family.</summary>
        public string Chip { get; }

        /// <summary>RS-485 ports.</summary>
        public UartPins[] Uarts { get; }

        /// <summary>4–20 mA inputs.</summary>
        public AnalogInputPin[] AnalogInputs { get; }

        /// <summary>Status contact inputs.</summary>
        public DigitalInputPin[] DigitalInputs { get; }

        /// <summary>Status LED GPIO, or -1.</summary>
        public int StatusLed { get; }

        /// <summary>External watchdog kick (WDI) GPIO, or -1.</summary>
        public int WatchdogKick { get; }

        /// <summary>Index of the UART named <paramref name="name"/>, or -1.</summary>
        /// <param name="name">Port name.</param>
        /// <returns>The index.</returns>
        public int UartIndex(string name)
        {
            for (int i = 0; i < Uarts.Length; i++)
            {
                if (Uarts[i].Name == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Index of the analog input named <paramref name="name"/>, or -1.</summary>
        /// <param name="name">Input name.</param>
        /// <returns>The index.</returns>
        public int AnalogInputIndex(string name)
        {
            for (int i = 0; i < AnalogInputs.Length; i++)
            {
                if (AnalogInputs[i].Name == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Index of the digital input named <paramref name="name"/>, or -1.</summary>
        /// <param name="name">Input name.</param>
        /// <returns>The index.</returns>
        public int DigitalInputIndex(string name)
        {
            for (int i = 0; i < DigitalInputs.Length; i++)
            {
                if (DigitalInputs[i].Name == name)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
