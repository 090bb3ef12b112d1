namespace EmissionEdge.Ingest.Storage;

/// <summary>The stored evaluation of one unit-hour.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="HourStartUtc">UTC start of the hour (a China Standard Time hour boundary: CST is a whole-hour offset).</param>
/// <param name="Payload">The compliance engine's result for the hour, as JSON.</param>
/// <param name="MinutesReceived">Minutes stored for the hour when it was evaluated (valid or not).</param>
/// <param name="Revision">0 for the first result of a closed hour; incremented each time a late record changes a closed hour.</param>
/// <param name="Closed">Whether the hour passed its grace period and was closed.</param>
/// <param name="EvaluatedUtc">When it was evaluated.</param>
public sealed record HourResultEntry(string Unit, DateTime HourStartUtc, string Payload, int MinutesReceived, int Revision, bool Closed, DateTime EvaluatedUtc);
