using System;
using EmissionEdge.Gateway.Core.Ports;
using EmissionEdge.Gateway.Core.Text;

namespace EmissionEdge.Gateway.Core.Telemetry
{
    /// <summary>
    /// MQTT connection parameters of an IoT Hub device (telemetry.md "Transport"): client id,
    /// username, telemetry topic with its property bag, and the device SAS token used as password.
    /// The local EmissionEdge server accepts exactly the same values.
    /// </summary>
    public sealed class IotHubConnection
    {
        /// <summary>The IoT Hub MQTT API version in the username.</summary>
        public const string ApiVersion = "2021-04-12";

        /// <summary>Creates the parameters of one device.</summary>
        /// <param name="hubHost">IoT Hub host name, e.g. <c>ee-hub.azure-devices.net</c>.</param>
        /// <param name="deviceId">Device id.</param>
        public IotHubConnection(string hubHost, string deviceId)
        {
            HubHost = hubHost;
            DeviceId = deviceId;
        }

        /// <summary>IoT Hub host name.</summary>
        public string HubHost { get; }

        /// <summary>Device id.</summary>
        public string DeviceId { get; }

        /// <summary>MQTT client id: the device id.</summary>
        public string ClientId => DeviceId;

        /// <summary>MQTT username: <c>{hub-host}/{deviceId}/?api-version=2021-04-12</c>.</summary>
        public string Username => HubHost + "/" + DeviceId + "/?api-version=" + ApiVersion;

        /// <summary>Telemetry topic: <c>devices/{deviceId}/messages/events/$.ct=application%2Fjson&amp;$.ce=utf-8</c>.</summary>
        public string TelemetryTopic => "devices/" + DeviceId + "/messages/events/$.ct=application%2Fjson&$.ce=utf-8";

        /// <summary>
        /// The telemetry topic with the application properties of gateway health, as IoT Hub carries them in the property
        /// bag: <c>…$.ce=utf-8&amp;fw={urlencode(firmwareVersion)}&amp;backlog={backlog}</c> (<c>fw</c> left out when empty).
        /// </summary>
        /// <param name="firmwareVersion">The firmware version, or an empty string.</param>
        /// <param name="backlog">Journal records still to send after this message.</param>
        /// <returns>The topic.</returns>
        public string TelemetryTopicWithHealth(string firmwareVersion, int backlog) =>
            WithHealthProperties(TelemetryTopic, firmwareVersion, backlog);

        /// <summary>Appends <c>fw</c> and <c>backlog</c> to a telemetry topic's property bag.</summary>
        /// <param name="topic">A telemetry topic, with or without a property bag.</param>
        /// <param name="firmwareVersion">The firmware version, or an empty string (no <c>fw</c>).</param>
        /// <param name="backlog">Journal records still to send after this message.</param>
        /// <returns>The topic with the properties.</returns>
        public static string WithHealthProperties(string topic, string firmwareVersion, int backlog)
        {
            string separator = topic.Length > 0 && topic[topic.Length - 1] == '/' ? string.Empty : "&";
            string fw = firmwareVersion == null || firmwareVersion.Length == 0 ? string.Empty : "fw=" + UrlEncoding.Encode(firmwareVersion) + "&";
            return topic + separator + fw + "backlog=" + backlog.ToString();
        }

        /// <summary>The SAS resource: <c>{hub-host}/devices/{deviceId}</c>.</summary>
        public string Resource => HubHost + "/devices/" + DeviceId;

        /// <summary>
        /// The device SAS token:
        /// <c>SharedAccessSignature sr={urlencode(resource)}&amp;sig={urlencode(base64(HMAC-SHA256(key, urlencode(resource) + "\n" + expiry)))}&amp;se={expiry}</c>.
        /// </summary>
        /// <param name="deviceKeyBase64">The device's symmetric key, base64 as IoT Hub shows it.</param>
        /// <param name="expiryUnixSeconds">When the token expires, Unix seconds.</param>
        /// <param name="hmac">HMAC-SHA256 implementation.</param>
        /// <returns>The token.</returns>
        /// <exception cref="ArgumentException">The key is not base64.</exception>
        public string SasToken(string deviceKeyBase64, long expiryUnixSeconds, IHmacSha256 hmac)
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(deviceKeyBase64);
            }
            catch (Exception)
            {
                throw new ArgumentException("the device key is not valid base64", "deviceKeyBase64");
            }

            string encodedResource = UrlEncoding.Encode(Resource);
            string expiry = expiryUnixSeconds.ToString();
            byte[] toSign = Utf8.GetBytes(encodedResource + "\n" + expiry);
            var mac = new byte[32];
            hmac.Start(key);
            hmac.Append(toSign, 0, toSign.Length);
            hmac.Finish(mac, 0);
            string signature = Convert.ToBase64String(mac);
            return "SharedAccessSignature sr=" + encodedResource + "&sig=" + UrlEncoding.Encode(signature) + "&se=" + expiry;
        }
    }
}
