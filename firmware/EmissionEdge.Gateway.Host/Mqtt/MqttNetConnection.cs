using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using EmissionEdge.Gateway.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EmissionEdge.Gateway.Host.Mqtt;

/// <summary>
/// The core's <see cref="IMqttConnection"/> on an MQTTnet 5 client: MQTT 3.1.1, clean session, QoS 1, TLS 1.2+ with the
/// system's trust store, a given CA, or (development only) any certificate. MQTTnet completes a QoS 1 publish when its
/// PUBACK arrives; this class numbers each publish and raises <see cref="PublishAcknowledged"/> with that number then,
/// on MQTTnet's thread (the core's <c>PubackMailbox</c> hands it over). PUBACKs of a connection already closed are not
/// reported: after a reconnect the core sends those records again.
/// </summary>
public sealed partial class MqttNetConnection : IMqttConnection, IDisposable
{
    private readonly MqttBrokerOptions _broker;
    private readonly string _hubHost;
    private readonly ILogger _logger;
    private readonly IMqttClient _client;
    private readonly X509Certificate2Collection? _trustedCa;
    private readonly object _sync = new();
    private int _generation;
    private ushort _lastId;

    /// <summary>Creates the client; nothing is connected until <see cref="Connect"/>.</summary>
    /// <param name="broker">Where to connect and how to check the server.</param>
    /// <param name="hubHost">The IoT Hub host of the device (its certificate name is accepted besides <see cref="MqttBrokerOptions.Host"/>).</param>
    /// <param name="logger">Logger.</param>
    /// <exception cref="IOException">The CA file cannot be read.</exception>
    public MqttNetConnection(MqttBrokerOptions broker, string hubHost, ILogger<MqttNetConnection>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        _broker = broker;
        _hubHost = hubHost;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        if (broker.CaCertificateFile is { } caFile)
        {
            try
            {
                _trustedCa = [];
                _trustedCa.ImportFromPemFile(caFile);
                if (_trustedCa.Count == 0)
                {
                    _trustedCa.Add(X509CertificateLoader.LoadCertificateFromFile(caFile));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                throw new IOException($"broker CA certificate '{caFile}' cannot be read: {e.Message}", e);
            }
        }

        _client = new MqttClientFactory().CreateMqttClient();
    }

    /// <inheritdoc />
    public event PublishAcknowledgedHandler? PublishAcknowledged;

    /// <inheritdoc />
    public bool IsConnected => _client.IsConnected;

    /// <summary>Why the last connect or publish failed (empty when none).</summary>
    public string LastError { get; private set; } = string.Empty;

    /// <inheritdoc />
    public bool Connect(string clientId, string username, string password)
    {
        Disconnect();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_broker.Host, _broker.Port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(clientId)
            .WithCredentials(username, password)
            .WithCleanSession()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(60))
            .WithTimeout(_broker.ConnectTimeout);
        if (_broker.UseTls)
        {
            builder = builder.WithTlsOptions(tls => tls
                .UseTls()
                .WithSslProtocols(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13)
                .WithCertificateValidationHandler(args => ValidateServerCertificate(args.Certificate, args.SslPolicyErrors)));
        }

        try
        {
            using var timeout = new CancellationTokenSource(_broker.ConnectTimeout);
            var result = _client.ConnectAsync(builder.Build(), timeout.Token).GetAwaiter().GetResult();
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                LastError = $"broker {_broker} refused {clientId}: {result.ResultCode}";
                LogRefused(_broker.ToString(), clientId, result.ResultCode.ToString());
                return false;
            }

            LogConnected(_broker.ToString(), clientId);
            LastError = string.Empty;
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LastError = $"connect to {_broker} failed: {e.Message}";
            LogConnectFailed(_broker.ToString(), e.Message);
            return false;
        }
    }

    /// <inheritdoc />
    public void Disconnect()
    {
        lock (_sync)
        {
            _generation++;
        }

        if (!_client.IsConnected)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogDisconnectFailed(e.Message);
        }
    }

    /// <inheritdoc />
    public ushort Publish(string topic, byte[] payload, int offset, int count)
    {
        if (!_client.IsConnected)
        {
            return 0;
        }

        ushort id;
        int generation;
        lock (_sync)
        {
            _lastId = _lastId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastId + 1);
            id = _lastId;
            generation = _generation;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.AsSpan(offset, count).ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(false)
            .Build();
        _ = PublishAndReportAsync(message, id, generation);
        return id;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Disconnect();
        _client.Dispose();
    }

    private async Task PublishAndReportAsync(MqttApplicationMessage message, ushort id, int generation)
    {
        try
        {
            var result = await _client.PublishAsync(message, CancellationToken.None).ConfigureAwait(false);
            bool current;
            lock (_sync)
            {
                current = generation == _generation;
            }

            if (!result.IsSuccess)
            {
                LastError = $"broker rejected publish {id}: {result.ReasonCode}";
                LogPublishRejected(id, result.ReasonCode.ToString());
            }
            else if (current)
            {
                PublishAcknowledged?.Invoke(id);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // No PUBACK: the core resends after its PUBACK timeout or the reconnect.
            LastError = $"publish {id} failed: {e.Message}";
            LogPublishFailed(id, e.Message);
        }
    }

    private bool ValidateServerCertificate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (_broker.AcceptAnyServerCertificate)
        {
            return true;
        }

        if (_trustedCa is null)
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            LogCertificateRejected(errors.ToString());
            return false;
        }

        var refusal = BrokerCertificate.Refusal(certificate, _trustedCa, _broker.Host, _hubHost);
        if (refusal is not null)
        {
            LogCertificateRejected(refusal);
        }

        return refusal is null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT connected to {Broker} as {ClientId}")]
    private partial void LogConnected(string broker, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker {Broker} refused {ClientId}: {Reason}")]
    private partial void LogRefused(string broker, string clientId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connect to {Broker} failed: {Reason}")]
    private partial void LogConnectFailed(string broker, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT disconnect failed: {Reason}")]
    private partial void LogDisconnectFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT publish {Id} rejected by the broker: {Reason}")]
    private partial void LogPublishRejected(ushort id, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT publish {Id} failed: {Reason}")]
    private partial void LogPublishFailed(ushort id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "broker certificate rejected: {Reason}")]
    private partial void LogCertificateRejected(string reason);
}
