using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Core.Telemetry;
using EmissionEdge.Gateway.Host.Mqtt;
using EmissionEdge.Server.Configuration;
using EmissionEdge.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace EmissionEdge.Gateway.Host.Tests;

/// <summary>The host's MQTT client over TLS against the real local server: <c>--ca</c> trusts its CA; any other server certificate is refused.</summary>
public sealed class MqttTlsTests : IAsyncLifetime
{
    private const string HubHost = "tls.test";
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly string _data = Directory.CreateTempSubdirectory("ee-host-tls-").FullName;
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        var json = $$"""
            {
              "plant": "T", "dataDirectory": "data",
              "http": { "url": "http://127.0.0.1:0" },
              "mqtt": { "hubHost": "{{HubHost}}", "tlsPort": 0, "bindAddress": "127.0.0.1" },
              "units": [ { "id": "U1" } ],
              "gateways": [ { "id": "gw-1", "unit": "U1", "key": "{{Key}}" } ],
              "apiKeys": [ { "key": "0123456789abcdefgh", "role": "operator", "units": ["U1"] } ]
            }
            """;
        var config = PlantConfigFile.Parse("plant.json", Encoding.UTF8.GetBytes(json), _data, out var problems) ?? throw new InvalidOperationException(string.Join("\n", problems));
        _server = await EmissionEdgeServer.StartAsync(config, new ServerHostOptions { LogLevel = LogLevel.Warning }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private bool Connect(MqttNetConnection mqtt)
    {
        var connection = new IotHubConnection(HubHost, "gw-1");
        return mqtt.Connect(connection.ClientId, connection.Username, connection.SasToken(Key, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), new HmacSha256()));
    }

    private MqttBrokerOptions Broker(string? ca, bool acceptAny = false) => new()
    {
        Host = "127.0.0.1",
        Port = _server.Broker.TlsPort,
        CaCertificateFile = ca,
        AcceptAnyServerCertificate = acceptAny,
    };

    [Fact]
    public void With_the_servers_ca_the_gateway_connects_over_tls()
    {
        using var mqtt = new MqttNetConnection(Broker(_server.Broker.CaCertificatePath), HubHost);
        Assert.True(Connect(mqtt), mqtt.LastError);
        Assert.True(mqtt.IsConnected);
    }

    [Fact]
    public void A_server_certificate_from_another_ca_is_refused()
    {
        // A CA of its own, unrelated to the server's.
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Someone Else's CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var otherCa = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var otherCaPath = Path.Combine(_data, "other-ca.pem");
        File.WriteAllText(otherCaPath, otherCa.ExportCertificatePem());

        using var mqtt = new MqttNetConnection(Broker(otherCaPath), HubHost);
        Assert.False(Connect(mqtt));
        Assert.False(mqtt.IsConnected);
        Assert.StartsWith($"connect to mqtts://127.0.0.1:{_server.Broker.TlsPort} failed", mqtt.LastError, StringComparison.Ordinal);

        // Without --ca the system trust store is used, which does not hold the development CA either.
        using var systemTrust = new MqttNetConnection(Broker(null), HubHost);
        Assert.False(Connect(systemTrust));
    }
}
