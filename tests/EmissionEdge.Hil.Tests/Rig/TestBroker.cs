using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Web;
using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Core.Telemetry;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EmissionEdge.Hil.Tests.Rig;

/// <summary>
/// A real MQTT broker (MQTTnet server) in the test process that accepts exactly IoT Hub's device connect (client id,
/// username, SAS token checked against the device key when known, own telemetry topic), PUBACKs, and keeps every
/// telemetry message. It can be stopped and started again on the same port (a broker outage).
/// </summary>
internal sealed class TestBroker : IAsyncDisposable
{
    private readonly string _hubHost;
    private readonly string? _deviceKey;
    private readonly X509Certificate2? _certificate;
    private readonly IPAddress _address;
    private MqttServer? _server;

    public TestBroker(string hubHost, string? deviceKey, IPAddress address, int port = 0, X509Certificate2? certificate = null)
    {
        _hubHost = hubHost;
        _deviceKey = deviceKey;
        _address = address;
        _certificate = certificate;
        Port = port == 0 ? FreePort(address) : port;
    }

    public int Port { get; }

    public bool IsRunning => _server?.IsStarted == true;

    /// <summary>Every telemetry message received, in arrival order (duplicates included).</summary>
    public ConcurrentQueue<(string ClientId, string Topic, byte[] Body)> Messages { get; } = new();

    /// <summary>Connects refused, with the reason.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    /// <summary>Every record received, in arrival order, duplicates (resends) included.</summary>
    public IReadOnlyList<TelemetryRecord> Records => Messages.SelectMany(m => TelemetryRecord.Decode(m.Body)).ToArray();

    /// <summary>What the downstream keeps: one record per (device, seq), the last copy received.</summary>
    public IReadOnlyList<TelemetryRecord> Deduplicated() =>
        Records.GroupBy(r => (r.Device, r.Seq)).Select(g => g.Last()).OrderBy(r => r.Device, StringComparer.Ordinal).ThenBy(r => r.Seq).ToArray();

    public async Task StartAsync()
    {
        var factory = new MqttServerFactory();
        var builder = factory.CreateServerOptionsBuilder();
        builder = _certificate is null
            ? builder.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(_address).WithDefaultEndpointPort(Port)
            : builder.WithoutDefaultEndpoint().WithEncryptedEndpoint().WithEncryptedEndpointBoundIPAddress(_address).WithEncryptedEndpointPort(Port).WithEncryptionCertificate(_certificate);
        _server = factory.CreateMqttServer(builder.Build());
        _server.ValidatingConnectionAsync += Validate;
        _server.InterceptingPublishAsync += Intercept;
        await _server.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_server is { } server)
        {
            await server.StopAsync();
            server.Dispose();
            _server = null;
        }
    }

    /// <summary>Waits (real time) until the deduplicated records of <paramref name="device"/> cover every minute up to <paramref name="lastMinute"/>.</summary>
    public async Task<IReadOnlyList<TelemetryRecord>> WaitForMinutesAsync(string device, DateTime lastMinute, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var records = Deduplicated().Where(r => r.Device == device).ToArray();
            if (records.Any(r => r.MinuteUtc >= lastMinute))
            {
                return records;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"broker has {records.Length} record(s) of {device}, last minute {records.LastOrDefault()?.MinuteUtc:o}, not {lastMinute:o}; refusals: {string.Join("; ", Refusals)}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private Task Validate(ValidatingConnectionEventArgs e)
    {
        var connection = new IotHubConnection(_hubHost, e.ClientId);
        string? refusal = null;
        if (e.UserName != connection.Username)
        {
            refusal = $"username '{e.UserName}' is not '{connection.Username}'";
        }
        else if (_deviceKey is not null)
        {
            var query = HttpUtility.ParseQueryString((e.Password ?? string.Empty).Replace("SharedAccessSignature ", string.Empty, StringComparison.Ordinal));
            if (!long.TryParse(query["se"], out var expiry) || connection.SasToken(_deviceKey, expiry, new HmacSha256()) != e.Password)
            {
                refusal = "SAS token does not verify with the device key";
            }
        }

        if (refusal is not null)
        {
            Refusals.Enqueue($"{e.ClientId}: {refusal}");
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
        }

        return Task.CompletedTask;
    }

    private Task Intercept(InterceptingPublishEventArgs e)
    {
        e.ProcessPublish = false;
        var own = new IotHubConnection(_hubHost, e.ClientId).TelemetryTopic;
        var topic = e.ApplicationMessage.Topic;
        var ownWithHealth = topic == own || topic.StartsWith(own + "&", StringComparison.Ordinal); // fw and backlog properties follow
        if (!ownWithHealth || e.ApplicationMessage.QualityOfServiceLevel != MqttQualityOfServiceLevel.AtLeastOnce)
        {
            Refusals.Enqueue($"{e.ClientId}: publish to '{e.ApplicationMessage.Topic}' at QoS {e.ApplicationMessage.QualityOfServiceLevel}");
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.CloseConnection = true;
            return Task.CompletedTask;
        }

        Messages.Enqueue((e.ClientId, e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
        return Task.CompletedTask;
    }

    private static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
