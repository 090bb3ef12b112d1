using System.Net.Sockets;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Host.Transports;

/// <summary>
/// An RS-485 bus behind a serial device server (or an analyzer emulator) that forwards raw Modbus RTU frames, CRC
/// included, over a TCP connection ("RTU over TCP", not Modbus TCP with its MBAP header). Connects on the first
/// request and again after the connection drops; failures read as "no answer".
/// </summary>
public sealed class RtuOverTcpTransport : IModbusTransport, IDisposable
{
    private const int ConnectTimeoutMilliseconds = 2000;
    private readonly string _host;
    private readonly int _port;
    private Socket? _socket;

    /// <summary>Creates the transport; nothing is connected until the first request.</summary>
    /// <param name="host">Host name or address of the device server.</param>
    /// <param name="port">Its TCP port.</param>
    /// <param name="bitsPerCharacter">Bits per character on the serial side (11 for 8E1).</param>
    /// <param name="baudRate">Speed of the serial side; 115200 when unknown (only the 3.5-character gap depends on it).</param>
    public RtuOverTcpTransport(string host, int port, int bitsPerCharacter = 11, int baudRate = 115200)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _host = host;
        _port = port;
        BitsPerCharacter = bitsPerCharacter;
        BaudRate = baudRate;
    }

    /// <inheritdoc />
    public int BitsPerCharacter { get; }

    /// <inheritdoc />
    public int BaudRate { get; }

    /// <summary>Connections opened so far.</summary>
    public int Connects { get; private set; }

    /// <summary>The last connection failure (empty when none).</summary>
    public string LastError { get; private set; } = string.Empty;

    /// <inheritdoc />
    public void DiscardInput()
    {
        var socket = _socket;
        if (socket is null)
        {
            return;
        }

        try
        {
            var scratch = new byte[256];
            while (socket.Available > 0)
            {
                if (socket.Receive(scratch, Math.Min(scratch.Length, socket.Available), SocketFlags.None) == 0)
                {
                    Drop("closed by the server");
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Drop(e.Message);
        }
    }

    /// <inheritdoc />
    public void Write(byte[] buffer, int offset, int count)
    {
        var socket = _socket ?? Connect();
        if (socket is null)
        {
            return;
        }

        try
        {
            socket.Send(buffer, offset, count, SocketFlags.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Drop(e.Message);
        }
    }

    /// <inheritdoc />
    public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        var socket = _socket;
        if (socket is null || timeoutMilliseconds <= 0)
        {
            return 0;
        }

        try
        {
            if (!socket.Poll(TimeSpan.FromMilliseconds(timeoutMilliseconds), SelectMode.SelectRead))
            {
                return 0;
            }

            int read = socket.Receive(buffer, offset, count, SocketFlags.None);
            if (read == 0)
            {
                Drop("closed by the server");
            }

            return read;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Drop(e.Message);
            return 0;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private Socket? Connect()
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(ConnectTimeoutMilliseconds);
            socket.ConnectAsync(_host, _port, timeout.Token).AsTask().GetAwaiter().GetResult();
            _socket = socket;
            Connects++;
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            LastError = $"RTU-over-TCP {_host}:{_port}: {(e is OperationCanceledException ? "connect timed out" : e.Message)}";
            return null;
        }
    }

    private void Drop(string reason)
    {
        LastError = $"RTU-over-TCP {_host}:{_port}: {reason}";
        _socket?.Dispose();
        _socket = null;
    }
}
