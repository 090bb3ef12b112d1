using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EmissionEdge.Ingest.Devices;

namespace EmissionEdge.Server.Broker;

/// <summary>Why a device's MQTT CONNECT was refused.</summary>
public enum ConnectRefusal
{
    /// <summary>Accepted.</summary>
    None,
    /// <summary>The client id is not a registered device.</summary>
    UnknownDevice,
    /// <summary>The username is not <c>{hubHost}/{deviceId}/?api-version=2021-04-12</c>.</summary>
    BadUsername,
    /// <summary>The password is not a SAS token, or is signed for another resource.</summary>
    MalformedToken,
    /// <summary>The signature does not match the device key.</summary>
    BadSignature,
    /// <summary>The token's expiry has passed.</summary>
    Expired,
    /// <summary>The token's expiry lies further ahead than <see cref="DeviceCredentials.MaxTokenLifetime"/>: a long-lived bearer token is refused.</summary>
    ExpiryTooFar,
}

/// <summary>
/// Checks a device's MQTT credentials the way IoT Hub does (telemetry.md "Transport"): client id = device id, username
/// <c>{hubHost}/{deviceId}/?api-version=2021-04-12</c>, password = SAS token
/// <c>SharedAccessSignature sr={urlencode(hubHost/devices/deviceId)}&amp;sig={urlencode(base64(HMAC-SHA256(key, sr + "\n" + se)))}&amp;se={expiry}</c>
/// whose signature matches the device key and whose expiry (Unix seconds) is still ahead, and no further ahead than
/// <see cref="MaxTokenLifetime"/>.
/// </summary>
public sealed class DeviceCredentials
{
    /// <summary>The IoT Hub MQTT API version of the username.</summary>
    public const string ApiVersion = "2021-04-12";

    private const string Prefix = "SharedAccessSignature ";

    private readonly IDeviceRegistry _registry;
    private readonly string _hubHost;
    private readonly TimeProvider _time;

    /// <summary>Creates the checker.</summary>
    /// <param name="registry">The registered devices and their keys.</param>
    /// <param name="hubHost">The hub host name gateways are configured with.</param>
    /// <param name="time">The clock expiry is checked against.</param>
    /// <param name="maxTokenLifetime">How far ahead a token's expiry may lie.</param>
    public DeviceCredentials(IDeviceRegistry registry, string hubHost, TimeProvider time, TimeSpan maxTokenLifetime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxTokenLifetime, TimeSpan.Zero);
        _registry = registry;
        _hubHost = hubHost;
        _time = time;
        MaxTokenLifetime = maxTokenLifetime;
    }

    /// <summary>How far ahead of now a token's expiry may lie; a token meant to last longer is refused.</summary>
    public TimeSpan MaxTokenLifetime { get; }

    /// <summary>The username a device must present.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <returns><c>{hubHost}/{deviceId}/?api-version=2021-04-12</c>.</returns>
    public string UsernameOf(string deviceId) => $"{_hubHost}/{deviceId}/?api-version={ApiVersion}";

    /// <summary>Checks one CONNECT.</summary>
    /// <param name="clientId">The MQTT client id.</param>
    /// <param name="username">The username.</param>
    /// <param name="password">The password (the SAS token).</param>
    /// <param name="expiresUtc">The token's expiry, when it is signed correctly; the connection must end then.</param>
    /// <returns><see cref="ConnectRefusal.None"/> when the device may connect, else why not.</returns>
    public ConnectRefusal Check(string? clientId, string? username, string? password, out DateTimeOffset expiresUtc)
    {
        expiresUtc = default;
        if (string.IsNullOrEmpty(clientId) || _registry.Find(clientId) is not { } device)
        {
            return ConnectRefusal.UnknownDevice;
        }

        if (!string.Equals(username, UsernameOf(clientId), StringComparison.Ordinal))
        {
            return ConnectRefusal.BadUsername;
        }

        if (password is null || !password.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return ConnectRefusal.MalformedToken;
        }

        string? sr = null, sig = null, se = null;
        foreach (var pair in password[Prefix.Length..].Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return ConnectRefusal.MalformedToken;
            }

            var value = pair[(equals + 1)..];
            switch (pair[..equals])
            {
                case "sr" when sr is null:
                    sr = value;
                    break;
                case "sig" when sig is null:
                    sig = value;
                    break;
                case "se" when se is null:
                    se = value;
                    break;
                default:
                    // A repeated field, or skn (a shared access policy token): not a device token.
                    return ConnectRefusal.MalformedToken;
            }
        }

        if (sr is null || sig is null || se is null ||
            !long.TryParse(se, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry) ||
            !string.Equals(Uri.UnescapeDataString(sr), $"{_hubHost}/devices/{clientId}", StringComparison.OrdinalIgnoreCase))
        {
            return ConnectRefusal.MalformedToken;
        }

        var signature = new byte[32];
        if (!Convert.TryFromBase64String(Uri.UnescapeDataString(sig), signature, out var length) || length != signature.Length)
        {
            return ConnectRefusal.BadSignature;
        }

        // The device signs the resource exactly as it appears in the token (URL-encoded), then a newline and the expiry.
        var expected = HMACSHA256.HashData(device.DeviceKey, Encoding.UTF8.GetBytes($"{sr}\n{se}"));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return ConnectRefusal.BadSignature;
        }

        var now = _time.GetUtcNow();
        if (expiry <= now.ToUnixTimeSeconds())
        {
            return ConnectRefusal.Expired;
        }

        if (expiry > (now + MaxTokenLifetime).ToUnixTimeSeconds())
        {
            return ConnectRefusal.ExpiryTooFar;
        }

        expiresUtc = DateTimeOffset.FromUnixTimeSeconds(expiry);
        return ConnectRefusal.None;
    }
}
