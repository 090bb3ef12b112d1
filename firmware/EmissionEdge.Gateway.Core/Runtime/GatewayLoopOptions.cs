namespace EmissionEdge.Gateway.Core.Runtime
{
    /// <summary>Settings of <see cref="GatewayLoop"/> that are not part of the gateway configuration file.</summary>
    public sealed class GatewayLoopOptions
    {
        /// <summary>Most minute records per MQTT message when catching up (about 1.3 KB each; 10 by default).</summary>
        public int BatchSize { get; set; } = 10;

        /// <summary>How long a publish may wait for its PUBACK before the connection is dropped and the records resent (60 s by default).</summary>
        public int PubackTimeoutMilliseconds { get; set; } = 60000;

        /// <summary>Lifetime of each SAS token; renewed by reconnecting after 90 % of it (3600 s by default).</summary>
        public int SasTokenLifetimeSeconds { get; set; } = 3600;

        /// <summary>The firmware version each message reports in its topic as <c>fw</c> (empty by default: not reported).</summary>
        public string FirmwareVersion { get; set; } = string.Empty;
    }
}
