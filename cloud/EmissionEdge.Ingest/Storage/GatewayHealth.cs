namespace EmissionEdge.Ingest.Storage;

/// <summary>What the cloud last heard from a gateway.</summary>
/// <param name="Device">The device id.</param>
/// <param name="Unit">The unit it measures.</param>
/// <param name="LastSeenUtc">Enqueued time of the newest message.</param>
/// <param name="LastSeq">Highest seq stored.</param>
/// <param name="LastMinuteUtc">Newest record minute stored.</param>
/// <param name="JournalBacklog">Records the gateway still had to send (application property <c>backlog</c>), when reported.</param>
/// <param name="ClockSkewSeconds">
/// Enqueued time minus the end of the newest record's minute, in seconds, from the newest message: the delivery
/// lag of a live record; a large or negative value means the gateway clock (or its link) is off.
/// </param>
/// <param name="FirmwareVersion">Firmware version (application property <c>fw</c>), when reported.</param>
/// <param name="RecordsAccepted">Records stored from this device.</param>
/// <param name="DuplicatesAbsorbed">Identical replays absorbed.</param>
/// <param name="RecordsRejected">Records or messages dead-lettered.</param>
public sealed record GatewayHealth(
    string Device, string Unit, DateTime LastSeenUtc, long LastSeq, DateTime LastMinuteUtc, int? JournalBacklog,
    double ClockSkewSeconds, string? FirmwareVersion, long RecordsAccepted, long DuplicatesAbsorbed, long RecordsRejected)
{
    /// <summary>
    /// Enqueued time of the newest message that stored a record not stored before (<see langword="null"/> when none has,
    /// or when the health was recorded before this was kept): how recently the gateway made progress, as opposed to
    /// <see cref="LastSeenUtc"/>, which replays and rejected messages move too.
    /// </summary>
    public DateTime? LastAcceptedUtc { get; init; }
}
