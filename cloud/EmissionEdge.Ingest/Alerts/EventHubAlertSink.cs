using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;

namespace EmissionEdge.Ingest.Alerts;

/// <summary>
/// Publishes alert notices to the Event Hubs <c>alerts</c> hub, partition key = unit (so one unit's alerts stay in
/// order), content type <c>application/json</c>, message id = <c>{alertId}/{version}</c> and application properties
/// <c>alertId</c>, <c>version</c>, <c>kind</c>, <c>unit</c> for receivers that filter or deduplicate.
/// </summary>
public sealed class EventHubAlertSink : IAlertSink
{
    private readonly EventHubProducerClient _producer;

    /// <summary>Creates the sink.</summary>
    /// <param name="producer">A producer for the <c>alerts</c> hub.</param>
    public EventHubAlertSink(EventHubProducerClient producer) => _producer = producer ?? throw new ArgumentNullException(nameof(producer));

    /// <inheritdoc />
    public string Name => "eventhub";

    /// <inheritdoc />
    public bool Accepts(AlertNotice notice) => true;

    /// <inheritdoc />
    public async Task DeliverAsync(AlertNotice notice, string body, int attempt, CancellationToken cancellationToken)
    {
        var eventData = new EventData(Encoding.UTF8.GetBytes(body))
        {
            ContentType = "application/json",
            MessageId = $"{notice.AlertId}/{notice.Version}",
        };
        eventData.Properties["alertId"] = notice.AlertId;
        eventData.Properties["version"] = notice.Version;
        eventData.Properties["kind"] = notice.Kind;
        eventData.Properties["unit"] = notice.Unit;

        using var batch = await _producer.CreateBatchAsync(new CreateBatchOptions { PartitionKey = notice.Unit }, cancellationToken).ConfigureAwait(false);
        if (!batch.TryAdd(eventData))
        {
            throw new InvalidOperationException($"alert {notice.AlertId} v{notice.Version} ({body.Length} chars) does not fit an Event Hubs batch");
        }

        await _producer.SendAsync(batch, cancellationToken).ConfigureAwait(false);
    }
}
