using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Server.Ingest;
using Microsoft.Extensions.Logging;

namespace EmissionEdge.Server.Broker;

/// <summary>
/// Hands a telemetry message the broker accepted to the ingest pipeline (the same <see cref="IngestPipeline"/> as the
/// Azure Functions app), with the authenticated client id as device id, the broker's time as enqueued time and the
/// topic's <c>fw</c>/<c>backlog</c> as application properties, through <see cref="IngestGroupCommit"/> (messages of all
/// connections arriving together are stored in one transaction). The broker acknowledges (PUBACK) only after this
/// returns, so a gateway keeps a record in its journal until it is stored.
/// </summary>
public sealed partial class TelemetryReceiver
{
    private readonly IngestGroupCommit _groupCommit;
    private readonly TimeProvider _time;
    private readonly ILogger<TelemetryReceiver> _logger;

    /// <summary>Creates the receiver.</summary>
    /// <param name="groupCommit">Stores messages in groups through the ingest pipeline.</param>
    /// <param name="time">The clock of enqueued times.</param>
    /// <param name="logger">The logger.</param>
    public TelemetryReceiver(IngestGroupCommit groupCommit, TimeProvider time, ILogger<TelemetryReceiver> logger)
    {
        _groupCommit = groupCommit;
        _time = time;
        _logger = logger;
    }

    /// <summary>Ingests one message.</summary>
    /// <param name="deviceId">The authenticated device (MQTT client id).</param>
    /// <param name="topic">The parsed topic.</param>
    /// <param name="body">The body.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The pipeline's outcome, once the message is committed.</returns>
    public async Task<IngestOutcome> ReceiveAsync(string deviceId, TelemetryTopic topic, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var message = new IngestMessage(deviceId, body, _time.GetUtcNow(), topic.FirmwareVersion, topic.Backlog);
        var outcome = await _groupCommit.IngestAsync(message, cancellationToken).ConfigureAwait(false);
        if (outcome.Rejected > 0)
        {
            LogRejected(deviceId, outcome.Rejected, string.Join("; ", outcome.Reasons));
        }
        else
        {
            LogIngested(deviceId, outcome.Accepted, outcome.Duplicates);
        }

        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Device {DeviceId}: {Accepted} records stored, {Duplicates} duplicates absorbed")]
    private partial void LogIngested(string deviceId, int accepted, int duplicates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId}: {Rejected} records dead-lettered: {Reasons}")]
    private partial void LogRejected(string deviceId, int rejected, string reasons);
}
