using System.Net;
using System.Security.Cryptography;
using System.Text;
using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Core.Telemetry;

namespace EmissionEdge.Gateway.Core.Tests.Telemetry;

public sealed class SecurityTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    public void Sha256_matches_dotnet(int length)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 3)).ToArray();
        var sha = new Sha256();
        sha.Append(data, 0, length / 2);
        sha.Append(data, length / 2, length - (length / 2));
        var hash = new byte[32];
        sha.Finish(hash, 0);
        Assert.Equal(SHA256.HashData(data), hash);
    }

    [Theory]
    [InlineData(16, 0)]
    [InlineData(32, 100)]
    [InlineData(64, 64)]
    [InlineData(100, 7)]
    public void Hmac_sha256_matches_dotnet_for_short_block_and_long_keys(int keyLength, int messageLength)
    {
        var key = Enumerable.Range(0, keyLength).Select(i => (byte)(255 - i)).ToArray();
        var message = Enumerable.Range(0, messageLength).Select(i => (byte)i).ToArray();
        var hmac = new HmacSha256();
        hmac.Start(key);
        hmac.Append(message, 0, messageLength);
        var mac = new byte[32];
        hmac.Finish(mac, 0);
        Assert.Equal(HMACSHA256.HashData(key, message), mac);
    }

    [Fact]
    public void Iot_hub_connection_parameters_follow_the_contract()
    {
        var connection = new IotHubConnection("ee-hub.azure-devices.net", "gw-gs01-a");
        Assert.Equal("gw-gs01-a", connection.ClientId);
        Assert.Equal("ee-hub.azure-devices.net/gw-gs01-a/?api-version=2021-04-12", connection.Username);
        Assert.Equal("devices/gw-gs01-a/messages/events/$.ct=application%2Fjson&$.ce=utf-8", connection.TelemetryTopic);
    }

    [Fact]
    public void The_telemetry_topic_carries_firmware_version_and_backlog_as_iot_hub_application_properties()
    {
        var connection = new IotHubConnection("ee-hub.azure-devices.net", "gw-gs01-a");
        Assert.Equal("devices/gw-gs01-a/messages/events/$.ct=application%2Fjson&$.ce=utf-8&fw=1.4.2%2Bb7%20rc&backlog=17", connection.TelemetryTopicWithHealth("1.4.2+b7 rc", 17));
        Assert.Equal("devices/gw-gs01-a/messages/events/$.ct=application%2Fjson&$.ce=utf-8&backlog=0", connection.TelemetryTopicWithHealth("", 0));
        Assert.Equal("devices/gw/messages/events/fw=2&backlog=5", IotHubConnection.WithHealthProperties("devices/gw/messages/events/", "2", 5));
    }

    [Fact]
    public void Sas_token_matches_an_independent_computation_with_dotnet_hmac()
    {
        const string host = "ee-hub.azure-devices.net";
        const string device = "gw-gs01-a";
        const string key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        const long expiry = 1798761600;
        var token = new IotHubConnection(host, device).SasToken(key, expiry, new HmacSha256());

        string resource = Uri.EscapeDataString($"{host}/devices/{device}");
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes($"{resource}\n{expiry}")));
        Assert.Equal($"SharedAccessSignature sr={resource}&sig={WebUtility.UrlEncode(signature)}&se={expiry}", token);
        Assert.StartsWith("SharedAccessSignature sr=ee-hub.azure-devices.net%2Fdevices%2Fgw-gs01-a&sig=", token);
    }

    [Fact]
    public void Url_encoding_matches_uri_escape_data_string()
    {
        foreach (var text in new[] { "a/b c+d=e&f", "gw-01_x.y~z", "设备/1" })
        {
            Assert.Equal(Uri.EscapeDataString(text), UrlEncoding.Encode(text));
        }
    }

    [Fact]
    public void A_key_that_is_not_base64_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new IotHubConnection("h", "d").SasToken("not base64!", 1, new HmacSha256()));
    }
}
