using System.Net;
using System.Net.Sockets;

namespace EmissionEdge.Emulator.Serving;

/// <summary>
/// Serves an <see cref="EmulatedBus"/> as RTU over TCP: raw RTU frames (CRC included, no MBAP header) on each accepted
/// connection, as a serial device server forwards them. Several masters may connect; each connection is served on its
/// own thread.
/// </summary>
public sealed class TcpRtuServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly EmulatedBus _bus;
    private readonly List<Socket> _connections = [];

    /// <summary>Binds and listens (port 0 picks a free port: see <see cref="LocalEndPoint"/>).</summary>
    /// <param name="endpoint">Address and port to listen on.</param>
    /// <param name="bus">The analyzers to serve.</param>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public TcpRtuServer(IPEndPoint endpoint, EmulatedBus bus)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(bus);
        _bus = bus;
        _listener = new TcpListener(endpoint);
        _listener.Start();
        LocalEndPoint = (IPEndPoint)_listener.LocalEndpoint;
    }

    /// <summary>Where the server listens.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The bus served.</summary>
    public EmulatedBus Bus => _bus;

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionsAccepted { get; private set; }

    /// <summary>Accepts and serves connections until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops serving and closes every connection.</param>
    /// <returns>Completes when the server has stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var served = new List<Task>();
        using var registration = cancellationToken.Register(CloseAll);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
                socket.NoDelay = true;
                lock (_connections)
                {
                    _connections.Add(socket);
                }

                ConnectionsAccepted++;
                served.Add(ServingThread.Run($"emulator tcp {socket.RemoteEndPoint}", () => Serve(socket, cancellationToken)));
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        await Task.WhenAll(served).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _listener.Stop();
        CloseAll();
    }

    private void Serve(Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            _bus.Serve(
                (buffer, timeout) =>
                {
                    if (!socket.Poll(timeout, SelectMode.SelectRead))
                    {
                        return 0;
                    }

                    int read = socket.Receive(buffer);
                    return read == 0 ? -1 : read;
                },
                frame => socket.Send(frame),
                cancellationToken);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The master went away, or the server is stopping.
        }
        finally
        {
            lock (_connections)
            {
                _connections.Remove(socket);
            }

            socket.Dispose();
        }
    }

    private void CloseAll()
    {
        _listener.Stop();
        lock (_connections)
        {
            foreach (var socket in _connections)
            {
                socket.Dispose();
            }
        }
    }
}
