namespace EmissionEdge.Gateway.Network
{
    /// <summary>
    /// Network settings of the device that are not part of the gateway configuration file. Wi-Fi credentials live
    /// in nanoFramework's own wireless configuration (set once with Visual Studio's Device Explorer, "Edit Network
    /// Configuration", and kept across deployments), so no password sits in <c>gateway.json</c>.
    /// </summary>
    public sealed class NetworkSettings
    {
        /// <summary>File on the device whose PEM replaces <see cref="DigiCertGlobalRootG2"/> (the local EmissionEdge server's CA).</summary>
        public const string BrokerCaFile = "I:\\broker-ca.pem";

        /// <summary>Creates settings.</summary>
        /// <param name="usesEthernet">Use the board's Ethernet interface instead of Wi-Fi.</param>
        /// <param name="sntpServer1">Main SNTP server.</param>
        /// <param name="sntpServer2">Backup SNTP server.</param>
        /// <param name="mqttPort">Broker port.</param>
        /// <param name="sasTokenLifetimeSeconds">Lifetime of each SAS token; the uplink reconnects with a new one before it ends.</param>
        public NetworkSettings(bool usesEthernet, string sntpServer1, string sntpServer2, int mqttPort, int sasTokenLifetimeSeconds)
        {
            UsesEthernet = usesEthernet;
            SntpServer1 = sntpServer1;
            SntpServer2 = sntpServer2;
            MqttPort = mqttPort;
            SasTokenLifetimeSeconds = sasTokenLifetimeSeconds;
        }

        /// <summary>The reference board: Wi-Fi, public NTP pools reachable from China, IoT Hub's 8883, one-hour tokens.</summary>
        public static NetworkSettings Reference => new NetworkSettings(false, "cn.pool.ntp.org", "ntp.aliyun.com", 8883, 3600);

        /// <summary>Use Ethernet instead of Wi-Fi.</summary>
        public bool UsesEthernet { get; }

        /// <summary>Main SNTP server.</summary>
        public string SntpServer1 { get; }

        /// <summary>Backup SNTP server.</summary>
        public string SntpServer2 { get; }

        /// <summary>Broker port.</summary>
        public int MqttPort { get; }

        /// <summary>SAS token lifetime in seconds.</summary>
        public int SasTokenLifetimeSeconds { get; }
    }
}
