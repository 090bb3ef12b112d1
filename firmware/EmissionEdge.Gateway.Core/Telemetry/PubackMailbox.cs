using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Core.Telemetry
{
    /// <summary>
    /// Hands PUBACKs from the MQTT client's own thread (M2Mqtt and MQTTnet raise them there) to the thread that owns
    /// the journal: the client's <see cref="IMqttPublisher.PublishAcknowledged"/> only queues the packet id, and
    /// <see cref="Deliver"/> raises this object's event on the caller's thread. A new <see cref="Connect"/> discards ids
    /// still queued, because the new session numbers its packets from 1 again. Otherwise passes calls through.
    /// </summary>
    public sealed class PubackMailbox : IMqttConnection
    {
        /// <summary>Packet ids held at most; one publish is in flight at a time, so a few suffice.</summary>
        public const int Capacity = 8;

        private readonly IMqttConnection _client;
        private readonly object _sync = new object();
        private readonly ushort[] _ids = new ushort[Capacity];
        private int _first;
        private int _count;

        /// <summary>Wraps the client and subscribes to its PUBACKs.</summary>
        /// <param name="client">The MQTT client.</param>
        public PubackMailbox(IMqttConnection client)
        {
            _client = client;
            client.PublishAcknowledged += OnClientAcknowledged;
        }

        /// <summary>Raised by <see cref="Deliver"/>, on its caller's thread.</summary>
        public event PublishAcknowledgedHandler? PublishAcknowledged;

        /// <inheritdoc/>
        public bool IsConnected => _client.IsConnected;

        /// <summary>Packet ids discarded because the mailbox was full (each costs a resend, never a lost record).</summary>
        public int Overflows { get; private set; }

        /// <inheritdoc/>
        public bool Connect(string clientId, string username, string password)
        {
            bool connected = _client.Connect(clientId, username, password);
            lock (_sync)
            {
                _count = 0;
            }

            return connected;
        }

        /// <inheritdoc/>
        public void Disconnect() => _client.Disconnect();

        /// <inheritdoc/>
        public ushort Publish(string topic, byte[] payload, int offset, int count) => _client.Publish(topic, payload, offset, count);

        /// <summary>Raises <see cref="PublishAcknowledged"/> for every queued packet id, oldest first.</summary>
        /// <returns>How many were delivered.</returns>
        public int Deliver()
        {
            int delivered = 0;
            while (true)
            {
                ushort id;
                lock (_sync)
                {
                    if (_count == 0)
                    {
                        return delivered;
                    }

                    id = _ids[_first];
                    _first = (_first + 1) % Capacity;
                    _count--;
                }

                PublishAcknowledged?.Invoke(id);
                delivered++;
            }
        }

        private void OnClientAcknowledged(ushort messageId)
        {
            lock (_sync)
            {
                if (_count == Capacity)
                {
                    _first = (_first + 1) % Capacity;
                    _count--;
                    Overflows++;
                }

                _ids[(_first + _count) % Capacity] = messageId;
                _count++;
            }
        }
    }
}
