using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EmissionEdge.Gateway.Host.Mqtt;

namespace EmissionEdge.Gateway.Host.Tests;

public sealed class BrokerCertificateTests
{
    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Server(X509Certificate2 authority, string dnsName, IPAddress address)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());
        return request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), [1, 2, 3, 4]);
    }

    [Fact]
    public void A_certificate_of_the_plant_ca_naming_the_hub_or_the_address_is_trusted()
    {
        using var ca = Authority("Plant CA");
        using var server = Server(ca, "plant.example", IPAddress.Loopback);

        Assert.Null(BrokerCertificate.Refusal(server, [ca], "plant.example"));
        Assert.Null(BrokerCertificate.Refusal(server, [ca], "10.0.0.9", "127.0.0.1"));
    }

    [Fact]
    public void A_certificate_of_another_ca_or_for_another_name_or_none_is_refused_with_the_reason()
    {
        using var ca = Authority("Plant CA");
        using var other = Authority("Someone else");
        using var server = Server(ca, "plant.example", IPAddress.Loopback);
        using var impostor = Server(other, "plant.example", IPAddress.Loopback);

        Assert.Equal("not issued by the configured CA", BrokerCertificate.Refusal(impostor, [ca], "plant.example"));
        Assert.Equal("name matches none of other.example, 10.0.0.9", BrokerCertificate.Refusal(server, [ca], "other.example", "10.0.0.9"));
        Assert.Equal("no certificate presented", BrokerCertificate.Refusal(null, [ca], "plant.example"));
    }
}
