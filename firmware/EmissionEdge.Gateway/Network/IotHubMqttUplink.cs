using System;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using EmissionEdge.Gateway.Core.Ports;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace EmissionEdge.Gateway.Network
{
    /// <summary>
    /// MQTT 3.1.1 over TLS 1.2 to Azure IoT Hub (or the local EmissionEdge server, which accepts the same connect):
    /// a new M2Mqtt client per connection, QoS 1 publish, PUBACKs reported to the core. When to connect, the SAS token,
    /// its renewal and the backoff are the core's <c>IotHubSession</c>; handing PUBACKs to the loop's thread is the
    /// core's <c>PubackMailbox</c>.
    /// </summary>
    /// <remarks>
    /// nanoFramework APIs used (nanoFramework.M2Mqtt, nanoFramework.System.Net):
    /// <list type="bullet">
    /// <item><c>new MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert,
    /// MqttSslProtocols sslProtocol)</c> with <c>MqttSslProtocols.TLSv1_2</c>; <c>ProtocolVersion = MqttProtocolVersion.Version_3_1_1</c>.</item>
    /// <item><c>MqttReasonCode Connect(string clientId, string username, string password, bool cleanSession, ushort keepAlivePeriod)</c>
    /// (throws <c>MqttConnectionException</c> when the socket or TLS fails).</item>
    /// <item><c>ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain)</c>
    /// with <c>MqttQoSLevel.AtLeastOnce</c>; it returns the packet identifier (ids start at 1 for each new client).</item>
    /// <item><c>event MqttMsgPublished</c> with <c>MqttMsgPublishedEventArgs.MessageId</c> and <c>IsPublished</c> (false when
    /// retries ran out), raised on the client's dispatch thread with the client as sender; <c>event ConnectionClosed</c>;
    /// <c>IsConnected</c>; <c>Disconnect()</c>; <c>Close()</c>.</item>
    /// <item><c>System.Security.Cryptography.X509Certificates.X509Certificate(string certificate)</c> (PEM or DER).</item>
    /// </list>
    /// </remarks>
    public sealed class IotHubMqttUplink : IMqttConnection
    {
        private const ushort KeepAliveSeconds = 60;

        private readonly string _host;
        private readonly int _port;
        private readonly X509Certificate _rootCa;
        private MqttClient _client;

        /// <summary>Creates the uplink; nothing is connected until <see cref="Connect"/>.</summary>
        /// <param name="host">Broker host (the IoT Hub host of the configuration).</param>
        /// <param name="port">Broker port (8883).</param>
        /// <param name="rootCaPem">Root certificate of the broker's chain (<see cref="DigiCertGlobalRootG2.Pem"/> for IoT Hub).</param>
        public IotHubMqttUplink(string host, int port, string rootCaPem)
        {
            _host = host;
            _port = port;
            _rootCa = new X509Certificate(rootCaPem);
        }

        /// <inheritdoc/>
        public event PublishAcknowledgedHandler PublishAcknowledged;

        /// <inheritdoc/>
        public bool IsConnected => _client != null && _client.IsConnected;

        /// <inheritdoc/>
        public bool Connect(string clientId, string username, string password)
        {
            Disconnect();
            try
            {
                _client = new MqttClient(_host, _port, true, _rootCa, null, MqttSslProtocols.TLSv1_2);
                _client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
                _client.MqttMsgPublished += OnPublished;
                _client.ConnectionClosed += OnClosed;
                MqttReasonCode code = _client.Connect(clientId, username, password, true, KeepAliveSeconds);
                if (code != MqttReasonCode.Success)
                {
                    Debug.WriteLine("uplink: CONNACK refused, code " + ((int)code).ToString());
                    return false;
                }

                return true;
            }
            catch (Exception ex)
            {
                Debug.WriteLine("uplink: connect to " + _host + ":" + _port.ToString() + " failed: " + ex.Message);
                return false;
            }
        }

        /// <inheritdoc/>
        public void Disconnect()
        {
            MqttClient client = _client;
            _client = null;
            if (client == null)
            {
                return;
            }

            try
            {
                if (client.IsConnected)
                {
                    client.Disconnect();
                }
            }
            catch (Exception ex)
            {
                Debug.WriteLine("uplink: disconnect failed: " + ex.Message);
            }

            client.Close();
        }

        /// <inheritdoc/>
        public ushort Publish(string topic, byte[] payload, int offset, int count)
        {
            MqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                return 0;
            }

            var message = new byte[count];
            Array.Copy(payload, offset, message, 0, count);
            try
            {
                return client.Publish(topic, message, null, null, MqttQoSLevel.AtLeastOnce, false);
            }
            catch (Exception ex)
            {
                Debug.WriteLine("uplink: publish failed: " + ex.Message);
                return 0;
            }
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            // Only the current client's PUBACKs: an old client's ids would match packets of the new session.
            if (sender != _client)
            {
                return;
            }

            if (e.IsPublished)
            {
                PublishAcknowledged?.Invoke(e.MessageId);
            }
            else
            {
                Debug.WriteLine("uplink: packet " + e.MessageId.ToString() + " not acknowledged after M2Mqtt's retries; the loop resends it");
            }
        }

        private void OnClosed(object sender, EventArgs e) => Debug.WriteLine("uplink: connection closed");
    }
}
