using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Core.Modbus
{
    /// <summary>
    /// Modbus RTU master over an <see cref="IModbusTransport"/>: FC01/02/03/04 reads, FC05/06/16
    /// writes, CRC-16/MODBUS, exception responses, response timeout with retries, and the
    /// 3.5-character silent interval between frames (1.75 ms above 19200 bit/s, per the Modbus
    /// serial line specification §2.5.1.1). Addresses are 0-based PDU addresses. Allocation-free:
    /// request and response buffers are preallocated; results are status codes, not exceptions.
    /// </summary>
    public sealed class ModbusRtuMaster
    {
        private const int MaxFrame = 256;
        private readonly IModbusTransport _transport;
        private readonly IClock _clock;
        private readonly byte[] _request = new byte[MaxFrame];
        private readonly byte[] _response = new byte[MaxFrame];
        private long _busFreeAt = long.MinValue;

        /// <summary>Creates a master.</summary>
        /// <param name="transport">The bus.</param>
        /// <param name="clock">Monotonic time and delays.</param>
        /// <param name="timeoutMilliseconds">How long to wait for an answer.</param>
        /// <param name="retries">Extra attempts after a timeout, CRC error or mismatched answer.</param>
        public ModbusRtuMaster(IModbusTransport transport, IClock clock, int timeoutMilliseconds, int retries)
        {
            _transport = transport;
            _clock = clock;
            TimeoutMilliseconds = timeoutMilliseconds;
            Retries = retries;
        }

        /// <summary>How long to wait for an answer, ms.</summary>
        public int TimeoutMilliseconds { get; set; }

        /// <summary>Extra attempts after a failed one.</summary>
        public int Retries { get; set; }

        /// <summary>The exception code of the last <see cref="ModbusStatus.Exception"/> answer.</summary>
        public byte LastExceptionCode { get; private set; }

        /// <summary>Number of requests sent, retries included.</summary>
        public long RequestsSent { get; private set; }

        /// <summary>Attempts that timed out.</summary>
        public long Timeouts { get; private set; }

        /// <summary>Answers that failed the CRC check.</summary>
        public long CrcErrors { get; private set; }

        /// <summary>The silent interval between frames in microseconds: 3.5 characters, or 1750 µs above 19200 bit/s.</summary>
        public int FrameGapMicroseconds
        {
            get
            {
                int baud = _transport.BaudRate;
                if (baud > 19200)
                {
                    return 1750;
                }

                // 3.5 × bits per character / baud seconds, rounded up.
                long numerator = 35L * _transport.BitsPerCharacter * 1000000L;
                long denominator = 10L * baud;
                return (int)((numerator + denominator - 1) / denominator);
            }
        }

        /// <summary>FC01: reads coils.</summary>
        /// <param name="unit">Slave address 1–247.</param>
        /// <param name="address">First coil (0-based).</param>
        /// <param name="count">1–2000 coils.</param>
        /// <param name="values">Destination.</param>
        /// <param name="offset">Index of the first destination element.</param>
        /// <returns>The outcome.</returns>
        public ModbusStatus ReadCoils(byte unit, ushort address, ushort count, bool[] values, int offset) => ReadBits(1, unit, address, count, values, offset);

        /// <summary>FC02: reads discrete inputs.</summary>
        /// <param name="unit">Slave address 1–247.</param>
        /// <param name="address">First input (0-based).</param>
        /// <param name="count">1–2000 inputs.</param>
        /// <param name="values">Destination.</param>
        /// <param name="offset">Index of the first destination element.</param>
        /// <returns>The outcome.</returns>
        public ModbusStatus ReadDiscreteInputs(byte unit, ushort address, ushort count, bool[] values, int offset) => ReadBits(2, unit, address, count, values, offset);

        /// <summary>FC03: reads holding registers.</summary>
        /// <param name="unit">Slave address 1–247.</param>
        /// <param name="address">First register (0-based).</param>
        /// <param name="count">1–125 registers.</param>
        /// <param name="registers">Destination.</param>
        /// <param name="offset">Index of the first destination element.</param>
        /// <returns>The outcome.</returns>
        public ModbusStatus ReadHoldingRegisters(byte unit, ushort address, ushort count, ushort[] registers, int offset) => ReadRegisters(3, unit, address, count, registers, offset);

        /// <summary>FC04: reads input registers.</summary>
        /// <param name="unit">Slave address 1–247.</param>
        /// <param name="address">First register (0-based).</param>
        /// <param name="count">1–125 registers.</param>
        /// <param name="registers">Destination.</param>
        /// <param name="offset">Index of the first destination element.</param>
        /// <returns>The outcome.</returns>
        public ModbusStatus ReadInputRegisters(byte unit, ushort address, ushort count, ushort[] registers, int offset) => ReadRegisters(4, unit, address, count, registers, offset);

        /// <summary>FC05: sets or clears one coil (for example to start a zero check).</summary>
        /// <param name="unit">Slave address 1–247.</param>
        /// <param name="address">Coil (0-based).</param>
        /// <param name="on">The new state.</param>
        /// <returns>The outcome.</returns>
        public ModbusStatus WriteSingleCoil(byte unit, ushort address, bool on)
        {
            int n = Header(unit, 5, address);
            _request[n++] = on ? (byte)0xFF : (byte)0x00;
            _request[n++] = 0x00;
            return Transact(n, 8, true);
        }

        /// <summary>FC06: writes one holding register.</summary>
        /// <param name="unit">Slave address 1–247.</param>
        /// <param name="address">Register (0-based).</param>
        /// <param name="value">The value.</param>
        /// <returns>The outcome.</returns>
        public ModbusStatus WriteSingleRegister(byte unit, ushort address, ushort value)
        {
            int n = Header(unit, 6, address);
            _request[n++] = (byte)(value >> 8);
            _request[n++] = (byte)value;
            return Transact(n, 8, true);
        }

        /// <summary>FC16: writes consecutive holding registers.</summary>
        /// <param name="unit">Slave address 1–247.</param>
        /// <param name="address">First register (0-based).</param>
        /// <param name="values">Source.</param>
        /// <param name="offset">Index of the first source element.</param>
        /// <param name="count">1–123 registers.</param>
        /// <returns>The outcome.</returns>
        public ModbusStatus WriteMultipleRegisters(byte unit, ushort address, ushort[] values, int offset, int count)
        {
            if (count < 1 || count > 123)
            {
                return ModbusStatus.BadResponse;
            }

            int n = Header(unit, 16, address);
            _request[n++] = (byte)(count >> 8);
            _request[n++] = (byte)count;
            _request[n++] = (byte)(count * 2);
            for (int i = 0; i < count; i++)
            {
                _request[n++] = (byte)(values[offset + i] >> 8);
                _request[n++] = (byte)values[offset + i];
            }

            ModbusStatus status = Transact(n, 8, false);
            if (status == ModbusStatus.Ok && (_response[2] != _request[2] || _response[3] != _request[3] || _response[4] != _request[4] || _response[5] != _request[5]))
            {
                return ModbusStatus.BadResponse;
            }

            return status;
        }

        private ModbusStatus ReadBits(byte function, byte unit, ushort address, ushort count, bool[] values, int offset)
        {
            if (count < 1 || count > 2000)
            {
                return ModbusStatus.BadResponse;
            }

            int n = Header(unit, function, address);
            _request[n++] = (byte)(count >> 8);
            _request[n++] = (byte)count;
            int byteCount = (count + 7) / 8;
            ModbusStatus status = Transact(n, 5 + byteCount, false);
            if (status != ModbusStatus.Ok)
            {
                return status;
            }

            if (_response[2] != byteCount)
            {
                return ModbusStatus.BadResponse;
            }

            for (int i = 0; i < count; i++)
            {
                values[offset + i] = (_response[3 + (i >> 3)] & (1 << (i & 7))) != 0;
            }

            return ModbusStatus.Ok;
        }

        private ModbusStatus ReadRegisters(byte function, byte unit, ushort address, ushort count, ushort[] registers, int offset)
        {
            if (count < 1 || count > 125)
            {
                return ModbusStatus.BadResponse;
            }

            int n = Header(unit, function, address);
            _request[n++] = (byte)(count >> 8);
            _request[n++] = (byte)count;
            ModbusStatus status = Transact(n, 5 + (2 * count), false);
            if (status != ModbusStatus.Ok)
            {
                return status;
            }

            if (_response[2] != 2 * count)
            {
                return ModbusStatus.BadResponse;
            }

            for (int i = 0; i < count; i++)
            {
                registers[offset + i] = (ushort)((_response[3 + (2 * i)] << 8) | _response[4 + (2 * i)]);
            }

            return ModbusStatus.Ok;
        }

        private int Header(byte unit, byte function, ushort address)
        {
            _request[0] = unit;
            _request[1] = function;
            _request[2] = (byte)(address >> 8);
            _request[3] = (byte)address;
            return 4;
        }

        private ModbusStatus Transact(int requestLength, int expectedLength, bool echo)
        {
            int length = ModbusCrc.Append(_request, requestLength);
            ModbusStatus status = ModbusStatus.Timeout;
            for (int attempt = 0; attempt <= Retries; attempt++)
            {
                status = Attempt(length, expectedLength);
                if (status == ModbusStatus.Ok && echo)
                {
                    // FC05/06 answer by echoing the request.
                    for (int i = 0; i < 6; i++)
                    {
                        if (_response[i] != _request[i])
                        {
                            status = ModbusStatus.BadResponse;
                            break;
                        }
                    }
                }

                if (status == ModbusStatus.Ok || status == ModbusStatus.Exception)
                {
                    return status;
                }
            }

            return status;
        }

        private ModbusStatus Attempt(int requestLength, int expectedLength)
        {
            WaitForSilentInterval();
            _transport.DiscardInput();
            _transport.Write(_request, 0, requestLength);
            RequestsSent++;

            long deadline = _clock.MonotonicMilliseconds + TimeoutMilliseconds;
            int received = 0;
            int needed = expectedLength;
            while (received < needed)
            {
                long remaining = deadline - _clock.MonotonicMilliseconds;
                int got = remaining > 0 ? _transport.Read(_response, received, needed - received, (int)remaining) : 0;
                if (got <= 0)
                {
                    MarkBusFree();
                    Timeouts++;
                    return ModbusStatus.Timeout;
                }

                received += got;
                if (received >= 2 && _response[1] == (_request[1] | 0x80))
                {
                    needed = 5;
                }
            }

            MarkBusFree();
            if (!ModbusCrc.Check(_response, needed))
            {
                CrcErrors++;
                return ModbusStatus.CrcError;
            }

            if (_response[0] != _request[0])
            {
                return ModbusStatus.BadResponse;
            }

            if (_response[1] == (_request[1] | 0x80))
            {
                LastExceptionCode = _response[2];
                return ModbusStatus.Exception;
            }

            return _response[1] == _request[1] ? ModbusStatus.Ok : ModbusStatus.BadResponse;
        }

        private void WaitForSilentInterval()
        {
            long now = _clock.MonotonicMilliseconds;
            if (now < _busFreeAt)
            {
                _clock.Delay((int)(_busFreeAt - now));
            }
        }

        private void MarkBusFree()
        {
            // Whole milliseconds: the gap rounded up, so it is never shorter than 3.5 characters.
            _busFreeAt = _clock.MonotonicMilliseconds + ((FrameGapMicroseconds + 999) / 1000);
        }
    }
}
