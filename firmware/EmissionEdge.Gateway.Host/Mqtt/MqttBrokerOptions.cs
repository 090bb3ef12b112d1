namespace EmissionEdge.Gateway.Host.Mqtt;

/// <summary>Where the PC-hosted gateway publishes: Azure IoT Hub, the local EmissionEdge server, or a test broker.</summary>
public sealed class MqttBrokerOptions
{
    /// <summary>Host name or address to connect to (by default the gateway configuration's IoT Hub host).</summary>
    public required string Host { get; init; }

    /// <summary>TCP port: 8883 for MQTT over TLS (IoT Hub), 1883 for a plain local listener.</summary>
    public int Port { get; init; } = 8883;

    /// <summary>Whether to use TLS (always for IoT Hub).</summary>
    public bool UseTls { get; init; } = true;

    /// <summary>
    /// A PEM or DER certificate authority to trust for the broker's certificate instead of the system store, e.g. the
    /// local server's development CA. The certificate's name must match <see cref="Host"/> or the IoT Hub host.
    /// </summary>
    public string? CaCertificateFile { get; init; }

    /// <summary>Accepts any server certificate (a local server's development certificate without its CA file). Never in production.</summary>
    public bool AcceptAnyServerCertificate { get; init; }

    /// <summary>How long a connect attempt may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public override string ToString() => $"{(UseTls ? "mqtts" : "mqtt")}://{Host}:{Port}";
}
