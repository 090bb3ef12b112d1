using System;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using EmissionEdge.Gateway.Core.Ports;
using EmissionEdge.Gateway.Core.Telemetry;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace EmissionEdge.Gateway.Network
{
    /// <summary>
    /// MQTT 3.1.1 over TLS 1.2 to Azure IoT Hub (or the local EmissionEdge server, which accepts the same
    /// connect): device SAS token as password, renewed by reconnecting before it expires, reconnect with
    /// exponential backoff, QoS 1 publish with PUBACK reported to the core (which then trims the journal).
    /// </summary>
    /// <remarks>
    /// nanoFramework APIs used (nanoFramework.M2Mqtt, nanoFramework.System.Net):
    /// <list type="bullet">
    /// <item><c>new MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert,
    /// MqttSslProtocols sslProtocol)</c> with <c>MqttSslProtocols.TLSv1_2</c>; <c>ProtocolVersion = MqttProtocolVersion.Version_3_1_1</c>.</item>
    /// <item><c>MqttReasonCode Connect(string clientId, string username, string password, bool cleanSession, ushort keepAlivePeriod)</c>.</item>
    /// <item><c>ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain)</c>
    /// with <c>MqttQoSLevel.AtLeastOnce</c>; it returns the packet identifier.</item>
    /// <item><c>event MqttMsgPublished</c> with <c>MqttMsgPublishedEventArgs.MessageId</c> and <c>IsPublished</c> (false when
    /// retries ran out); <c>event ConnectionClosed</c>; <c>IsConnected</c>; <c>Disconnect()</c>; <c>Close()</c>.</item>
    /// <item><c>System.Security.Cryptography.X509Certificates.X509Certificate(string certificate)</c> (PEM or DER).</item>
    /// <item><c>DateTime.ToUnixTimeSeconds()</c> (mscorlib) for the token expiry.</item>
    /// </list>
    /// </remarks>
    public sealed class IotHubMqttUplink : IMqttPublisher
    {
        private const ushort KeepAliveSeconds = 60;
        private const int FirstBackoffMilliseconds = 2000;
        private const int MaxBackoffMilliseconds = 300000;

        private readonly IotHubConnection _connection;
        private readonly string _deviceKey;
        private readonly IHmacSha256 _hmac;
        private readonly int _port;
        private readonly X509Certificate _rootCa;
        private readonly int _tokenLifetimeSeconds;
        private readonly int _renewBeforeSeconds;
        private MqttClient _client;
        private long _tokenExpiry;
        private long _nextAttempt;
        private int _backoff = FirstBackoffMilliseconds;

        /// <summary>Creates the uplink; nothing is connected until <see cref="Maintain"/>.</summary>
        /// <param name="connection">Client id, username, topic and SAS resource of the device.</param>
        /// <param name="deviceKeyBase64">The device's symmetric key.</param>
        /// <param name="hmac">HMAC-SHA256 for the SAS signature.</param>
        /// <param name="port">Broker port (8883).</param>
        /// <param name="rootCaPem">Root certificate of the broker's chain (<see cref="DigiCertGlobalRootG2.Pem"/> for IoT Hub).</param>
        /// <param name="tokenLifetimeSeconds">SAS token lifetime.</param>
        public IotHubMqttUplink(IotHubConnection connection, string deviceKeyBase64, IHmacSha256 hmac, int port, string rootCaPem, int tokenLifetimeSeconds)
        {
            _connection = connection;
            _deviceKey = deviceKeyBase64;
            _hmac = hmac;
            _port = port;
            _rootCa = new X509Certificate(rootCaPem);
            _tokenLifetimeSeconds = tokenLifetimeSeconds;
            _renewBeforeSeconds = tokenLifetimeSeconds / 10;
        }

        /// <inheritdoc/>
        public event PublishAcknowledgedHandler PublishAcknowledged;

        /// <inheritdoc/>
        public bool IsConnected => _client != null && _client.IsConnected;

        /// <summary>
        /// Called from the main loop: renews the token by reconnecting when it is about to expire, and reconnects after a
        /// drop once the backoff time has passed (2 s doubling to 5 min, reset by a successful connect). Never blocks longer
        /// than one connect attempt.
        /// </summary>
        /// <param name="monotonicMilliseconds">The device's monotonic clock.</param>
        public void Maintain(long monotonicMilliseconds)
        {
            long now = DateTime.UtcNow.ToUnixTimeSeconds();
            if (IsConnected && now < _tokenExpiry - _renewBeforeSeconds)
            {
                return;
            }

            if (IsConnected)
            {
                Debug.WriteLine("uplink: SAS token expires at " + _tokenExpiry.ToString() + ", reconnecting with a new one");
                _client.Disconnect();
            }

            if (monotonicMilliseconds < _nextAttempt)
            {
                return;
            }

            if (TryConnect(now))
            {
                _backoff = FirstBackoffMilliseconds;
            }
            else
            {
                _nextAttempt = monotonicMilliseconds + _backoff;
                _backoff = _backoff >= MaxBackoffMilliseconds / 2 ? MaxBackoffMilliseconds : _backoff * 2;
            }
        }

        /// <inheritdoc/>
        public ushort Publish(string topic, byte[] payload, int offset, int count)
        {
            if (!IsConnected)
            {
                return 0;
            }

            var message = new byte[count];
            Array.Copy(payload, offset, message, 0, count);
            try
            {
                return _client.Publish(topic, message, null, null, MqttQoSLevel.AtLeastOnce, false);
            }
            catch (Exception ex)
            {
                Debug.WriteLine("uplink: publish failed: " + ex.Message);
                return 0;
            }
        }

        private bool TryConnect(long nowUnixSeconds)
        {
            try
            {
                _client?.Close();
                _client = new MqttClient(_connection.HubHost, _port, true, _rootCa, null, MqttSslProtocols.TLSv1_2);
                _client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
                _client.MqttMsgPublished += OnPublished;
                _client.ConnectionClosed += OnClosed;
                _tokenExpiry = nowUnixSeconds + _tokenLifetimeSeconds;
                string password = _connection.SasToken(_deviceKey, _tokenExpiry, _hmac);
                MqttReasonCode code = _client.Connect(_connection.ClientId, _connection.Username, password, true, KeepAliveSeconds);
                if (code != MqttReasonCode.Success)
                {
                    Debug.WriteLine("uplink: CONNACK refused, code " + ((int)code).ToString());
                    return false;
                }

                return true;
            }
            catch (Exception ex)
            {
                Debug.WriteLine("uplink: connect to " + _connection.HubHost + ":" + _port.ToString() + " failed: " + ex.Message);
                return false;
            }
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            if (e.IsPublished)
            {
                PublishAcknowledged?.Invoke(e.MessageId);
            }
        }

        private void OnClosed(object sender, EventArgs e) => Debug.WriteLine("uplink: connection closed");
    }
}
