using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EmissionEdge.Compliance;
using EmissionEdge.Compliance.Time;
using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Core.Telemetry;
using EmissionEdge.Gateway.Host.Mqtt;
using EmissionEdge.Gateway.Host.Time;
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
/// <param name="WarmupRecordsPerGateway">Records each of as many warm-up gateways (units of their own) publishes in each of <see cref="ServerBench.WarmupRounds"/> rounds before the clock starts (0: no warm-up).</param>
/// <param name="HourCloseSamples">Hour boundaries whose closing → webhook latency is measured on a second server with an accelerated clock (0: none).</param>
internal sealed record ServerBenchSettings(int Gateways, int RecordsPerGateway, int Batch, int AlertSamples, string DataDirectory, int WarmupRecordsPerGateway = 0, int HourCloseSamples = 0);

/// <summary>What <see cref="ServerBench"/> measured.</summary>
/// <param name="Records">Records published (and found stored).</param>
/// <param name="Messages">MQTT messages published.</param>
/// <param name="Elapsed">First PUBLISH to last PUBACK.</param>
/// <param name="AlertLatencies">Per sample: the PUBACK of the record completing an exceeding hour to the webhook POST.</param>
/// <param name="MethodsCompiledDuringRun">Methods the runtime compiled (JIT, tiering up included) between the first PUBLISH and the last PUBACK.</param>
/// <param name="ProcessorTime">CPU time of the process (server and clients) between the first PUBLISH and the last PUBACK.</param>
/// <param name="HourCloseLatencies">Per hour boundary: the moment the hour became closable on the server clock → the first and the last of that boundary's data-gap alert POSTs.</param>
internal sealed record ServerBenchResult(long Records, long Messages, TimeSpan Elapsed, IReadOnlyList<TimeSpan> AlertLatencies, long MethodsCompiledDuringRun, TimeSpan ProcessorTime, IReadOnlyList<HourCloseSample>? HourCloseLatencies = null)
{
    public double RecordsPerSecond => Records / Elapsed.TotalSeconds;
}

