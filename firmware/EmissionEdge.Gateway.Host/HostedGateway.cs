using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Journal;
using EmissionEdge.Gateway.Core.Ports;
using EmissionEdge.Gateway.Core.Runtime;
using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Host.Inputs;
using EmissionEdge.Gateway.Host.Mqtt;
using EmissionEdge.Gateway.Host.Storage;
using EmissionEdge.Gateway.Host.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmissionEdge.Gateway.Host;

/// <summary>
/// The gateway on a PC: the core's <see cref="GatewayLoop"/> (the same loop the ESP32 runs) with serial-port or
/// RTU-over-TCP buses, an MQTTnet uplink and a file journal, run on two threads as on the device: one samples and
/// journals, one publishes and trims on PUBACK. Several can run in one process (the demo, soak tests), each with its own
/// configuration, journal and links.
/// </summary>
/// <example>
/// <code>
/// var config = GatewayConfigFile.Load("gateway.json");
/// var options = new HostedGatewayOptions
/// {
///     Config = config,
///     DeviceKey = GatewayConfigFile.DeviceKey(config, "device.key"),
///     Broker = new MqttBrokerOptions { Host = "127.0.0.1", Port = 8883, CaCertificateFile = "ca.pem" },
///     JournalPath = "gw.journal",
///     Links = { ["rs485-1"] = ModbusLink.SerialPort("/dev/ttyUSB0") },
/// };
/// await HostedGateway.RunAsync(options, logger, cancellationToken);
/// </code>
/// </example>
public sealed partial class HostedGateway : IDisposable
{
    private readonly HostedGatewayOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IDisposable> _owned = [];
    private readonly FileJournalStorage _storage;
    private readonly MqttNetConnection _mqtt;
    private readonly MinuteJournal _journal;
    private bool _started;

    /// <summary>Opens the buses, the journal and the MQTT client; nothing runs until <see cref="RunAsync(CancellationToken)"/>.</summary>
    /// <param name="options">The gateway's configuration and links.</param>
    /// <param name="loggerFactory">Logging (none by default).</param>
    /// <exception cref="GatewayConfigurationException">A bus used by an analyzer has no link, or the device key is not base64.</exception>
    /// <exception cref="IOException">A serial port or the journal cannot be opened; the message names it.</exception>
    public HostedGateway(HostedGatewayOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<HostedGateway>();
        var config = options.Config;
        try
        {
            var transports = OpenTransports();
            ICurrentLoopInputs loops = options.CurrentLoops ?? UnwiredInputs.Instance;
            IStatusInputs contacts = options.StatusInputs ?? UnwiredInputs.Instance;
            if (options.CurrentLoops is null && config.AnalogChannels.Length > 0)
            {
                LogNoCurrentLoops(config.DeviceId, string.Join(", ", config.AnalogChannels.Select(c => $"{c.Channel} ({c.Input})")));
            }

            var sampler = new GatewaySampler(config, transports, loops, contacts, TimeProviderClock.Real);
            _storage = new FileJournalStorage(options.JournalPath, config.JournalSizeBytes, options.FlushJournalToDisk)
            {
                TornWritePause = options.JournalTornWritePause,
            };
            _owned.Add(_storage);
            _storage.WriteInterrupted += position => LogTornWritePause(config.DeviceId, position);
            _journal = new MinuteJournal(_storage);
            _mqtt = new MqttNetConnection(options.Broker, config.IotHubHost, loggerFactory.CreateLogger<MqttNetConnection>());
            _owned.Add(_mqtt);
            Clock = new TimeProviderClock(options.Time, _stopping.Token);
            Loop = new GatewayLoop(config, sampler, _journal, _mqtt, options.DeviceKey, new HmacSha256(), Clock, options.Loop);
        }
        catch (ArgumentException e)
        {
            Dispose();
            throw new GatewayConfigurationException($"gateway {config.DeviceId}: {e.Message}", [e.Message]);
        }
        catch
        {
            Dispose();
            throw;
        }

        LogOpened(config.DeviceId, _storage.Path, _journal.Capacity, _journal.PendingCount, _journal.NextSequence, _journal.CorruptRecordsSkipped, options.Broker.ToString());
    }

    /// <summary>The device id.</summary>
    public string DeviceId => _options.Config.DeviceId;

    /// <summary>The core's loop: counters (<see cref="GatewayLoop.MinutesJournaled"/>, <see cref="GatewayLoop.PendingRecords"/>, …) and connection state.</summary>
    public GatewayLoop Loop { get; }

    /// <summary>The clock the loop runs on.</summary>
    public IClock Clock { get; }

    /// <summary>Records found torn or corrupt in the unacknowledged range when the journal was opened.</summary>
    public int CorruptRecordsAtStart => _journal.CorruptRecordsSkipped;

    /// <summary>The sequence number the next journaled minute gets.</summary>
    public uint NextSequence => _journal.NextSequence;

