using System;
using System.Device.Gpio;
using System.Diagnostics;
using System.IO.Ports;
using System.Threading;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Ports;
using nanoFramework.Hardware.Esp32;

namespace EmissionEdge.Gateway.Hardware
{
    /// <summary>
    /// A half-duplex RS-485 bus on an ESP32 UART with an RS-485 transceiver (hardware/reference-board/rs485.md).
    /// Moves raw Modbus RTU frames for the core's <c>ModbusRtuMaster</c>.
    /// </summary>
    /// <remarks>
    /// nanoFramework APIs used (nanoFramework.System.IO.Ports, nanoFramework.Hardware.Esp32, nanoFramework.System.Device.Gpio):
    /// <list type="bullet">
    /// <item><c>nanoFramework.Hardware.Esp32.Configuration.SetPinFunction(int pin, DeviceFunction value)</c> with
    /// <c>DeviceFunction.COM2_TX/COM2_RX/COM2_RTS</c> (COM3_* for UART2): routes the UART to the pins. COMn is UART n−1.</item>
    /// <item><c>System.IO.Ports.SerialPort(string portName, int baudRate, Parity parity, int dataBits, StopBits stopBits)</c>,
    /// <c>Open()</c>, <c>Write(byte[], int, int)</c>, <c>Read(byte[], int, int)</c>, <c>BytesToRead</c>, <c>ReadTimeout</c>.</item>
    /// <item><c>SerialPort.Mode = SerialMode.RS485</c>: "RTS is raised while the port is sending data. Once data is completely
    /// sent the RTS signal is lowered" (the ESP32 driver sets <c>UART_MODE_RS485_HALF_DUPLEX</c> and drives the mapped RTS pin).</item>
    /// <item><c>System.Device.Gpio.GpioController.OpenPin(int, PinMode)</c>, <c>GpioPin.Write(PinValue)</c>: the DE/RE pin in
    /// <see cref="Rs485Direction.Gpio"/> mode.</item>
    /// </list>
    /// </remarks>
    public sealed class Rs485Port : IModbusTransport, IDisposable
    {
        private readonly SerialPort _port;
        private readonly GpioPin _directionPin;
        private readonly int _bitsPerCharacter;
        private readonly int _baudRate;
        private readonly byte[] _discard = new byte[64];

        /// <summary>Opens the UART of <paramref name="pins"/> with <paramref name="serial"/> line settings.</summary>
        /// <param name="pins">UART, TX, RX and DE/RE pins from the pin map.</param>
        /// <param name="serial">Line settings from the gateway configuration.</param>
        /// <param name="direction">How the transceiver's driver is switched on and off.</param>
        /// <param name="gpio">GPIO controller, used only in <see cref="Rs485Direction.Gpio"/> mode.</param>
        public Rs485Port(UartPins pins, SerialSettings serial, Rs485Direction direction, GpioController gpio)
        {
            bool second = pins.Uart == 2;
            Configuration.SetPinFunction(pins.Tx, second ? DeviceFunction.COM3_TX : DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(pins.Rx, second ? DeviceFunction.COM3_RX : DeviceFunction.COM2_RX);
            if (direction == Rs485Direction.UartRts)
            {
                Configuration.SetPinFunction(pins.DeRe, second ? DeviceFunction.COM3_RTS : DeviceFunction.COM2_RTS);
            }
            else if (direction == Rs485Direction.Gpio)
            {
                _directionPin = gpio.OpenPin(pins.DeRe, PinMode.Output);
                _directionPin.Write(PinValue.Low);
            }

            _port = new SerialPort(second ? "COM3" : "COM2", serial.BaudRate, ToParity(serial.Parity), serial.DataBits, serial.StopBits == 2 ? StopBits.Two : StopBits.One);
            if (direction == Rs485Direction.UartRts)
            {
                _port.Mode = SerialMode.RS485;
            }

            _port.Open();
            _bitsPerCharacter = serial.BitsPerCharacter;
            _baudRate = serial.BaudRate;
        }

        /// <inheritdoc/>
        public int BitsPerCharacter => _bitsPerCharacter;

        /// <inheritdoc/>
        public int BaudRate => _baudRate;

        /// <inheritdoc/>
        public void DiscardInput()
        {
            try
            {
                int waiting;
                while ((waiting = _port.BytesToRead) > 0)
                {
                    _port.Read(_discard, 0, waiting < _discard.Length ? waiting : _discard.Length);
                }
            }
            catch (Exception ex)
            {
                Debug.WriteLine("rs485: discard failed: " + ex.Message);
            }
        }

        /// <inheritdoc/>
        /// <remarks>A UART error is logged and swallowed: the request then gets no answer and the core flags the sample B.</remarks>
        public void Write(byte[] buffer, int offset, int count)
        {
            try
            {
                if (_directionPin == null)
                {
                    _port.Write(buffer, offset, count);
                    return;
                }

                _directionPin.Write(PinValue.High);
                _port.Write(buffer, offset, count);

                // SerialPort.Write returns once the bytes are in the UART FIFO; keep the driver on until the
                // last stop bit has left: count characters plus one for the FIFO, rounded up to whole ms.
                Thread.Sleep((((count + 1) * _bitsPerCharacter * 1000) + _baudRate - 1) / _baudRate);
            }
            catch (Exception ex)
            {
                Debug.WriteLine("rs485: write failed: " + ex.Message);
            }
            finally
            {
                _directionPin?.Write(PinValue.Low);
            }
        }

        /// <inheritdoc/>
        /// <remarks>A UART error is logged and reads as "nothing arrived".</remarks>
        public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            // SerialPort.Read waits for all 'count' bytes and throws TimeoutException otherwise; the core wants
            // "whatever has arrived, waiting only for the first byte", so wait on BytesToRead and read what is there.
            try
            {
                long deadline = Environment.TickCount64 + timeoutMilliseconds;
                int available;
                while ((available = _port.BytesToRead) == 0)
                {
                    if (Environment.TickCount64 >= deadline)
                    {
                        return 0;
                    }

                    Thread.Sleep(1);
                }

                return _port.Read(buffer, offset, available < count ? available : count);
            }
            catch (Exception ex)
            {
                Debug.WriteLine("rs485: read failed: " + ex.Message);
                return 0;
            }
        }

        /// <summary>Closes the UART and releases the DE/RE pin.</summary>
        public void Dispose()
        {
            _port.Close();
            _port.Dispose();
            _directionPin?.Dispose();
        }

        private static Parity ToParity(char parity) => parity == 'E' ? Parity.Even : parity == 'O' ? Parity.Odd : Parity.None;
    }
}
