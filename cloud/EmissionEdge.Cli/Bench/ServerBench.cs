using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EmissionEdge.Compliance.Time;
using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Core.Telemetry;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Server.Configuration;
using EmissionEdge.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EmissionEdge.Cli.Bench;

/// <summary>What <see cref="ServerBench"/> runs.</summary>
/// <param name="Gateways">Gateways publishing at the same time (one MQTT connection and one unit each).</param>
/// <param name="RecordsPerGateway">Minute records each gateway publishes.</param>
/// <param name="Batch">Records per message: 1 is live telemetry, 60 a catch-up batch of an hour.</param>
/// <param name="AlertSamples">Exceedance alerts whose latency is measured (one extra gateway and unit each).</param>
/// <param name="DataDirectory">Where the server's database and certificates go.</param>
internal sealed record ServerBenchSettings(int Gateways, int RecordsPerGateway, int Batch, int AlertSamples, string DataDirectory);

/// <summary>What <see cref="ServerBench"/> measured.</summary>
/// <param name="Records">Records published (and found stored).</param>
/// <param name="Messages">MQTT messages published.</param>
/// <param name="Elapsed">First PUBLISH to last PUBACK.</param>
/// <param name="AlertLatencies">Per sample: the PUBACK of the record completing an exceeding hour to the webhook POST.</param>
internal sealed record ServerBenchResult(long Records, long Messages, TimeSpan Elapsed, IReadOnlyList<TimeSpan> AlertLatencies)
{
    public double RecordsPerSecond => Records / Elapsed.TotalSeconds;
}

/// <summary>
/// The local server measured end to end: the real server (<see cref="EmissionEdgeServer"/>: TLS broker on free ports,
/// SQLite on disk with its default durability, hour closing and alert delivery at their default period) and real MQTTnet
/// clients, each authenticated with its gateway's SAS token over TLS (MQTT 3.1.1, QoS 1, one message in flight per
/// gateway as the firmware publishes: the next only after the PUBACK).
/// </summary>
/// <remarks>
/// <para><b>Throughput</b>: every gateway publishes its records (minutes ending at the current minute, so no hour is
/// missing) in messages of <see cref="ServerBenchSettings.Batch"/> records; records/s = records ÷ (first PUBLISH → last
/// PUBACK). Afterwards every record is counted in the store, per unit: a missing or extra one fails the run.</para>
/// <para><b>Alert latency</b>: per sample, an extra gateway publishes the first 59 minutes of the last full hour as one
/// batch (SO2 20 mg/m³: compliant, no alert), then the 60th minute alone with SO2 5000 mg/m³, which brings the hour's
/// average over the limit. Latency = that PUBACK (the hour is complete and stored) → the exceedance alert's signed POST
/// arriving at a local webhook receiver. Samples run one after another, once no alert delivery is due any more (the
/// throughput units raise data-gap alerts while they catch up).</para>
/// </remarks>
internal sealed class ServerBench
{
    private const string HubHost = "bench.emissionedge.local";
    private const double CompliantSo2 = 20;
    private const double ExceedingSo2 = 5000;
    private static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(120);
    private readonly ServerBenchSettings _settings;

    public ServerBench(ServerBenchSettings settings) => _settings = settings;

    /// <summary>Runs the measurement; throws <see cref="InvalidOperationException"/> when a record was not stored or an alert never came.</summary>
    public async Task<ServerBenchResult> RunAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        await using var webhook = new WebhookReceiver();
        var gateways = Enumerable.Range(1, _settings.Gateways).Select(i => Gateway.Create($"gw-{i:D3}", $"U{i:D3}")).ToArray();
        var alerting = Enumerable.Range(1, _settings.AlertSamples).Select(i => Gateway.Create($"gw-alert-{i:D2}", $"A{i:D2}")).ToArray();
        var config = PlantConfig(gateways, alerting, webhook.Url);
        await using var server = await EmissionEdgeServer.StartAsync(config, new ServerHostOptions { LogLevel = LogLevel.Error }, cancellationToken).ConfigureAwait(false);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(server.Broker.CaCertificatePath!);

