using Microsoft.Extensions.Options;

namespace EmissionEdge.Ingest.Devices;

/// <summary>A device registry read once from <see cref="DeviceRegistryOptions"/>; invalid entries fail at start-up, naming the field.</summary>
public sealed class ConfigurationDeviceRegistry : IDeviceRegistry
{
    private readonly Dictionary<string, DeviceRegistration> _devices = new(StringComparer.Ordinal);

    /// <summary>Builds the registry from options.</summary>
    /// <param name="options">The configured gateways.</param>
    /// <exception cref="InvalidOperationException">An entry is incomplete, its key is not base64, or a device id repeats.</exception>
    public ConfigurationDeviceRegistry(IOptions<DeviceRegistryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var gateways = options.Value.Gateways;
        for (var i = 0; i < gateways.Count; i++)
        {
            var g = gateways[i];
            var path = $"{DeviceRegistryOptions.SectionName}:Gateways:{i}";
            if (string.IsNullOrWhiteSpace(g.DeviceId))
            {
                throw new InvalidOperationException($"{path}:DeviceId is empty");
            }

            if (string.IsNullOrWhiteSpace(g.Unit))
            {
                throw new InvalidOperationException($"{path}:Unit is empty for device '{g.DeviceId}'");
            }

            byte[] key;
            try
            {
                key = Convert.FromBase64String(g.DeviceKey);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{path}:DeviceKey of device '{g.DeviceId}' is not base64");
            }

            if (key.Length == 0)
            {
                throw new InvalidOperationException($"{path}:DeviceKey of device '{g.DeviceId}' is empty");
            }

            if (!_devices.TryAdd(g.DeviceId, new DeviceRegistration(g.DeviceId, g.Unit, key, g.MacEnabled)))
            {
                throw new InvalidOperationException($"{path}:DeviceId '{g.DeviceId}' appears twice");
            }
        }
    }

    /// <inheritdoc />
    public DeviceRegistration? Find(string deviceId) => _devices.GetValueOrDefault(deviceId);
}
