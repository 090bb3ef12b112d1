namespace EmissionEdge.Ingest.Devices;

/// <summary>Gateways known to the cloud, bound from configuration (section <see cref="SectionName"/>).</summary>
/// <example>
/// <code>
/// "Devices": { "Gateways": [ { "DeviceId": "gw-gs01-a", "Unit": "GS-01", "DeviceKey": "base64…", "MacEnabled": true } ] }
/// </code>
/// In Azure app settings: <c>Devices__Gateways__0__DeviceId</c>, <c>Devices__Gateways__0__Unit</c>, …
/// </example>
public sealed class DeviceRegistryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Devices";

    /// <summary>The gateways.</summary>
    public List<GatewayOptions> Gateways { get; set; } = [];

    /// <summary>One gateway's configuration.</summary>
    public sealed class GatewayOptions
    {
        /// <summary>The device id.</summary>
        public string DeviceId { get; set; } = string.Empty;

        /// <summary>The unit the gateway measures.</summary>
        public string Unit { get; set; } = string.Empty;

        /// <summary>The device key, base64 (as IoT Hub shows it).</summary>
        public string DeviceKey { get; set; } = string.Empty;

        /// <summary>Whether the device's records must carry a verified mac chain.</summary>
        public bool MacEnabled { get; set; }
    }
}
