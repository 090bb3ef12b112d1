namespace EmissionEdge.Ingest.Pipeline;

/// <summary>One telemetry message as the transport delivered it.</summary>
/// <param name="DeviceId">The device id the transport authenticated (IoT Hub's <c>iothub-connection-device-id</c>, or the local broker's client id). Never taken from the body.</param>
/// <param name="Body">The body bytes.</param>
/// <param name="EnqueuedTime">When the transport enqueued the message.</param>
/// <param name="FirmwareVersion">Application property <c>fw</c>, when the gateway sent it.</param>
/// <param name="JournalBacklog">Application property <c>backlog</c>, when the gateway sent it.</param>
public sealed record IngestMessage(string DeviceId, ReadOnlyMemory<byte> Body, DateTimeOffset EnqueuedTime, string? FirmwareVersion = null, int? JournalBacklog = null);