    /// <summary>Creates a gateway, runs it until <paramref name="cancellationToken"/> is cancelled, and disposes it.</summary>
    /// <param name="options">The gateway's configuration and links.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="cancellationToken">Stops the gateway.</param>
    /// <returns>Completes when the gateway has stopped.</returns>
    public static async Task RunAsync(HostedGatewayOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        using var gateway = new HostedGateway(options, loggerFactory);
        await gateway.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the sampling and uplink threads until <paramref name="cancellationToken"/> is cancelled. The minute in progress
    /// is not journaled at stop (as on a device losing power, its samples are incomplete).
    /// </summary>
    /// <param name="cancellationToken">Stops the gateway.</param>
    /// <returns>Completes when both threads have stopped.</returns>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            throw new InvalidOperationException($"gateway {DeviceId} is already running");
        }

        _started = true;
        var registration = cancellationToken.Register(() => _stopping.Cancel());
        var sampling = StartThread("sampling", RunSampling);
        var uplink = StartThread("uplink", RunUplink);
        return Task.WhenAll(sampling, uplink).ContinueWith(
            t =>
            {
                registration.Dispose();
                _mqtt.Disconnect();
                LogStopped(DeviceId, Loop.MinutesJournaled, Loop.PendingRecords);
                t.GetAwaiter().GetResult();
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _owned.Clear();
        _stopping.Dispose();
    }

    private IModbusTransport?[] OpenTransports()
    {
        var config = _options.Config;
        var uarts = config.PinMap.Uarts;
        var transports = new IModbusTransport?[uarts.Length];
        foreach (var analyzer in config.Analyzers)
        {
            int port = analyzer.PortIndex;
            if (transports[port] is not null)
            {
                continue;
            }

            if (!_options.Links.TryGetValue(uarts[port].Name, out var link))
            {
                throw new GatewayConfigurationException(
                    $"gateway {config.DeviceId}: analyzer '{analyzer.Name}' is on '{uarts[port].Name}', and no serial port or tcp://host:port is given for it",
                    [$"no link for {uarts[port].Name}"]);
            }

            var transport = link.Open(analyzer.Serial);
            if (link.OwnsTransport && transport is IDisposable disposable)
            {
                _owned.Add(disposable);
            }

            transports[port] = transport;
            LogBus(config.DeviceId, uarts[port].Name, link.ToString() ?? string.Empty, analyzer.Serial.BaudRate, analyzer.Serial.Parity, analyzer.Serial.StopBits);
        }

        return transports;
    }

    private Task StartThread(string name, Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                body();
                done.SetResult();
            }
            catch (OperationCanceledException)
            {
                done.SetResult();
            }
            catch (Exception e)
            {
                LogThreadFailed(e, DeviceId, name);
                _stopping.Cancel();
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = $"{DeviceId} {name}",
        };
        thread.Start();
        return done.Task;
    }

    private void RunSampling()
    {
        long nextReport = 0;
        int samplesPerMinute = 60 / _options.Config.SamplingIntervalSeconds;
        while (!_stopping.IsCancellationRequested)
        {
            Loop.RunSamplingCycle();
            if (Loop.SamplesTaken >= nextReport)
            {
                nextReport = Loop.SamplesTaken + samplesPerMinute;
                LogStatus(DeviceId, new DateTimeOffset(Clock.UtcTicks, TimeSpan.Zero), Loop.MinutesJournaled, Loop.PendingRecords,
                    Loop.IsConnected ? "connected" : "not connected", Loop.SamplesSkipped, Loop.MinutesLost, Loop.LastError);
            }
        }
    }

    private void RunUplink()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Loop.ServeUplink();
            _stopping.Token.WaitHandle.WaitOne(_options.UplinkStep);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "gateway {DeviceId}: journal {Path} holds {Capacity} records, {Pending} pending, next seq {NextSeq}, {Corrupt} torn or corrupt record(s) skipped; broker {Broker}")]
    private partial void LogOpened(string deviceId, string path, int capacity, int pending, uint nextSeq, int corrupt, string broker);

    [LoggerMessage(Level = LogLevel.Information, Message = "gateway {DeviceId}: {Uart} on {Link} ({Baud} bit/s, parity {Parity}, {StopBits} stop bit(s))")]
    private partial void LogBus(string deviceId, string uart, string link, int baud, char parity, int stopBits);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gateway {DeviceId}: no 4–20 mA inputs on this PC: {Channels} will be flagged D")]
    private partial void LogNoCurrentLoops(string deviceId, string channels);

    [LoggerMessage(Level = LogLevel.Information, Message = "gateway {DeviceId} at {Time:yyyy-MM-ddTHH:mm:ssZ}: {Journaled} minutes journaled, {Pending} pending, {Connection}, {Skipped} samples skipped, {Lost} minutes lost; last error: {LastError}")]
    private partial void LogStatus(string deviceId, DateTimeOffset time, long journaled, int pending, string connection, long skipped, long lost, string lastError);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gateway {DeviceId}: journal write at byte {Position} paused half done (fault injection)")]
    private partial void LogTornWritePause(string deviceId, int position);

    [LoggerMessage(Level = LogLevel.Information, Message = "gateway {DeviceId} stopped: {Journaled} minutes journaled, {Pending} pending")]
    private partial void LogStopped(string deviceId, long journaled, int pending);

    [LoggerMessage(Level = LogLevel.Critical, Message = "gateway {DeviceId}: {Thread} thread failed")]
    private partial void LogThreadFailed(Exception exception, string deviceId, string thread);
}
