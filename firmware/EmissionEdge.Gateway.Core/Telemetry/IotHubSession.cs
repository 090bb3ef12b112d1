using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Core.Telemetry
{
    /// <summary>
    /// Keeps one MQTT connection to IoT Hub (or the local server) open with the device's SAS token
    /// (telemetry.md "Transport"): connects with the credentials of <see cref="IotHubConnection"/>, renews the token by
    /// reconnecting once 90 % of its lifetime has passed (IoT Hub takes a new token only with a new CONNECT), and after a
    /// failed attempt waits 2 s, doubling up to 5 min, before the next one.
    /// </summary>
    public sealed class IotHubSession
    {
        /// <summary>Wait after the first failed connect.</summary>
        public const int FirstBackoffMilliseconds = 2000;

        /// <summary>Longest wait between connect attempts.</summary>
        public const int MaxBackoffMilliseconds = 300000;

        private readonly IotHubConnection _connection;
        private readonly string _deviceKey;
        private readonly IHmacSha256 _hmac;
        private readonly IMqttConnection _mqtt;
        private readonly int _tokenLifetimeSeconds;
        private long _nextAttempt;
        private int _backoff = FirstBackoffMilliseconds;

        /// <summary>Creates the session; nothing is connected until <see cref="Maintain"/>.</summary>
        /// <param name="connection">Client id, username and SAS resource of the device.</param>
        /// <param name="deviceKeyBase64">The device's symmetric key, base64.</param>
        /// <param name="hmac">HMAC-SHA256 for the token signature.</param>
        /// <param name="mqtt">The MQTT client.</param>
        /// <param name="tokenLifetimeSeconds">Lifetime of each SAS token (at least 60 s).</param>
        public IotHubSession(IotHubConnection connection, string deviceKeyBase64, IHmacSha256 hmac, IMqttConnection mqtt, int tokenLifetimeSeconds)
        {
            if (tokenLifetimeSeconds < 60)
            {
                throw new System.ArgumentException("a SAS token lifetime of " + tokenLifetimeSeconds.ToString() + " s is shorter than 60 s", "tokenLifetimeSeconds");
            }

            _connection = connection;
            _deviceKey = deviceKeyBase64;
            _hmac = hmac;
            _mqtt = mqtt;
            _tokenLifetimeSeconds = tokenLifetimeSeconds;
        }

        /// <summary>Expiry (Unix seconds) of the token of the current connection; 0 before the first.</summary>
        public long TokenExpiry { get; private set; }

        /// <summary>How long before <see cref="TokenExpiry"/> the session reconnects with a new token: a tenth of the lifetime.</summary>
        public int RenewBeforeSeconds => _tokenLifetimeSeconds / 10;

        /// <summary>Successful connects so far (each one a new MQTT session).</summary>
        public int Connects { get; private set; }

        /// <summary>Failed connect attempts so far.</summary>
        public int FailedConnects { get; private set; }

        /// <summary>
        /// Called regularly: reconnects with a new token when the current one is due for renewal, and connects when the
        /// connection is down and the backoff time has passed. Blocks for at most one connect attempt.
        /// </summary>
        /// <param name="unixSeconds">Wall-clock time (set by SNTP), for the token expiry.</param>
        /// <param name="monotonicMilliseconds">The monotonic clock, for the backoff.</param>
        /// <returns><see langword="true"/> when this call opened a new connection: publishes of an earlier one will get no PUBACK.</returns>
        public bool Maintain(long unixSeconds, long monotonicMilliseconds)
        {
            if (_mqtt.IsConnected)
            {
                if (unixSeconds < TokenExpiry - RenewBeforeSeconds)
                {
                    return false;
                }

                _mqtt.Disconnect();
                _nextAttempt = monotonicMilliseconds;
            }

            if (monotonicMilliseconds < _nextAttempt)
            {
                return false;
            }

            long expiry = unixSeconds + _tokenLifetimeSeconds;
            if (_mqtt.Connect(_connection.ClientId, _connection.Username, _connection.SasToken(_deviceKey, expiry, _hmac)))
            {
                TokenExpiry = expiry;
                Connects++;
                _backoff = FirstBackoffMilliseconds;
                _nextAttempt = 0;
                return true;
            }

            FailedConnects++;
            _nextAttempt = monotonicMilliseconds + _backoff;
            _backoff = _backoff >= MaxBackoffMilliseconds / 2 ? MaxBackoffMilliseconds : _backoff * 2;
            return false;
        }

        /// <summary>Closes the connection (for example when a PUBACK is overdue); the next <see cref="Maintain"/> reconnects.</summary>
        public void Drop() => _mqtt.Disconnect();
    }
}
