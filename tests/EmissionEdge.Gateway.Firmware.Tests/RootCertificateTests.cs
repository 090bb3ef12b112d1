using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace EmissionEdge.Gateway.Firmware.Tests;

/// <summary>The root certificate embedded in the firmware for IoT Hub's TLS chain.</summary>
public sealed class RootCertificateTests
{
    [Fact]
    public void The_embedded_pem_is_DigiCert_Global_Root_G2_with_its_published_fingerprint()
    {
        var source = File.ReadAllText(RepositoryPaths.Of("firmware/EmissionEdge.Gateway/Network/DigiCertGlobalRootG2.cs"));
        var pem = string.Concat(Regex.Matches(source, "\"([^\"]*)\\\\n\"").Select(m => m.Groups[1].Value + "\n"));
        using var certificate = X509Certificate2.CreateFromPem(pem);
        Assert.Equal("CN=DigiCert Global Root G2, OU=www.digicert.com, O=DigiCert Inc, C=US", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal("CB3CCBB76031E5E0138F8DD39A23F9DE47FFC35E43C1144CEA27D46A5AB1CB5F", certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
        Assert.Equal(new DateTime(2038, 1, 15, 12, 0, 0, DateTimeKind.Utc), certificate.NotAfter.ToUniversalTime());
    }
}
