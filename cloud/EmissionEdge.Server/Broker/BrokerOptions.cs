namespace EmissionEdge.Server.Broker;

/// <summary>The MQTT broker's settings (from the plant configuration's <c>mqtt</c> and <c>dataDirectory</c>).</summary>
public sealed class BrokerOptions
{
    /// <summary>The hub host name of usernames and SAS resources.</summary>
    public string HubHost { get; set; } = "emissionedge.local";

    /// <summary>The TLS port; 0 picks a free port.</summary>
    public int TlsPort { get; set; } = 8883;

    /// <summary>The plain (unencrypted) port, or <see langword="null"/> for no plain listener.</summary>
    public int? PlainPort { get; set; }

    /// <summary>The address the listeners bind to.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>A PFX server certificate, or <see langword="null"/> for the generated development certificate.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX password.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// How far ahead a SAS token's expiry may lie (default 7 days). A token is a bearer credential: whoever holds a copy
    /// can connect as the device until it expires, so a token meant to last longer is refused at CONNECT. Gateways renew
    /// theirs every hour (GatewayLoopOptions.SasTokenLifetimeSeconds).
    /// </summary>
    public TimeSpan MaxSasTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Where the development certificate is kept.</summary>
    public string DataDirectory { get; set; } = "data";
}

/// <summary>Where the running broker listens (known after start, also when the configuration asked for port 0).</summary>
/// <param name="TlsPort">The TLS port.</param>
/// <param name="PlainPort">The plain port, or <see langword="null"/>.</param>
/// <param name="CaCertificatePath">The PEM file gateways must trust (the development CA), or <see langword="null"/> with a configured certificate.</param>
public sealed record BrokerEndpoints(int TlsPort, int? PlainPort, string? CaCertificatePath);