        var clients = await Task.WhenAll(gateways.Select(g => ConnectAsync(g, server, ca, cancellationToken))).ConfigureAwait(false);
        try
        {
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{gateways.Length} gateways connected over TLS; publishing {_settings.RecordsPerGateway} records each, {_settings.Batch} per message, QoS 1")).ConfigureAwait(false);
            var now = DateTime.UtcNow;
            var firstMinute = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc).AddMinutes(-_settings.RecordsPerGateway + 1);
            var start = Stopwatch.GetTimestamp();
            var messages = await Task.WhenAll(gateways.Select((g, i) => PublishAllAsync(clients[i], g, firstMinute, cancellationToken))).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(start);

            var store = server.App.Services.GetRequiredService<IIngestStore>();
            foreach (var gateway in gateways)
            {
                var stored = await store.GetMinutesAsync(gateway.Unit, firstMinute, firstMinute.AddMinutes(_settings.RecordsPerGateway), cancellationToken).ConfigureAwait(false);
                if (stored.Count != _settings.RecordsPerGateway || stored.Select(m => m.Seq).Distinct().Count() != _settings.RecordsPerGateway)
                {
                    throw new InvalidOperationException($"unit {gateway.Unit}: {stored.Count} records stored, {_settings.RecordsPerGateway} published");
                }
            }

