using System.Security.Cryptography.X509Certificates;

namespace EmissionEdge.Gateway.Host.Mqtt;

/// <summary>
/// A gateway's check of the broker's TLS certificate against the plant's own certificate authority (the local server's
/// development CA, or the CA file an operator configures): it must chain to one of the trusted CAs, with no system root
/// involved, and name the host the gateway connects to or the IoT Hub host.
/// </summary>
public static class BrokerCertificate
{
    /// <summary>Why <paramref name="certificate"/> is not trusted, or <see langword="null"/> when it is.</summary>
    /// <param name="certificate">The certificate the broker presented (none: refused).</param>
    /// <param name="trustedCas">The certificate authorities trusted as roots.</param>
    /// <param name="acceptedNames">Host names or IP addresses of which the certificate must name at least one.</param>
    /// <returns>The reason for refusing it, or <see langword="null"/>.</returns>
    public static string? Refusal(X509Certificate? certificate, X509Certificate2Collection trustedCas, params string[] acceptedNames)
    {
        ArgumentNullException.ThrowIfNull(trustedCas);
        ArgumentNullException.ThrowIfNull(acceptedNames);
        if (certificate is null)
        {
            return "no certificate presented";
        }

        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(presented))
        {
            return "not issued by the configured CA";
        }

        foreach (var name in acceptedNames)
        {
            if (presented.MatchesHostname(name))
            {
                return null;
            }
        }

        return $"name matches none of {string.Join(", ", acceptedNames)}";
    }
}
