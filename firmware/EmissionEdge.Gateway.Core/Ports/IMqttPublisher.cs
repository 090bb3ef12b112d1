namespace EmissionEdge.Gateway.Core.Ports
{
    /// <summary>Raised when the broker acknowledges (PUBACK) a QoS 1 publish.</summary>
    /// <param name="messageId">The MQTT packet identifier returned by <see cref="IMqttPublisher.Publish"/>.</param>
    public delegate void PublishAcknowledgedHandler(ushort messageId);

    /// <summary>
    /// The MQTT client as the core needs it: publish bytes to a topic at QoS 1 and hear about PUBACKs.
    /// M2Mqtt on the ESP32, MQTTnet on the PC. Connecting (client id, username, SAS password from
    /// <see cref="Telemetry.IotHubConnection"/>) and reconnecting are the adapter's job.
    /// </summary>
    public interface IMqttPublisher
    {
        /// <summary>Whether the client is connected; the uplink publishes only then.</summary>
        bool IsConnected { get; }

        /// <summary>Publishes <paramref name="count"/> bytes of <paramref name="payload"/> at QoS 1, not retained.</summary>
        /// <param name="topic">The topic (for IoT Hub: <see cref="Telemetry.IotHubConnection.TelemetryTopic"/>).</param>
        /// <param name="payload">The message bytes.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <returns>The packet identifier (1–65535) that <see cref="PublishAcknowledged"/> will report; 0 when nothing was sent.</returns>
        ushort Publish(string topic, byte[] payload, int offset, int count);

        /// <summary>Raised on PUBACK with the packet identifier of the acknowledged publish.</summary>
        event PublishAcknowledgedHandler PublishAcknowledged;
    }
}
