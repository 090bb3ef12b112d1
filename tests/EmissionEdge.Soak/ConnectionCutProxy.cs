using System.Net;
using System.Net.Sockets;

namespace EmissionEdge.Soak;

/// <summary>
/// A TCP relay between one gateway and the broker (the TLS stream passes through untouched) that can cut the
/// gateway's connection: <see cref="Cut"/> closes the open connection and refuses new ones (accepted and closed at
/// once, as a broken uplink would) until as many <see cref="Restore"/> calls as cuts (cuts may overlap). The broker port can change (a restarted server listens
/// on a new one) without the gateway knowing.
/// </summary>
public sealed class ConnectionCutProxy : IDisposable
{
    private readonly TcpListener _listener;
    private readonly object _sync = new();
    private readonly List<(TcpClient Client, TcpClient Upstream)> _open = [];
    private volatile int _upstreamPort;
    private int _cuts;
    private long _connections;
    private long _refused;

    /// <summary>Listens on 127.0.0.1 on a free port.</summary>
    /// <param name="upstreamPort">The broker's port.</param>
    public ConnectionCutProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    /// <summary>The port the gateway connects to.</summary>
    public int Port { get; }

    /// <summary>Whether the connection is cut now.</summary>
    public bool IsCut => Volatile.Read(ref _cuts) > 0;

    /// <summary>Connections relayed to the broker.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Connections refused (cut, or the broker down).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Points the relay at a new broker port (connections already open stay on the old one until they break).</summary>
    /// <param name="port">The broker's port.</param>
    public void SetUpstream(int port) => _upstreamPort = port;

    /// <summary>Cuts the connection: closes what is open and refuses new connections.</summary>
    public void Cut()
    {
        Interlocked.Increment(ref _cuts);
        CloseAll();
    }

    /// <summary>Ends one cut (the connection is restored when every overlapping cut has ended).</summary>
    public void Restore() => Interlocked.Decrement(ref _cuts);

    /// <summary>Relays until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops the relay.</param>
    /// <returns>A task.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = RelayAsync(client, cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _listener.Stop();
        _listener.Dispose();
        CloseAll();
    }

    private async Task RelayAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var upstream = new TcpClient();
        try
        {
            client.NoDelay = true;
            upstream.NoDelay = true;
            if (IsCut)
            {
                throw new SocketException((int)SocketError.ConnectionRefused);
            }

            await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, cancellationToken).ConfigureAwait(false);
            lock (_sync)
            {
                if (IsCut)
                {
                    throw new SocketException((int)SocketError.ConnectionRefused);
                }

                _open.Add((client, upstream));
            }

            Interlocked.Increment(ref _connections);
            var a = PumpAsync(client.GetStream(), upstream.GetStream(), cancellationToken);
            var b = PumpAsync(upstream.GetStream(), client.GetStream(), cancellationToken);
            await Task.WhenAny(a, b).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _refused);
        }
        finally
        {
            lock (_sync)
            {
                _open.RemoveAll(p => p.Client == client);
            }

            client.Dispose();
            upstream.Dispose();
        }
    }

    private static async Task PumpAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Either side closed: the relay ends.
        }
    }

    private void CloseAll()
    {
        lock (_sync)
        {
            foreach (var (client, upstream) in _open)
            {
                client.Dispose();
                upstream.Dispose();
            }

            _open.Clear();
        }
    }
}
