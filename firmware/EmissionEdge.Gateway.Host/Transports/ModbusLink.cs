using System.Globalization;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Host.Transports;

/// <summary>
/// How the PC reaches one RS-485 bus of the gateway configuration (a pin-map UART such as <c>rs485-1</c>): a serial port
/// or an RTU-over-TCP endpoint. Written on the command line as <c>/dev/ttyUSB0</c>, <c>COM7</c> or <c>tcp://host:port</c>.
/// </summary>
public abstract class ModbusLink
{
    private protected ModbusLink()
    {
    }

    /// <summary>A serial port (USB-RS485 adapter, or a pseudo-terminal).</summary>
    /// <param name="portName">For example <c>/dev/ttyUSB0</c> or <c>COM7</c>.</param>
    /// <returns>The link.</returns>
    public static ModbusLink SerialPort(string portName) => new SerialPortLink(portName);

    /// <summary>A serial device server (or emulator) forwarding raw RTU frames over TCP.</summary>
    /// <param name="host">Host name or address.</param>
    /// <param name="port">TCP port.</param>
    /// <returns>The link.</returns>
    public static ModbusLink RtuOverTcp(string host, int port) => new RtuOverTcpLink(host, port);

    /// <summary>An already open transport (tests, custom buses); the host does not dispose it.</summary>
    /// <param name="transport">The transport.</param>
    /// <returns>The link.</returns>
    public static ModbusLink Existing(IModbusTransport transport) => new ExistingLink(transport);

    /// <summary>Parses <c>tcp://host:port</c> or a serial port name.</summary>
    /// <param name="text">The text.</param>
    /// <param name="link">The link when valid.</param>
    /// <param name="error">Why not, naming the text.</param>
    /// <returns>Whether <paramref name="text"/> is valid.</returns>
    public static bool TryParse(string text, out ModbusLink? link, out string error)
    {
        link = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty link: give a serial port (/dev/ttyUSB0, COM7) or tcp://host:port";
            return false;
        }

        if (text.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryParseHostPort(text["tcp://".Length..], out var host, out var port, out error))
            {
                error = $"'{text}': {error}";
                return false;
            }

            link = RtuOverTcp(host, port);
            return true;
        }

        link = SerialPort(text);
        return true;
    }

    /// <summary>Parses <c>host:port</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="host">The host.</param>
    /// <param name="port">The port 1–65535.</param>
    /// <param name="error">Why not.</param>
    /// <param name="allowZero">Whether port 0 (any free port, for listening) is accepted.</param>
    /// <returns>Whether the text is valid.</returns>
    public static bool TryParseHostPort(string text, out string host, out int port, out string error, bool allowZero = false)
    {
        host = string.Empty;
        port = 0;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = $"'{text}' is not host:port";
            return false;
        }

        host = text[..colon].Trim('[', ']');
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < (allowZero ? 0 : 1) || port > 65535)
        {
            error = $"port '{text[(colon + 1)..]}' of '{text}' is not a number from {(allowZero ? 0 : 1)} to 65535";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Opens the transport with the bus's line settings.</summary>
    /// <param name="settings">Line settings from the gateway configuration.</param>
    /// <returns>The transport.</returns>
    /// <exception cref="IOException">A serial port cannot be opened.</exception>
    internal abstract IModbusTransport Open(SerialSettings settings);

    /// <summary>Whether the host owns (and disposes) the opened transport.</summary>
    internal virtual bool OwnsTransport => true;

    private sealed class SerialPortLink(string portName) : ModbusLink
    {
        internal override IModbusTransport Open(SerialSettings settings) => new SerialPortTransport(portName, settings);

        public override string ToString() => portName;
    }

    private sealed class RtuOverTcpLink(string host, int port) : ModbusLink
    {
        internal override IModbusTransport Open(SerialSettings settings) =>
            new RtuOverTcpTransport(host, port, settings.BitsPerCharacter, settings.BaudRate);

        public override string ToString() => $"tcp://{host}:{port}";
    }

    private sealed class ExistingLink(IModbusTransport transport) : ModbusLink
    {
        internal override bool OwnsTransport => false;

        internal override IModbusTransport Open(SerialSettings settings) => transport;

        public override string ToString() => transport.GetType().Name;
    }
}
