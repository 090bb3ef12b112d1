namespace EmissionEdge.Ingest.Devices;

/// <summary>What the cloud knows about one gateway: the unit it measures, its key and whether it signs its records.</summary>
/// <param name="DeviceId">The device id (IoT Hub device id = MQTT client id).</param>
/// <param name="Unit">The unit the gateway measures; a record claiming another unit is rejected.</param>
/// <param name="DeviceKey">The device's symmetric key (the bytes, base64-decoded); the mac chain key.</param>
/// <param name="MacEnabled">Whether every record must carry a verified <c>mac</c>.</param>
public sealed record DeviceRegistration(string DeviceId, string Unit, byte[] DeviceKey, bool MacEnabled);
