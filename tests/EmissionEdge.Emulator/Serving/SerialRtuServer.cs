using System.IO.Ports;
using EmissionEdge.Gateway.Core.Configuration;

namespace EmissionEdge.Emulator.Serving;

/// <summary>
/// Serves an <see cref="EmulatedBus"/> on a serial port (System.IO.Ports): a USB-RS485 adapter wired to a real gateway,
/// or one end of a pseudo-terminal pair (<c>socat</c>) whose other end a PC-hosted gateway or another Modbus master opens.
/// </summary>
public sealed class SerialRtuServer : IDisposable
{
    private readonly SerialPort _port;
    private readonly EmulatedBus _bus;

    /// <summary>Opens the port.</summary>
    /// <param name="portName">For example <c>/dev/ttyUSB0</c>, <c>COM7</c>, <c>/dev/pts/3</c>.</param>
    /// <param name="settings">Line settings (must match the master's).</param>
    /// <param name="bus">The analyzers to serve.</param>
    /// <exception cref="IOException">The port cannot be opened; the message names it.</exception>
    public SerialRtuServer(string portName, SerialSettings settings, EmulatedBus bus)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(bus);
        _bus = bus;
        _port = new SerialPort(portName, settings.BaudRate, settings.Parity switch { 'E' => Parity.Even, 'O' => Parity.Odd, _ => Parity.None }, settings.DataBits, settings.StopBits == 2 ? StopBits.Two : StopBits.One)
        {
            Handshake = Handshake.None,
            WriteTimeout = 1000,
        };
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

    /// <summary>The bus served.</summary>
    public EmulatedBus Bus => _bus;

    /// <summary>Serves requests on a dedicated thread until <paramref name="cancellationToken"/> is cancelled or the port fails.</summary>
    /// <param name="cancellationToken">Stops serving.</param>
    /// <returns>Completes when serving has stopped (faulted with the I/O error when the port failed).</returns>
    public Task RunAsync(CancellationToken cancellationToken) =>
        ServingThread.Run($"emulator {PortName}", () =>
        {
            try
            {
                _bus.Serve(Read, frame => _port.Write(frame, 0, frame.Length), cancellationToken);
            }
            catch (Exception e) when ((e is IOException or InvalidOperationException or ObjectDisposedException) && (!_port.IsOpen || cancellationToken.IsCancellationRequested))
            {
                // Stopped (port disposed) while reading or writing.
            }
        });

    /// <inheritdoc />
    public void Dispose() => _port.Dispose();

    private int Read(byte[] buffer, TimeSpan timeout)
    {
        _port.ReadTimeout = Math.Max(1, (int)timeout.TotalMilliseconds);
        try
        {
            return _port.Read(buffer, 0, buffer.Length);
        }
        catch (TimeoutException)
        {
            return 0;
        }
        catch (Exception e) when ((e is IOException or InvalidOperationException or ObjectDisposedException) && !_port.IsOpen)
        {
            return -1; // disposed: stop serving
        }
    }
}

/// <summary>Runs a blocking serving loop on a background thread of its own and reports its end as a task.</summary>
internal static class ServingThread
{
    public static Task Run(string name, Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                body();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }
}