            await DrainOutboxAsync(store, progress, cancellationToken).ConfigureAwait(false);
            var latencies = await MeasureAlertLatencyAsync(alerting, server, ca, webhook, progress, cancellationToken).ConfigureAwait(false);
            return new ServerBenchResult((long)_settings.RecordsPerGateway * gateways.Length, messages.Sum(), elapsed, latencies);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                client.Dispose();
            }
        }
    }

    private async Task<long> PublishAllAsync(IMqttClient client, Gateway gateway, DateTime firstMinute, CancellationToken cancellationToken)
    {
        long messages = 0;
        for (var seq = 0; seq < _settings.RecordsPerGateway; seq += _settings.Batch)
        {
            var count = Math.Min(_settings.Batch, _settings.RecordsPerGateway - seq);
            await PublishAsync(client, gateway, BenchTelemetry.Body(gateway.DeviceId, gateway.Unit, seq, count, firstMinute.AddMinutes(seq), CompliantSo2), cancellationToken).ConfigureAwait(false);
            messages++;
        }

        return messages;
    }

    /// <summary>
    /// Waits until no alert delivery is due: the throughput units raised data-gap alerts while catching up, and the
    /// latency samples are measured on a server whose outbox is idle.
    /// </summary>
    private static async Task DrainOutboxAsync(IIngestStore store, TextWriter progress, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.GetTimestamp();
        while ((await store.GetDueDeliveriesAsync(DateTime.UtcNow, 1, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            if (Stopwatch.GetElapsedTime(waiting) > AlertTimeout)
            {
                throw new InvalidOperationException($"alert deliveries still due {AlertTimeout.TotalSeconds} s after the last PUBACK");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"outbox drained {Stopwatch.GetElapsedTime(waiting).TotalSeconds:0.0} s after the last PUBACK")).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<TimeSpan>> MeasureAlertLatencyAsync(Gateway[] gateways, RunningServer server, X509Certificate2 ca, WebhookReceiver webhook, TextWriter progress, CancellationToken cancellationToken)
    {
        var latencies = new List<TimeSpan>();
        var hour = ChinaTime.HourStartUtc(DateTime.UtcNow).AddHours(-1);
        foreach (var gateway in gateways)
        {
            using var client = await ConnectAsync(gateway, server, ca, cancellationToken).ConfigureAwait(false);
            await PublishAsync(client, gateway, BenchTelemetry.Body(gateway.DeviceId, gateway.Unit, 0, 59, hour, CompliantSo2), cancellationToken).ConfigureAwait(false);
            await PublishAsync(client, gateway, BenchTelemetry.Body(gateway.DeviceId, gateway.Unit, 59, 1, hour.AddMinutes(59), ExceedingSo2), cancellationToken).ConfigureAwait(false);
            var acknowledged = Stopwatch.GetTimestamp();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AlertTimeout);
            try
            {
                while (true)
                {
                    var alert = await webhook.Received.ReadAsync(timeout.Token).ConfigureAwait(false);
                    if (alert.Unit == gateway.Unit && alert.Kind == "exceedance")
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(acknowledged, alert.ArrivedTimestamp));
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"unit {gateway.Unit}: no exceedance alert reached the webhook within {AlertTimeout.TotalSeconds} s");
            }

            await client.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"alert of {gateway.Unit}: {latencies[^1].TotalMilliseconds:0} ms after the PUBACK")).ConfigureAwait(false);
        }

        return latencies;
    }

    private static async Task PublishAsync(IMqttClient client, Gateway gateway, byte[] body, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(BenchTelemetry.Topic(gateway.DeviceId))
            .WithPayload(body)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"{gateway.DeviceId}: PUBACK {result.ReasonCode}");
        }
    }

    private static async Task<IMqttClient> ConnectAsync(Gateway gateway, RunningServer server, X509Certificate2 ca, CancellationToken cancellationToken)
    {
        var connection = new IotHubConnection(HubHost, gateway.DeviceId);
        var token = connection.SasToken(gateway.Key, DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds(), new HmacSha256());
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", server.Broker.TlsPort)
            .WithClientId(connection.ClientId)
            .WithCredentials(connection.Username, token)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession()
            .WithTimeout(TimeSpan.FromSeconds(120))
            .WithTlsOptions(tls => tls
                .UseTls()
                .WithTargetHost(HubHost)
                .WithCertificateValidationHandler(args => ChainsTo(ca, args.Certificate, args.SslPolicyErrors)))
            .Build();
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new InvalidOperationException($"{gateway.DeviceId}: CONNACK {result.ResultCode}");
        }

        return client;
    }

    /// <summary>The gateway's check of the broker certificate: it chains to the development CA and names the hub host.</summary>
    private static bool ChainsTo(X509Certificate2 ca, X509Certificate certificate, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = new X509Certificate2(certificate);
        return chain.Build(presented);
    }

    /// <summary>
    /// The plant: a unit per gateway; the regulator's webhook subscribes to the alert samples' units only (the throughput
    /// units, whose data starts hours back, get data-gap alerts while they catch up; those stay in the store and the log).
    /// </summary>
    private PlantConfig PlantConfig(IReadOnlyList<Gateway> throughput, IReadOnlyList<Gateway> alerting, Uri webhook)
    {
        Gateway[] gateways = [.. throughput, .. alerting];
        var units = string.Join(",\n", gateways.Select(g => $$"""{ "id": "{{g.Unit}}", "class": "new", "o2Reference": 6 }"""));
        var devices = string.Join(",\n", gateways.Select(g => $$"""{ "id": "{{g.DeviceId}}", "unit": "{{g.Unit}}", "key": "{{g.Key}}" }"""));
        var unitList = string.Join(", ", gateways.Select(g => $"\"{g.Unit}\""));
        var regulators = alerting.Count == 0 ? "[]" : $$"""
            [ { "name": "Bench EPB", "units": [ {{string.Join(", ", alerting.Select(g => $"\"{g.Unit}\""))}} ], "webhook": "{{webhook}}", "secret": "bench-webhook-secret-0123456789" } ]
            """;
        var json = $$"""
            {
              "plant": "BENCH",
              "dataDirectory": ".",
              "http": { "url": "http://127.0.0.1:0" },
              "mqtt": { "hubHost": "{{HubHost}}", "tlsPort": 0, "bindAddress": "127.0.0.1" },
              "units": [ {{units}} ],
              "gateways": [ {{devices}} ],
              "regulators": {{regulators}},
              "apiKeys": [ { "key": "bench-operator-key-0123456789", "role": "operator", "units": [ {{unitList}} ] } ]
            }
            """;
        Directory.CreateDirectory(_settings.DataDirectory);
        return PlantConfigFile.Parse("bench-plant.json", Encoding.UTF8.GetBytes(json), _settings.DataDirectory, out var problems)
            ?? throw new InvalidOperationException("bench plant configuration: " + string.Join("; ", problems));
    }

    private sealed record Gateway(string DeviceId, string Unit, string Key)
    {
        public static Gateway Create(string deviceId, string unit) => new(deviceId, unit, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    }
}
