namespace EmissionEdge.Ingest.Storage;

/// <summary>One delivery of one alert version to one destination, stored before it is sent.</summary>
/// <param name="Id">Key: <c>{alertId}/{version}/{destination}</c>.</param>
/// <param name="AlertId">The alert.</param>
/// <param name="Version">The alert version.</param>
/// <param name="Unit">The unit (Event Hubs partition key).</param>
/// <param name="Destination">The sink name, for example <c>webhook:mee</c>, <c>eventhub</c>, <c>log</c>.</param>
/// <param name="Payload">The JSON body to deliver.</param>
/// <param name="Attempts">Delivery attempts made so far.</param>
/// <param name="NextAttemptUtc">When the next attempt is due.</param>
/// <param name="DeliveredUtc">When delivery succeeded, or <see langword="null"/> while pending.</param>
/// <param name="LastError">The last failure, or <see langword="null"/>.</param>
public sealed record OutboxEntry(
    string Id, string AlertId, int Version, string Unit, string Destination, string Payload,
    int Attempts, DateTime NextAttemptUtc, DateTime? DeliveredUtc, string? LastError)
{
    /// <summary>The outbox key of a delivery.</summary>
    /// <param name="alertId">The alert id.</param>
    /// <param name="version">The alert version.</param>
    /// <param name="destination">The sink name.</param>
    /// <returns>The key.</returns>
    public static string KeyOf(string alertId, int version, string destination) => $"{alertId}/{version}/{destination}";
}
