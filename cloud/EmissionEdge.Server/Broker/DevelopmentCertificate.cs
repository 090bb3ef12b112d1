using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EmissionEdge.Server.Broker;

/// <summary>
/// The broker's TLS certificate when the plant configuration names none: a development certificate authority and a
/// server certificate it signs, for the hub host, <c>localhost</c>, this machine's name, 127.0.0.1 and ::1. Both live in
/// <c>{dataDirectory}/certificates</c> and are reused on the next start; gateways trust <see cref="CaCertificatePath"/>
/// (PEM). The server certificate is issued again (by the same authority) when it expires within 30 days or does not
/// name the hub host. Validity uses the real clock, never a simulated one: TLS clients check it against theirs.
/// </summary>
public sealed class DevelopmentCertificate
{
    private DevelopmentCertificate(string caCertificatePath, X509Certificate2 serverCertificate)
    {
        CaCertificatePath = caCertificatePath;
        ServerCertificate = serverCertificate;
    }

    /// <summary>The authority's certificate (PEM) that gateways and MQTT clients trust.</summary>
    public string CaCertificatePath { get; }

    /// <summary>The server certificate with its private key.</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>Loads the certificates of <paramref name="dataDirectory"/>, creating or renewing them when needed.</summary>
    /// <param name="dataDirectory">The data directory.</param>
    /// <param name="hubHost">The host name gateways connect to.</param>
    /// <returns>The certificates.</returns>
    public static DevelopmentCertificate LoadOrCreate(string dataDirectory, string hubHost)
    {
        var folder = Path.Combine(dataDirectory, "certificates");
        Directory.CreateDirectory(folder);
        var caPath = Path.Combine(folder, "emissionedge-dev-ca.pem");
        var caKeyPath = Path.Combine(folder, "emissionedge-dev-ca.key.pem");
        var serverPath = Path.Combine(folder, "broker.pfx");
        var now = DateTimeOffset.UtcNow;

        X509Certificate2 ca;
        if (File.Exists(caPath) && File.Exists(caKeyPath))
        {
            ca = X509Certificate2.CreateFromPemFile(caPath, caKeyPath);
        }
        else
        {
            using var caKey = RSA.Create(2048);
            var request = new CertificateRequest("CN=EmissionEdge Development CA, O=EmissionEdge", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            ca = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
            File.WriteAllText(caPath, ca.ExportCertificatePem());
            WritePrivate(caKeyPath, caKey.ExportPkcs8PrivateKeyPem());
        }

        using (ca)
        {
            if (File.Exists(serverPath))
            {
                var existing = X509CertificateLoader.LoadPkcs12FromFile(serverPath, null);
                if (existing.NotAfter.ToUniversalTime() > now.AddDays(30).UtcDateTime && existing.MatchesHostname(hubHost) &&
                    existing.Issuer == ca.Subject)
                {
                    return new DevelopmentCertificate(caPath, existing);
                }

                existing.Dispose();
            }

            using var key = RSA.Create(2048);
            var request = new CertificateRequest($"CN={hubHost}, O=EmissionEdge", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            foreach (var dns in new[] { hubHost, "localhost", Environment.MachineName }.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                names.AddDnsName(dns);
            }

            names.AddIpAddress(IPAddress.Loopback);
            names.AddIpAddress(IPAddress.IPv6Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            using var issued = request.Create(ca, now.AddDays(-1), now.AddYears(2), serial);
            using var withKey = issued.CopyWithPrivateKey(key);
            var pfx = withKey.Export(X509ContentType.Pkcs12);
            WritePrivate(serverPath, pfx);
            return new DevelopmentCertificate(caPath, X509CertificateLoader.LoadPkcs12(pfx, null));
        }
    }

    private static void WritePrivate(string path, string text) => WritePrivate(path, System.Text.Encoding.ASCII.GetBytes(text));

    private static void WritePrivate(string path, byte[] bytes)
    {
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllBytes(path, bytes);
            return;
        }

        // Private keys: readable by the server's user only.
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        stream.Write(bytes);
    }
}
