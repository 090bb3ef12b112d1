using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using EmissionEdge.Ingest.Devices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EmissionEdge.Server.Broker;

/// <summary>
/// The embedded MQTT broker (MQTTnet.Server) speaking IoT Hub's device conventions, so one firmware serves both: devices
/// authenticate with their SAS token (<see cref="DeviceCredentials"/>), may publish only to their own
/// <c>devices/{id}/messages/events/…</c> topic (any other topic closes the connection, as IoT Hub does), and may subscribe
/// only to their own cloud-to-device topic. Accepted telemetry goes to the ingest pipeline before the PUBACK; nothing is
/// relayed to other clients. TLS always; a plain listener only when configured.
/// </summary>
/// <remarks>
/// SAS expiry is enforced during the connection too, as IoT Hub does: when the token a device connected with expires, the
/// broker closes the connection (the device reconnects with a new token), and a PUBLISH arriving after the expiry is
/// refused and closes the connection, whatever the timer's precision.
/// </remarks>
public sealed partial class MqttBroker : IHostedService, IAsyncDisposable
{
    private readonly BrokerOptions _options;
    private readonly DeviceCredentials _credentials;
    private readonly TelemetryReceiver _receiver;
    private const string ExpiryItem = "emissionedge.sas-expiry";
    private const string ExpiryTimerItem = "emissionedge.sas-expiry-timer";

    private readonly ILogger<MqttBroker> _logger;
    private readonly TimeProvider _time;
    private MqttServer? _server;
    private X509Certificate2? _certificate;

    /// <summary>Creates the broker.</summary>
    /// <param name="options">Ports, certificate, hub host.</param>
    /// <param name="registry">The registered devices.</param>
    /// <param name="receiver">Where telemetry goes.</param>
    /// <param name="time">The clock SAS expiry is checked against.</param>
    /// <param name="logger">The logger.</param>
    public MqttBroker(IOptions<BrokerOptions> options, IDeviceRegistry registry, TelemetryReceiver receiver, TimeProvider time, ILogger<MqttBroker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _credentials = new DeviceCredentials(registry, _options.HubHost, time, _options.MaxSasTokenLifetime);
        _receiver = receiver;
        _time = time;
        _logger = logger;
    }

    /// <summary>Where the broker listens; set once started.</summary>
    public BrokerEndpoints? Endpoints { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string? caPath = null;
        if (_options.CertificatePath is { } path)
        {
            _certificate = X509CertificateLoader.LoadPkcs12FromFile(path, _options.CertificatePassword);
        }
        else
        {
            var development = DevelopmentCertificate.LoadOrCreate(_options.DataDirectory, _options.HubHost);
            _certificate = development.ServerCertificate;
            caPath = development.CaCertificatePath;
        }

        var address = IPAddress.Parse(_options.BindAddress);
        var tlsPort = _options.TlsPort == 0 ? FreePort(address) : _options.TlsPort;
        int? plainPort = _options.PlainPort is { } plain ? (plain == 0 ? FreePort(address) : plain) : null;

        var factory = new MqttServerFactory();
        var builder = factory.CreateServerOptionsBuilder()
            .WithEncryptedEndpoint()
            .WithEncryptedEndpointBoundIPAddress(address)
            .WithEncryptedEndpointPort(tlsPort)
            .WithEncryptionCertificate(_certificate)
            .WithEncryptionSslProtocol(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13);
        builder = plainPort is { } p
            ? builder.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(address).WithDefaultEndpointPort(p)
            : builder.WithoutDefaultEndpoint();

        _server = factory.CreateMqttServer(builder.Build());
        _server.ValidatingConnectionAsync += ValidateConnectionAsync;
        _server.ClientConnectedAsync += ScheduleExpiryAsync;
        _server.ClientDisconnectedAsync += CancelExpiryAsync;
        _server.InterceptingPublishAsync += InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        await _server.StartAsync().ConfigureAwait(false);
        Endpoints = new BrokerEndpoints(tlsPort, plainPort, caPath);
        LogStarted(_options.BindAddress, tlsPort, plainPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "off", caPath ?? _options.CertificatePath ?? "");
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            await server.StopAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            if (server.IsStarted)
            {
                await server.StopAsync().ConfigureAwait(false);
            }

            server.Dispose();
            _server = null;
        }

