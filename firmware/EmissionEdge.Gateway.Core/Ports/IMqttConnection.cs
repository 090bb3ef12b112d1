namespace EmissionEdge.Gateway.Core.Ports
{
    /// <summary>
    /// An MQTT client whose connection the core opens and closes (<see cref="Telemetry.IotHubSession"/>): publish and
    /// PUBACKs as <see cref="IMqttPublisher"/>, plus CONNECT with the IoT Hub credentials and DISCONNECT. M2Mqtt over
    /// TLS on the ESP32. Every <see cref="Connect"/> starts a clean session, so the packet identifiers of an earlier
    /// connection mean nothing afterwards; the implementation must not report PUBACKs of a connection it has closed.
    /// </summary>
    public interface IMqttConnection : IMqttPublisher
    {
        /// <summary>Closes any previous connection, opens a new one and sends CONNECT with clean session.</summary>
        /// <param name="clientId">MQTT client id.</param>
        /// <param name="username">MQTT username.</param>
        /// <param name="password">MQTT password (the SAS token).</param>
        /// <returns><see langword="true"/> when the broker accepted (CONNACK 0); <see langword="false"/> when it refused or the
        /// network failed (never throws for those).</returns>
        bool Connect(string clientId, string username, string password);

        /// <summary>Sends DISCONNECT when connected and closes the connection; never throws.</summary>
        void Disconnect();
    }
}
