namespace EmissionEdge.Ingest.Alerts;

/// <summary>A destination of alert notices (regulator webhook, Event Hubs, log). Deliveries go through the outbox.</summary>
public interface IAlertSink
{
    /// <summary>Unique destination name stored in the outbox, for example <c>webhook:mee</c>.</summary>
    string Name { get; }

    /// <summary>Whether this destination wants the notice (for example a regulator subscribed to the unit's plant).</summary>
    /// <param name="notice">The notice.</param>
    /// <returns><see langword="true"/> to queue a delivery.</returns>
    bool Accepts(AlertNotice notice);

    /// <summary>Delivers one notice; throws when the destination did not take it (the outbox retries).</summary>
    /// <param name="notice">The notice.</param>
    /// <param name="body">Its JSON body as stored in the outbox (deliver these exact bytes).</param>
    /// <param name="attempt">1 for the first attempt.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>A task.</returns>
    Task DeliverAsync(AlertNotice notice, string body, int attempt, CancellationToken cancellationToken);
}