        _certificate?.Dispose();
    }

    private Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        var refusal = _credentials.Check(e.ClientId, e.UserName, e.Password, out var expiresUtc);
        e.SessionItems[ExpiryItem] = expiresUtc;
        if (refusal != ConnectRefusal.None)
        {
            // MQTT 3.1.1 has one code for bad credentials and one for an unknown identifier.
            e.ReasonCode = refusal == ConnectRefusal.UnknownDevice ? MqttConnectReasonCode.ClientIdentifierNotValid : MqttConnectReasonCode.BadUserNameOrPassword;
            LogRefused(e.ClientId, refusal);
        }
        else
        {
            LogConnected(e.ClientId);
        }

        return Task.CompletedTask;
    }

    /// <summary>Starts the timer that closes the connection when its SAS token expires.</summary>
    private Task ScheduleExpiryAsync(ClientConnectedEventArgs e)
    {
        if (e.SessionItems[ExpiryItem] is DateTimeOffset expiresUtc)
        {
            var clientId = e.ClientId;
            var due = expiresUtc - _time.GetUtcNow() + TimeSpan.FromMilliseconds(50);
            var timer = _time.CreateTimer(_ => _ = DisconnectIfExpiredAsync(clientId), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            (e.SessionItems[ExpiryTimerItem] as IDisposable)?.Dispose();
            e.SessionItems[ExpiryTimerItem] = timer;
        }

        return Task.CompletedTask;
    }

    private Task CancelExpiryAsync(ClientDisconnectedEventArgs e)
    {
        (e.SessionItems[ExpiryTimerItem] as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Closes the device's connection if the token it connected with has expired (a newer connection with a fresh token is left alone).</summary>
    private async Task DisconnectIfExpiredAsync(string clientId)
    {
        try
        {
            if (_server is not { IsStarted: true } server)
            {
                return;
            }

            foreach (var client in await server.GetClientsAsync().ConfigureAwait(false))
            {
                if (client.Id == clientId && IsExpired(client.Session.Items))
                {
                    LogTokenExpired(clientId);
                    await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.NotAuthorized }).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The client went away meanwhile, or the server is stopping: nothing left to close.
            LogExpiryDisconnectFailed(ex, clientId);
        }
    }

    private bool IsExpired(System.Collections.IDictionary sessionItems) =>
        sessionItems[ExpiryItem] is not DateTimeOffset expiresUtc || expiresUtc <= _time.GetUtcNow();

    private async Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        e.ProcessPublish = false; // a device-to-cloud message is ingested, never relayed
        if (IsExpired(e.SessionItems))
        {
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.CloseConnection = true;
            LogTokenExpired(e.ClientId);
            return;
        }

        var topic = e.ApplicationMessage.Topic;
        if (!TelemetryTopic.TryParse(topic, out var parsed) || !string.Equals(parsed!.DeviceId, e.ClientId, StringComparison.Ordinal))
        {
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.CloseConnection = true;
            LogForbiddenTopic(e.ClientId, topic);
            return;
        }

        try
        {
            await _receiver.ReceiveAsync(e.ClientId, parsed, e.ApplicationMessage.Payload.ToArray(), e.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not stored: no PUBACK, so the gateway keeps the records and sends them again after reconnecting.
            e.Response.ReasonCode = MqttPubAckReasonCode.UnspecifiedError;
            e.CloseConnection = true;
            LogIngestFailed(ex, e.ClientId);
        }
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var own = $"devices/{e.ClientId}/messages/devicebound/";
        if (!e.TopicFilter.Topic.StartsWith(own, StringComparison.Ordinal))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        }

        return Task.CompletedTask;
    }

    private static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT broker listening on {Address}: TLS port {TlsPort}, plain port {PlainPort}; certificate authority / certificate: {Certificate}")]
    private partial void LogStarted(string address, int tlsPort, string plainPort, string certificate);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {ClientId} connected")]
    private partial void LogConnected(string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection of client {ClientId} refused: {Refusal}")]
    private partial void LogRefused(string clientId, ConnectRefusal refusal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {ClientId} published to '{Topic}', which is not its telemetry topic: disconnected")]
    private partial void LogForbiddenTopic(string clientId, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "The SAS token of device {ClientId} expired: disconnected")]
    private partial void LogTokenExpired(string clientId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the expired connection of device {ClientId} failed")]
    private partial void LogExpiryDisconnectFailed(Exception exception, string clientId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry of device {ClientId} could not be stored; disconnected without PUBACK so it is sent again")]
    private partial void LogIngestFailed(Exception exception, string clientId);
}