/// <summary>One hour boundary of the hour-closing measurement.</summary>
/// <param name="Alerts">Data-gap alert POSTs of that boundary (every pollutant of every unit).</param>
/// <param name="First">Boundary (hour end + grace on the server clock) → the first of them arriving at the webhook.</param>
/// <param name="Last">Boundary → the last of them.</param>
internal sealed record HourCloseSample(int Alerts, TimeSpan First, TimeSpan Last);

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

    /// <summary>Warm-up rounds: the first compiles the code, the second makes the runtime recompile the hot methods optimized.</summary>
    internal const int WarmupRounds = 2;

    /// <summary>Server seconds per real second in the hour-closing measurement: an hour every 6 s.</summary>
    private const double HourCloseScale = 600;

    /// <summary>The hour-closing server's clock starts this long (server time) before the first boundary measured.</summary>
    private static readonly TimeSpan HourCloseLead = TimeSpan.FromMinutes(45);

    /// <summary>Consecutive hours without valid data that open a data-gap alert (the engine's default, as the server runs it).</summary>
    private static readonly int DataGapHours = new ComplianceOptions().DataGapHours;
    private readonly ServerBenchSettings _settings;

    public ServerBench(ServerBenchSettings settings) => _settings = settings;

    /// <summary>Runs the measurement; throws <see cref="InvalidOperationException"/> when a record was not stored or an alert never came.</summary>
    public async Task<ServerBenchResult> RunAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        var result = await MeasureThroughputAsync(progress, cancellationToken).ConfigureAwait(false);
        if (_settings.HourCloseSamples > 0)
        {
            result = result with { HourCloseLatencies = await MeasureHourClosingAsync(progress, cancellationToken).ConfigureAwait(false) };
        }

        return result;
    }

    private async Task<ServerBenchResult> MeasureThroughputAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        await using var webhook = new WebhookReceiver();
        var gateways = Enumerable.Range(1, _settings.Gateways).Select(i => Gateway.Create($"gw-{i:D3}", $"U{i:D3}")).ToArray();
        var warmup = Enumerable.Range(1, _settings.WarmupRecordsPerGateway > 0 ? WarmupRounds : 0)
            .Select(round => Enumerable.Range(1, _settings.Gateways).Select(i => Gateway.Create($"gw-w{round}-{i:D3}", $"W{round}-{i:D3}")).ToArray())
            .ToArray();
        var alerting = Enumerable.Range(1, _settings.AlertSamples).Select(i => Gateway.Create($"gw-alert-{i:D2}", $"A{i:D2}")).ToArray();
        var config = PlantConfig([.. warmup.SelectMany(w => w), .. gateways], alerting, alerting, webhook.Url, _settings.DataDirectory);
        await using var server = await EmissionEdgeServer.StartAsync(config, new ServerHostOptions { LogLevel = LogLevel.Error }, cancellationToken).ConfigureAwait(false);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(server.Broker.CaCertificatePath!);
        var store = server.App.Services.GetRequiredService<IIngestStore>();
        var sasExpiry = DateTimeOffset.UtcNow.AddHours(2);

        foreach (var round in warmup)
        {
            // The same shape on units of their own, so the server's code is compiled and tiered up before the clock starts.
            var (_, elapsedWarm, _, _) = await PublishRoundAsync(round, _settings.WarmupRecordsPerGateway, server, ca, sasExpiry, store, null, cancellationToken).ConfigureAwait(false);
            var records = (long)_settings.WarmupRecordsPerGateway * round.Length;
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"warm-up (not counted): {records} records on {round.Length} other units in {elapsedWarm.TotalSeconds:0.000} s ({records / elapsedWarm.TotalSeconds:0} records/s)")).ConfigureAwait(false);
            await DrainOutboxAsync(store, progress, cancellationToken).ConfigureAwait(false);
        }

        var (messages, elapsed, compiled, cpu) = await PublishRoundAsync(gateways, _settings.RecordsPerGateway, server, ca, sasExpiry, store, progress, cancellationToken).ConfigureAwait(false);
        await DrainOutboxAsync(store, progress, cancellationToken).ConfigureAwait(false);
        var latencies = await MeasureAlertLatencyAsync(alerting, server, ca, webhook, progress, cancellationToken).ConfigureAwait(false);
        return new ServerBenchResult((long)_settings.RecordsPerGateway * gateways.Length, messages, elapsed, latencies, compiled, cpu);
    }

    /// <summary>
    /// Connects the gateways, builds every message (bodies and MQTT messages) before the clock starts, publishes them
    /// (records ending at the current minute), then counts every record in the store per unit. Also counts the methods the
    /// runtime compiled while the clock ran.
    /// </summary>
    private async Task<(long Messages, TimeSpan Elapsed, long Compiled, TimeSpan Cpu)> PublishRoundAsync(Gateway[] gateways, int records, RunningServer server, X509Certificate2 ca, DateTimeOffset sasExpiry, IIngestStore store, TextWriter? progress, CancellationToken cancellationToken)
    {
        var clients = await Task.WhenAll(gateways.Select(g => ConnectAsync(g, server, ca, sasExpiry, cancellationToken))).ConfigureAwait(false);
        try
        {
            var now = DateTime.UtcNow;
            var firstMinute = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc).AddMinutes(-records + 1);
            var messages = gateways.Select(g => Messages(g, records, firstMinute)).ToArray();
            await WaitForJitIdleAsync(progress, cancellationToken).ConfigureAwait(false);
            if (progress is not null)
            {
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{gateways.Length} gateways connected over TLS; publishing {records} records each, {_settings.Batch} per message, QoS 1")).ConfigureAwait(false);
            }

            var compiled = JitInfo.GetCompiledMethodCount();
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            await Task.WhenAll(clients.Select((c, i) => PublishAllAsync(c, gateways[i], messages[i], cancellationToken))).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(start);
            process.Refresh();
            cpu = process.TotalProcessorTime - cpu;
            compiled = JitInfo.GetCompiledMethodCount() - compiled;

            foreach (var gateway in gateways)
            {
                var stored = await store.GetMinutesAsync(gateway.Unit, firstMinute, firstMinute.AddMinutes(records), cancellationToken).ConfigureAwait(false);
                if (stored.Count != records || stored.Select(m => m.Seq).Distinct().Count() != records)
                {
                    throw new InvalidOperationException($"unit {gateway.Unit}: {stored.Count} records stored, {records} published");
                }
            }

            return (messages.Sum(m => (long)m.Length), elapsed, compiled, cpu);
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

    /// <summary>A gateway's messages of <see cref="ServerBenchSettings.Batch"/> records each.</summary>
    private MqttApplicationMessage[] Messages(Gateway gateway, int records, DateTime firstMinute)
    {
        var messages = new List<MqttApplicationMessage>();
        for (var seq = 0; seq < records; seq += _settings.Batch)
        {
            var count = Math.Min(_settings.Batch, records - seq);
            var backlog = records - seq - count; // what the gateway's journal still holds after this message
            messages.Add(Message(gateway, BenchTelemetry.Body(gateway.DeviceId, gateway.Unit, seq, count, firstMinute.AddMinutes(seq), CompliantSo2), backlog));
        }

        return [.. messages];
    }

    private static async Task PublishAllAsync(IMqttClient client, Gateway gateway, MqttApplicationMessage[] messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            await PublishAsync(client, gateway, message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The alerts that hinge on the hour closing, on a second server whose clock runs <see cref="HourCloseScale"/> times
    /// faster than real time (<c>serve --time-scale</c>): every unit sends one hour of data, then stays silent; four hours
    /// later (<c>dataGapHours</c>) each of its pollutants opens a data-gap alert when that hour becomes closable (its end
    /// plus <c>hourGraceMinutes</c> on the server clock), and each further boundary lengthens (updates) them. The clock
    /// starts <see cref="HourCloseLead"/> before the first of these boundaries. Latency, in real time = the real moment the
    /// server clock reached the boundary → the first and the last of that boundary's signed POSTs at the webhook.
    /// </summary>
    private async Task<IReadOnlyList<HourCloseSample>> MeasureHourClosingAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        await using var webhook = new WebhookReceiver();
        var gateways = Enumerable.Range(1, _settings.Gateways).Select(i => Gateway.Create($"gw-c{i:D3}", $"C{i:D3}")).ToArray();
        var config = PlantConfig(gateways, [], gateways, webhook.Url, Path.Combine(_settings.DataDirectory, "hour-close"));
        var grace = config.Ingest.HourGracePeriod;
        var dataHour = ChinaTime.HourStartUtc(DateTime.UtcNow).AddHours(-6);
        var firstBoundary = dataHour.AddHours(1 + DataGapHours) + grace;
        var clockStart = firstBoundary - HourCloseLead;
        var realStart = Stopwatch.GetTimestamp();
        var clock = new AcceleratedTimeProvider(clockStart, HourCloseScale);
        long RealTimestampOf(DateTime serverTime) => realStart + (long)((serverTime - clockStart).TotalSeconds / HourCloseScale * Stopwatch.Frequency);

        await using var server = await EmissionEdgeServer.StartAsync(config, new ServerHostOptions { LogLevel = LogLevel.Error, Time = clock }, cancellationToken).ConfigureAwait(false);
        using var ca = X509CertificateLoader.LoadCertificateFromFile(server.Broker.CaCertificatePath!);
        var clients = await Task.WhenAll(gateways.Select(g => ConnectAsync(g, server, ca, clock.GetUtcNow().AddDays(3), cancellationToken))).ConfigureAwait(false);
        await Task.WhenAll(clients.Select((c, i) => PublishAsync(c, gateways[i], Message(gateways[i], BenchTelemetry.Body(gateways[i].DeviceId, gateways[i].Unit, 0, 60, dataHour, CompliantSo2)), cancellationToken))).ConfigureAwait(false);
        foreach (var client in clients)
        {
            await client.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            client.Dispose();
        }

        if (clock.GetUtcNow().UtcDateTime >= firstBoundary)
        {
            throw new InvalidOperationException($"the units' hour of data was not stored before the first boundary ({HourCloseLead.TotalMinutes:0} server minutes = {clock.ToReal(HourCloseLead).TotalSeconds:0.0} s after start)");
        }

        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"hour closing: {gateways.Length} units silent after {dataHour:yyyy-MM-dd HH:mm}Z, server clock x{HourCloseScale:0}, grace {grace.TotalMinutes:0} min, first data-gap boundary {firstBoundary:HH:mm}Z")).ConfigureAwait(false);
        var expected = gateways.Length * BenchTelemetry.Pollutants;
        var samples = new List<HourCloseSample>();
        for (var k = 0; k < _settings.HourCloseSamples; k++)
        {
            var boundary = firstBoundary.AddHours(k);
            var boundaryTimestamp = RealTimestampOf(boundary);
            var arrivals = new Dictionary<string, long>(StringComparer.Ordinal);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(clock.ToReal(boundary - clock.GetUtcNow().UtcDateTime) + AlertTimeout);
            try
            {
                while (arrivals.Count < expected)
                {
                    var alert = await webhook.Received.ReadAsync(timeout.Token).ConfigureAwait(false);
                    if (alert.Kind == "data-gap" && alert.ArrivedTimestamp >= boundaryTimestamp)
                    {
                        arrivals.TryAdd(alert.AlertId, alert.ArrivedTimestamp);
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"boundary {boundary:HH:mm}Z: {arrivals.Count} of {expected} data-gap alerts reached the webhook within {AlertTimeout.TotalSeconds} s");
            }

            samples.Add(new HourCloseSample(expected, Stopwatch.GetElapsedTime(boundaryTimestamp, arrivals.Values.Min()), Stopwatch.GetElapsedTime(boundaryTimestamp, arrivals.Values.Max())));
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"hour closable at {boundary:HH:mm}Z: first of {expected} data-gap alerts {samples[^1].First.TotalMilliseconds:0} ms, last {samples[^1].Last.TotalMilliseconds:0} ms after")).ConfigureAwait(false);
        }

        return samples;
    }

    /// <summary>
    /// Waits until the runtime compiled no method for half a second (at most 30 s): methods that became hot (the warm-up,
    /// the connections just made) are recompiled optimized on a background thread (tiered compilation), which would
    /// otherwise take a core from the measured run.
    /// </summary>
    private static async Task WaitForJitIdleAsync(TextWriter? progress, CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.GetTimestamp();
        var compiled = JitInfo.GetCompiledMethodCount();
        while (Stopwatch.GetElapsedTime(waiting) < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            var now = JitInfo.GetCompiledMethodCount();
            if (now == compiled)
            {
                break;
            }

            compiled = now;
        }

        if (progress is not null)
        {
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"JIT idle after {Stopwatch.GetElapsedTime(waiting).TotalSeconds:0.0} s")).ConfigureAwait(false);
        }
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
            using var client = await ConnectAsync(gateway, server, ca, DateTimeOffset.UtcNow.AddHours(2), cancellationToken).ConfigureAwait(false);
            await PublishAsync(client, gateway, Message(gateway, BenchTelemetry.Body(gateway.DeviceId, gateway.Unit, 0, 59, hour, CompliantSo2)), cancellationToken).ConfigureAwait(false);
            await PublishAsync(client, gateway, Message(gateway, BenchTelemetry.Body(gateway.DeviceId, gateway.Unit, 59, 1, hour.AddMinutes(59), ExceedingSo2)), cancellationToken).ConfigureAwait(false);
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

    /// <summary>A QoS 1 telemetry message on the topic the firmware uses, with the journal backlog it reports.</summary>
    private static MqttApplicationMessage Message(Gateway gateway, byte[] body, int backlog = 0) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(new IotHubConnection(HubHost, gateway.DeviceId).TelemetryTopicWithHealth(string.Empty, backlog))
            .WithPayload(body)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();

    private static async Task PublishAsync(IMqttClient client, Gateway gateway, MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        var result = await client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"{gateway.DeviceId}: PUBACK {result.ReasonCode}");
        }
    }

    private static async Task<IMqttClient> ConnectAsync(Gateway gateway, RunningServer server, X509Certificate2 ca, DateTimeOffset sasExpiry, CancellationToken cancellationToken)
    {
        var connection = new IotHubConnection(HubHost, gateway.DeviceId);
        var token = connection.SasToken(gateway.Key, sasExpiry.ToUnixTimeSeconds(), new HmacSha256());
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
                .WithCertificateValidationHandler(args => BrokerCertificate.Refusal(args.Certificate, [ca], HubHost) is null))
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

    /// <summary>
    /// The plant: a unit per gateway; the regulator's webhook subscribes to the <paramref name="subscribed"/> units only (in
    /// the throughput measurement the alert samples' units: the throughput units, whose data starts hours back, get
    /// data-gap alerts while they catch up; those stay in the store and the log).
    /// </summary>
    private static PlantConfig PlantConfig(IReadOnlyList<Gateway> throughput, IReadOnlyList<Gateway> alerting, IReadOnlyList<Gateway> subscribed, Uri webhook, string dataDirectory)
    {
        Gateway[] gateways = [.. throughput, .. alerting];
        var units = string.Join(",\n", gateways.Select(g => $$"""{ "id": "{{g.Unit}}", "class": "new", "o2Reference": 6 }"""));
        var devices = string.Join(",\n", gateways.Select(g => $$"""{ "id": "{{g.DeviceId}}", "unit": "{{g.Unit}}", "key": "{{g.Key}}" }"""));
        var unitList = string.Join(", ", gateways.Select(g => $"\"{g.Unit}\""));
        var regulators = subscribed.Count == 0 ? "[]" : $$"""
            [ { "name": "Bench EPB", "units": [ {{string.Join(", ", subscribed.Select(g => $"\"{g.Unit}\""))}} ], "webhook": "{{webhook}}", "secret": "bench-webhook-secret-0123456789" } ]
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
        Directory.CreateDirectory(dataDirectory);
        return PlantConfigFile.Parse("bench-plant.json", Encoding.UTF8.GetBytes(json), dataDirectory, out var problems)
            ?? throw new InvalidOperationException("bench plant configuration: " + string.Join("; ", problems));
    }

    private sealed record Gateway(string DeviceId, string Unit, string Key)
    {
        public static Gateway Create(string deviceId, string unit) => new(deviceId, unit, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    }
}
