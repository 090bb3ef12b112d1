using System.IO.Ports;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Host.Transports;

/// <summary>
/// An RS-485 bus reached through a PC serial port (System.IO.Ports): a USB-RS485 adapter with automatic transmit
/// enable, or one end of a pseudo-terminal pair in tests. Line errors are reported as "no answer" (the sampler then
/// flags B), never as exceptions; a port that fails is closed and reopened on the next request, so an adapter that was
/// unplugged and plugged back in recovers.
/// </summary>
public sealed class SerialPortTransport : IModbusTransport, IDisposable
{
    private readonly SerialPort _port;
    private readonly SerialSettings _settings;

    /// <summary>Opens the port.</summary>
    /// <param name="portName">The port, e.g. <c>/dev/ttyUSB0</c> or <c>COM7</c>.</param>
    /// <param name="settings">Line settings of the bus.</param>
    /// <exception cref="IOException">The port cannot be opened; the message names it.</exception>
    public SerialPortTransport(string portName, SerialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _port = CreatePort(portName, settings);
        try
        {
            _port.Open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            _port.Dispose();
            throw new IOException($"serial port '{portName}' cannot be opened: {e.Message}", e);
        }
    }

    /// <summary>The port name.</summary>
    public string PortName => _port.PortName;

    /// <summary>Requests or reads that failed with an I/O error since the port was opened.</summary>
    public long LineErrors { get; private set; }

    /// <summary>The last I/O error (empty when none).</summary>
    public string LastError { get; private set; } = string.Empty;

    /// <inheritdoc />
    public int BitsPerCharacter => _settings.BitsPerCharacter;

    /// <inheritdoc />
    public int BaudRate => _settings.BaudRate;

    /// <inheritdoc />
    public void DiscardInput()
    {
        if (EnsureOpen())
        {
            Guard(() => _port.DiscardInBuffer());
        }
    }

    /// <inheritdoc />
    public void Write(byte[] buffer, int offset, int count)
    {
        if (EnsureOpen())
        {
            Guard(() => _port.Write(buffer, offset, count));
        }
    }

    /// <inheritdoc />
    public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        if (!_port.IsOpen || timeoutMilliseconds <= 0)
        {
            return 0;
        }

        try
        {
            _port.ReadTimeout = timeoutMilliseconds;
            return _port.Read(buffer, offset, count);
        }
        catch (TimeoutException)
        {
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Fail(e);
            return 0;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _port.Dispose();

    private static SerialPort CreatePort(string portName, SerialSettings settings) =>
        new(portName, settings.BaudRate, ParityOf(settings.Parity), settings.DataBits, settings.StopBits == 2 ? StopBits.Two : StopBits.One)
        {
            Handshake = Handshake.None,
            WriteTimeout = 1000,
            ReadBufferSize = 4096,
        };

    private static Parity ParityOf(char parity) => parity switch
    {
        'E' => Parity.Even,
        'O' => Parity.Odd,
        _ => Parity.None,
    };

    private bool EnsureOpen()
    {
        if (_port.IsOpen)
        {
            return true;
        }

        try
        {
            _port.Open();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            LineErrors++;
            LastError = $"serial port '{_port.PortName}' cannot be reopened: {e.Message}";
            return false;
        }
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or TimeoutException)
        {
            Fail(e);
        }
    }

    private void Fail(Exception e)
    {
        LineErrors++;
        LastError = $"serial port '{_port.PortName}': {e.Message}";
        try
        {
            _port.Close();
        }
        catch (IOException)
        {
            // Already gone (adapter unplugged); reopened on the next request.
        }
    }
}
