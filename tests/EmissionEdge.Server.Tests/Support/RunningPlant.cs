using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Core.Telemetry;
using EmissionEdge.Gateway.Host.Mqtt;
using EmissionEdge.Server.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;

namespace EmissionEdge.Server.Tests.Support;

/// <summary>The real server (Kestrel + MQTT broker + SQLite) of <see cref="TestPlant"/> on free ports, for one test class.</summary>
public sealed class RunningPlant : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "ee-server-" + Guid.NewGuid().ToString("N"));

    public RunningServer Server { get; private set; } = null!;

    /// <summary>The server's clock (SAS expiry, hour closing); the system clock unless a test sets another.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public async Task InitializeAsync()
    {
        Server = await EmissionEdgeServer.StartAsync(TestPlant.Config(_data), new ServerHostOptions { LogLevel = LogLevel.Warning, Time = Time }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>An HTTP client for the API with an API key (or none).</summary>
    public HttpClient Api(string? key)
    {
        var client = new HttpClient { BaseAddress = Server.DashboardUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>MQTT options as a gateway builds them: the gateway core's IoT Hub connection and SAS token, TLS trusting the server's development CA.</summary>
    public MqttClientOptions GatewayOptions(string deviceId, string deviceKey, long expiryUnixSeconds, string? username = null)
    {
        var connection = new IotHubConnection(TestPlant.HubHost, deviceId);
        var token = connection.SasToken(deviceKey, expiryUnixSeconds, new HmacSha256());
        var ca = X509CertificateLoader.LoadCertificateFromFile(Server.Broker.CaCertificatePath!);
        return new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Server.Broker.TlsPort)
            .WithClientId(connection.ClientId)
            .WithCredentials(username ?? connection.Username, token)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession()
            .WithTlsOptions(tls => tls
                .UseTls()
                .WithTargetHost(TestPlant.HubHost)
                .WithCertificateValidationHandler(args => BrokerCertificate.Refusal(args.Certificate, [ca], TestPlant.HubHost) is null))
            .WithTimeout(TimeSpan.FromSeconds(20))
            .Build();
    }


    public static long InOneHour => DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
}
