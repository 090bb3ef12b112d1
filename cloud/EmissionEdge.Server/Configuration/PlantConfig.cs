using EmissionEdge.Compliance.Profiles;

namespace EmissionEdge.Server.Configuration;

/// <summary>
/// The plant configuration of <c>emissionedge serve --config</c>: units, gateways, regulators, API keys, ports and the data
/// directory. Read and checked by <see cref="PlantConfigFile"/>; the demo builds one in code.
/// </summary>
/// <param name="Plant">Plant id (regulator webhook subscriptions by plant, dashboard title).</param>
/// <param name="DataDirectory">Absolute path of the directory holding the SQLite database and the development certificate.</param>
/// <param name="Http">The HTTP listener (API, live feed, dashboard).</param>
/// <param name="Mqtt">The MQTT broker.</param>
/// <param name="Units">The units with their compliance profiles.</param>
/// <param name="Gateways">The gateways allowed to publish.</param>
/// <param name="Regulators">Regulators receiving signed alert webhooks.</param>
/// <param name="ApiKeys">Keys of the REST API and dashboard.</param>
/// <param name="Ingest">Hour closing settings.</param>
public sealed record PlantConfig(
    string Plant,
    string DataDirectory,
    HttpSettings Http,
    MqttSettings Mqtt,
    IReadOnlyList<UnitProfile> Units,
    IReadOnlyList<GatewaySettings> Gateways,
    IReadOnlyList<RegulatorSettings> Regulators,
    IReadOnlyList<ApiKeySettings> ApiKeys,
    IngestSettings Ingest)
{
    /// <summary>Path of the SQLite database of the ingest pipeline inside <see cref="DataDirectory"/>.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "emissionedge.db");
}

/// <summary>The HTTP listener.</summary>
/// <param name="Url">Where Kestrel listens, e.g. <c>http://127.0.0.1:8080</c> (port 0: any free port).</param>
public sealed record HttpSettings(Uri Url);

/// <summary>The MQTT broker.</summary>
/// <param name="HubHost">The host name gateways put in their username and SAS resource (the IoT Hub host they believe they talk to).</param>
/// <param name="TlsPort">The TLS port (8883; 0: any free port).</param>
/// <param name="PlainPort">The unencrypted port, or <see langword="null"/> for none (the default).</param>
/// <param name="BindAddress">The address both listeners bind to (default <c>0.0.0.0</c>: every interface, gateways are on the plant network).</param>
/// <param name="CertificatePath">A PFX server certificate to use instead of the generated development certificate, or <see langword="null"/>.</param>
/// <param name="CertificatePassword">The PFX password, or <see langword="null"/>.</param>
public sealed record MqttSettings(string HubHost, int TlsPort, int? PlainPort, string BindAddress, string? CertificatePath, string? CertificatePassword);

/// <summary>One gateway.</summary>
/// <param name="Id">Device id = MQTT client id.</param>
/// <param name="Unit">The unit it measures.</param>
/// <param name="Key">The device key, base64 (SAS tokens and the mac chain).</param>
/// <param name="Mac">Whether its records must carry a verified mac chain.</param>
public sealed record GatewaySettings(string Id, string Unit, string Key, bool Mac);

/// <summary>A regulator subscribed to the alerts of some units.</summary>
/// <param name="Name">Name shown to people, e.g. <c>Provincial EPB</c>.</param>
/// <param name="Units">Unit ids covered.</param>
/// <param name="Webhook">HTTPS (or HTTP) endpoint receiving signed alert POSTs, or <see langword="null"/> for none.</param>
/// <param name="Secret">Shared secret of the webhook signature.</param>
public sealed record RegulatorSettings(string Name, IReadOnlyList<string> Units, Uri? Webhook, string? Secret);

/// <summary>An API key.</summary>
/// <param name="Key">The key as sent in <c>X-Api-Key</c>.</param>
/// <param name="Role">What the key may do.</param>
/// <param name="Units">The units it sees.</param>
/// <param name="Name">Who holds it (shown in the dashboard and on acknowledgements).</param>
public sealed record ApiKeySettings(string Key, ApiRole Role, IReadOnlyList<string> Units, string Name);

/// <summary>What an API key may do.</summary>
public enum ApiRole
{
    /// <summary>Plant operator: reads its units' data, alerts and gateways.</summary>
    Operator,
    /// <summary>Regulator: reads its units' data, alerts and gateways, and acknowledges alerts.</summary>
    Regulator,
}

/// <summary>Hour closing.</summary>
/// <param name="HourGracePeriod">How long after its end an hour waits for late minutes before it is closed (default 15 min).</param>
/// <param name="CloseHoursEvery">How often the closer and the alert dispatcher run (default 30 s).</param>
public sealed record IngestSettings(TimeSpan HourGracePeriod, TimeSpan CloseHoursEvery)
{
    /// <summary>The defaults.</summary>
    public static IngestSettings Default { get; } = new(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(30));

    /// <summary>
    /// How long after it last stored a new record a gateway that reports a journal backlog still counts as catching up, so that
    /// its unit's hours still on their way do not count toward a data gap (default 15 min; see
    /// <c>IngestOptions.CatchUpTimeout</c>).
    /// </summary>
    public TimeSpan CatchUpTimeout { get; init; } = TimeSpan.FromMinutes(15);
}
