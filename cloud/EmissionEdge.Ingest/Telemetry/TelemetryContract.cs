namespace EmissionEdge.Ingest.Telemetry;

/// <summary>Constants of the gateway → cloud telemetry contract, version 1 (<c>telemetry.md</c>).</summary>
public static class TelemetryContract
{
    /// <summary>The <c>schema</c> value of a version 1 minute record.</summary>
    public const string SchemaV1 = "emissionedge.minute/1";

    /// <summary>Largest message body accepted, in bytes: the contract says "keep a message under 256 KB" (IoT Hub's own limit).</summary>
    public const int MaxMessageBytes = 256 * 1024;

    /// <summary>Length of a record's <c>mac</c> once base64-decoded (HMAC-SHA256).</summary>
    public const int MacLength = 32;

    /// <summary>
    /// IoT Hub system property that carries the authenticated device id of a device-to-cloud message
    /// on the built-in Event Hubs endpoint.
    /// </summary>
    public const string IotHubDeviceIdProperty = "iothub-connection-device-id";

    /// <summary>
    /// Optional application property (an MQTT topic property, <c>…/messages/events/fw=1.4.2</c>) with the
    /// gateway's firmware version; recorded in gateway health.
    /// </summary>
    public const string FirmwareProperty = "fw";

    /// <summary>
    /// Optional application property (<c>…/messages/events/backlog=17</c>) with the number of journal records
    /// the gateway still has to send after this message; recorded in gateway health.
    /// </summary>
    public const string BacklogProperty = "backlog";
}
