using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Journal;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Core.Telemetry
{
    /// <summary>
    /// Forwards the journal to the broker: oldest pending records first, in batches, one QoS 1
    /// publish in flight at a time; trims the journal only when that publish's PUBACK arrives.
    /// After a reconnect (<see cref="ConnectionLost"/>) it resends from the oldest unacknowledged record. Each message's
    /// topic carries the gateway health properties <c>fw</c> and <c>backlog</c> (<see cref="IotHubConnection.WithHealthProperties"/>).
    /// </summary>
    public sealed class TelemetryUplink
    {
        private readonly MinuteJournal _journal;
        private readonly TelemetryEncoder _encoder;
        private readonly IMqttPublisher _publisher;
        private readonly string _topic;
        private readonly string _firmwareVersion;
        private readonly MinuteRecord[] _batch;
        private readonly byte[] _buffer;
        private readonly byte[] _inFlightMac = new byte[32];
        private ushort _inFlightId;
        private uint _inFlightLastSeq;
        private uint _chainSeqBefore;
        private readonly byte[] _chainMacBefore = new byte[32];

        /// <summary>Creates the uplink and subscribes to PUBACKs.</summary>
        /// <param name="journal">The journal to forward.</param>
        /// <param name="encoder">The telemetry encoder; its mac chain is resumed from the journal.</param>
        /// <param name="publisher">The MQTT client.</param>
        /// <param name="topic">The telemetry topic, without the health properties.</param>
        /// <param name="firmwareVersion">The firmware version sent as <c>fw</c> (empty: not sent).</param>
        /// <param name="batchSize">Most records per message (1 sends single records).</param>
        /// <param name="bufferSize">Message buffer size in bytes.</param>
        public TelemetryUplink(MinuteJournal journal, TelemetryEncoder encoder, IMqttPublisher publisher, string topic, string firmwareVersion, int batchSize, int bufferSize)
        {
            _firmwareVersion = firmwareVersion == null ? string.Empty : firmwareVersion;
            _journal = journal;
            _encoder = encoder;
            _publisher = publisher;
            _topic = topic;
            _batch = new MinuteRecord[batchSize];
            for (int i = 0; i < batchSize; i++)
            {
                _batch[i] = new MinuteRecord();
            }

            _buffer = new byte[bufferSize];
            var mac = new byte[32];
            journal.CopyChainMac(mac, 0);
            encoder.ResumeChain(journal.ChainSequence, mac);
            publisher.PublishAcknowledged += OnPublishAcknowledged;
        }

        /// <summary>Whether a publish is waiting for its PUBACK.</summary>
        public bool InFlight => _inFlightId != 0;

        /// <summary>Messages published.</summary>
        public long MessagesPublished { get; private set; }

        /// <summary>Publishes the next batch when connected, nothing is in flight and records are pending.</summary>
        /// <returns>Number of records published.</returns>
        public int Pump()
        {
            if (_inFlightId != 0 || !_publisher.IsConnected || _journal.PendingCount == 0)
            {
                return 0;
            }

            int count = _journal.ReadPending(_journal.AcknowledgedSequence, _batch, _batch.Length);
            if (count == 0)
            {
                return 0;
            }

            _chainSeqBefore = _encoder.ChainSequence;
            System.Array.Copy(_encoder.LastMac, 0, _chainMacBefore, 0, 32);
            int length;
            int written = 1;
            if (count == 1)
            {
                length = _encoder.EncodeSingle(_batch[0], _buffer, 0);
            }
            else
            {
                length = _encoder.EncodeBatch(_batch, count, _buffer, 0, out written);
            }

            string topic = IotHubConnection.WithHealthProperties(_topic, _firmwareVersion, _journal.PendingCount - written);
            ushort id = _publisher.Publish(topic, _buffer, 0, length);
            if (id == 0)
            {
                _encoder.ResumeChain(_chainSeqBefore, _chainMacBefore);
                return 0;
            }

            _inFlightId = id;
            _inFlightLastSeq = _batch[written - 1].Sequence;
            System.Array.Copy(_encoder.LastMac, 0, _inFlightMac, 0, 32);
            MessagesPublished++;
            return written;
        }

        /// <summary>Forgets the publish in flight (the connection dropped); the next <see cref="Pump"/> resends from the oldest unacknowledged record.</summary>
        public void ConnectionLost()
        {
            if (_inFlightId != 0)
            {
                _inFlightId = 0;
                _encoder.ResumeChain(_chainSeqBefore, _chainMacBefore);
            }
        }

        private void OnPublishAcknowledged(ushort messageId)
        {
            if (messageId == 0 || messageId != _inFlightId)
            {
                return;
            }

            _inFlightId = 0;
            _journal.Acknowledge(_inFlightLastSeq, _encoder.MacEnabled ? _inFlightMac : null);
        }
    }
}
