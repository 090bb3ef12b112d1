using System.Globalization;
using Azure.Messaging.EventHubs;
using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Ingest.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace EmissionEdge.Functions.Functions;

/// <summary>
/// Ingests device-to-cloud telemetry from IoT Hub's built-in Event Hubs endpoint, in batches, on its own consumer
/// group. The device id is IoT Hub's <c>iothub-connection-device-id</c> system property, never the body.
/// </summary>
/// <remarks>
/// App settings: <c>IotHubEventHubs</c> (connection: <c>IotHubEventHubs__fullyQualifiedNamespace</c> with a managed
/// identity, or a connection string), <c>IotHubEventHubName</c> (the built-in endpoint's Event Hub-compatible name),
/// <c>IngestConsumerGroup</c>. A store failure fails the invocation, which the retry policy repeats (the pipeline is
/// idempotent), so no batch is checkpointed past unstored data. Bad messages never fail it: they are dead-lettered.
/// </remarks>
public sealed partial class IngestTelemetry
{
    private readonly IngestPipeline _pipeline;
    private readonly AlertDispatcher _dispatcher;
    private readonly ILogger<IngestTelemetry> _logger;

    /// <summary>Creates the function.</summary>
    /// <param name="pipeline">The ingest pipeline.</param>
    /// <param name="dispatcher">Sends alerts queued by the batch.</param>
    /// <param name="logger">The logger.</param>
    public IngestTelemetry(IngestPipeline pipeline, AlertDispatcher dispatcher, ILogger<IngestTelemetry> logger)
    {
        _pipeline = pipeline;
        _dispatcher = dispatcher;
        _logger = logger;
    }

    /// <summary>Runs one batch.</summary>
    /// <param name="events">The events.</param>
    /// <param name="context">The invocation context.</param>
    /// <returns>The per-message outcomes.</returns>
    [Function(nameof(IngestTelemetry))]
    [ExponentialBackoffRetry(-1, "00:00:05", "00:15:00")]
    public async Task<IReadOnlyList<IngestOutcome>> RunAsync(
        [EventHubTrigger("%IotHubEventHubName%", Connection = "IotHubEventHubs", ConsumerGroup = "%IngestConsumerGroup%", IsBatched = true)] EventData[] events,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(context);
        var messages = events.Select(ToMessage).ToArray();
        var outcomes = await _pipeline.IngestBatchAsync(messages, context.CancellationToken).ConfigureAwait(false);
        LogBatch(events.Length, outcomes.Sum(o => o.Accepted), outcomes.Sum(o => o.Duplicates), outcomes.Sum(o => o.Rejected));

        // Send what this batch raised now; DeliverAlerts retries anything that fails.
        await _dispatcher.DeliverDueAsync(context.CancellationToken).ConfigureAwait(false);
        return outcomes;
    }

    /// <summary>Turns an IoT Hub event into a pipeline message.</summary>
    /// <param name="e">The event.</param>
    /// <returns>The message.</returns>
    internal static IngestMessage ToMessage(EventData e)
    {
        var device = e.SystemProperties.TryGetValue(TelemetryContract.IotHubDeviceIdProperty, out var id) ? id as string ?? id?.ToString() : null;
        var firmware = e.Properties.TryGetValue(TelemetryContract.FirmwareProperty, out var fw) ? fw?.ToString() : null;
        int? backlog = e.Properties.TryGetValue(TelemetryContract.BacklogProperty, out var b) &&
                       int.TryParse(b?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return new IngestMessage(device ?? string.Empty, e.EventBody.ToMemory(), e.EnqueuedTime, firmware, backlog);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {Events} events: {Accepted} records stored, {Duplicates} duplicates, {Rejected} dead-lettered")]
    private partial void LogBatch(int events, int accepted, int duplicates, int rejected);
}
