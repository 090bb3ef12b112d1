namespace EmissionEdge.Ingest.Devices;

/// <summary>Looks up gateways by the device id the transport authenticated.</summary>
public interface IDeviceRegistry
{
    /// <summary>Finds a device.</summary>
    /// <param name="deviceId">The authenticated device id.</param>
    /// <returns>The registration, or <see langword="null"/> for an unknown device.</returns>
    DeviceRegistration? Find(string deviceId);
}
