namespace EmissionEdge.Ingest.Storage;

/// <summary>
/// An alert as stored and delivered: a stable id, the unit it concerns, and its current content. Receivers
/// deduplicate by <see cref="AlertId"/> and <see cref="Version"/>.
/// </summary>
/// <param name="AlertId">Stable id (from unit, kind, pollutant and start).</param>
/// <param name="Unit">The unit.</param>
/// <param name="Plant">The plant of the unit, when known (used by regulator subscriptions).</param>
/// <param name="Kind">Alert kind, for example <c>Exceedance</c> or <c>MacChainBroken</c>.</param>
/// <param name="Pollutant">The pollutant, or empty when the alert is not about one.</param>
/// <param name="StartUtc">Start of the alert (the first hour, or the record's minute).</param>
/// <param name="Payload">The alert's full content as JSON (what sinks deliver).</param>
/// <param name="Version">1 when first raised; +1 each time its content changes.</param>
/// <param name="UpdatedUtc">When this version was stored.</param>
public sealed record AlertEntry(string AlertId, string Unit, string? Plant, string Kind, string Pollutant, DateTime StartUtc, string Payload, int Version, DateTime UpdatedUtc);
