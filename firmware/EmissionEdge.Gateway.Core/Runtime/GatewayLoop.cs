using System;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Journal;
using EmissionEdge.Gateway.Core.Ports;
using EmissionEdge.Gateway.Core.Telemetry;

namespace EmissionEdge.Gateway.Core.Runtime
{
    /// <summary>
    /// The gateway's main loop, in two halves meant for two threads so that a slow network never delays a sample:
    /// <list type="bullet">
    /// <item><see cref="RunSamplingCycle"/> (acquisition thread): waits for the next sampling instant, a multiple of
    /// <c>samplingIntervalSeconds</c> in UTC (so every minute gets 60 / interval samples), samples with the
    /// <see cref="GatewaySampler"/> and appends each closed minute to the <see cref="MinuteJournal"/>, retrying a failed
    /// write until the next minute closes.</item>
    /// <item><see cref="ServeUplink"/> (uplink thread): keeps the IoT Hub connection and its SAS token fresh
    /// (<see cref="IotHubSession"/>), hands PUBACKs over from the MQTT client's thread (<see cref="PubackMailbox"/>) so the
    /// journal is trimmed, publishes pending records oldest first (<see cref="TelemetryUplink"/>), and drops the
    /// connection when a PUBACK is overdue so the records are sent again.</item>
    /// </list>
    /// Every journal access of both halves holds one lock. Journal and network failures do not escape: they are counted
    /// and kept in <see cref="LastError"/>. (The acquisition ports report failures as results, not exceptions.)
    /// </summary>
    public sealed class GatewayLoop
    {
        /// <summary>UTC ticks of 2024-01-01T00:00Z: an earlier clock has not been set by SNTP and no sample is taken.</summary>
        public const long FirstValidUtcTicks = 638396640000000000L;

        private const long UnixEpochTicks = 621355968000000000L;
        private const long TicksPerMillisecond = 10000L;

        private readonly GatewaySampler _sampler;
        private readonly MinuteJournal _journal;
        private readonly IClock _clock;
        private readonly PubackMailbox _mailbox;
        private readonly IotHubSession _session;
        private readonly TelemetryUplink _uplink;
        private readonly object _journalLock = new object();
        private readonly long _intervalTicks;
        private readonly int _pubackTimeoutMilliseconds;
        private long _nextSample;
        private bool _minuteUnsaved;
        private long _publishedAt;

        /// <summary>Creates the loop.</summary>
        /// <param name="config">The gateway configuration (device, unit, hub, interval, mac).</param>
        /// <param name="sampler">The acquisition of this configuration.</param>
        /// <param name="journal">The journal.</param>
        /// <param name="mqtt">The MQTT client.</param>
        /// <param name="deviceKeyBase64">The device's symmetric key (SAS token and mac chain).</param>
        /// <param name="hmac">HMAC-SHA256, used from the uplink thread only.</param>
        /// <param name="clock">UTC and monotonic time, and the wait between samples.</param>
        /// <param name="options">Batch size, PUBACK timeout and token lifetime.</param>
        /// <exception cref="ArgumentException">The key is not base64, or an option is out of range.</exception>
        public GatewayLoop(GatewayConfig config, GatewaySampler sampler, MinuteJournal journal, IMqttConnection mqtt, string deviceKeyBase64, IHmacSha256 hmac, IClock clock, GatewayLoopOptions options)
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(deviceKeyBase64);
            }
            catch (Exception)
            {
                throw new ArgumentException("the device key is not valid base64", "deviceKeyBase64");
            }

            if (options.BatchSize < 1 || options.PubackTimeoutMilliseconds < 1000)
            {
                throw new ArgumentException("BatchSize must be at least 1 and PubackTimeoutMilliseconds at least 1000", "options");
            }

            _sampler = sampler;
            _journal = journal;
            _clock = clock;
            _intervalTicks = config.SamplingIntervalSeconds * 1000L * TicksPerMillisecond;
            _pubackTimeoutMilliseconds = options.PubackTimeoutMilliseconds;
            var connection = new IotHubConnection(config.IotHubHost, config.DeviceId);
            _mailbox = new PubackMailbox(mqtt);
            _session = new IotHubSession(connection, deviceKeyBase64, hmac, _mailbox, options.SasTokenLifetimeSeconds);
            var encoder = new TelemetryEncoder(config.DeviceId, config.Unit, config.MacEnabled ? hmac : null, config.MacEnabled ? key : null);
            _uplink = new TelemetryUplink(journal, encoder, _mailbox, connection.TelemetryTopic, options.FirmwareVersion, options.BatchSize, 16 + (options.BatchSize * (encoder.MaxRecordLength + 1)));
        }

        /// <summary>The connection to the broker (token, connects, failed attempts).</summary>
        public IotHubSession Session => _session;

        /// <summary>Whether the broker connection is up.</summary>
        public bool IsConnected => _mailbox.IsConnected;

        /// <summary>Whether the last attempt to write a closed minute to the journal failed.</summary>
        public bool JournalFailing { get; private set; }

        /// <summary>Samples taken.</summary>
        public long SamplesTaken { get; private set; }

        /// <summary>Sampling instants missed because a cycle overran or the clock stepped forward.</summary>
        public long SamplesSkipped { get; private set; }

        /// <summary>Closed minutes written to the journal.</summary>
        public long MinutesJournaled { get; private set; }

        /// <summary>Closed minutes lost because the journal could not be written before the next minute closed.</summary>
        public long MinutesLost { get; private set; }

        /// <summary>Exceptions caught while serving the uplink.</summary>
        public long UplinkErrors { get; private set; }

        /// <summary>The last failure, for the debug output (empty when none).</summary>
        public string LastError { get; private set; } = string.Empty;

        /// <summary>Records in the journal not yet acknowledged by the broker.</summary>
        public int PendingRecords
        {
            get
            {
                lock (_journalLock)
                {
                    return _journal.PendingCount;
                }
            }
        }

        /// <summary>
        /// One acquisition cycle: waits for the next sampling instant, takes the sample and journals the minute it closed.
        /// Returns without sampling, after one interval, while the clock has not been set.
        /// </summary>
        public void RunSamplingCycle()
        {
            long now = _clock.UtcTicks;
            if (now < FirstValidUtcTicks)
            {
                LastError = "clock not set: no sample taken";
                _clock.Delay((int)(_intervalTicks / TicksPerMillisecond));
                return;
            }

            while (true)
            {
                if (_nextSample == 0 || now < _nextSample - _intervalTicks)
                {
                    _nextSample = ((now / _intervalTicks) + 1) * _intervalTicks; // first cycle, or the clock stepped back
                }

                if (now >= _nextSample)
                {
                    break;
                }

                _clock.Delay((int)((_nextSample - now + TicksPerMillisecond - 1) / TicksPerMillisecond));
                now = _clock.UtcTicks;
            }

            long missed = (now - _nextSample) / _intervalTicks;
            SamplesSkipped += missed;
            _nextSample += missed * _intervalTicks;
            bool closed = _sampler.Sample(_nextSample);
            SamplesTaken++;
            _nextSample += _intervalTicks;
            if (closed)
            {
                if (_minuteUnsaved)
                {
                    MinutesLost++; // the sampler has just overwritten it
                }

                _minuteUnsaved = true;
            }

            if (_minuteUnsaved)
            {
                SaveMinute();
            }
        }

        /// <summary>One uplink step: PUBACKs, connection upkeep, overdue PUBACK, next publish. Call every few hundred ms.</summary>
        public void ServeUplink()
        {
            try
            {
                long now = _clock.MonotonicMilliseconds;
                bool overdue;
                lock (_journalLock)
                {
                    _mailbox.Deliver();
                    overdue = _uplink.InFlight && now - _publishedAt > _pubackTimeoutMilliseconds;
                }

                if (overdue)
                {
                    LastError = "uplink: no PUBACK within " + _pubackTimeoutMilliseconds.ToString() + " ms, reconnecting";
                    _session.Drop();
                }

                bool newConnection = _session.Maintain((_clock.UtcTicks - UnixEpochTicks) / (1000L * TicksPerMillisecond), now);
                lock (_journalLock)
                {
                    if (newConnection || !_mailbox.IsConnected)
                    {
                        _uplink.ConnectionLost();
                    }

                    if (_uplink.Pump() > 0)
                    {
                        _publishedAt = now;
                    }
                }
            }
            catch (Exception e)
            {
                UplinkErrors++;
                LastError = "uplink: " + e.Message;
            }
        }

        private void SaveMinute()
        {
            try
            {
                lock (_journalLock)
                {
                    _journal.Append(_sampler.CompletedMinute);
                }

                _minuteUnsaved = false;
                JournalFailing = false;
                MinutesJournaled++;
            }
            catch (Exception e)
            {
                JournalFailing = true;
                LastError = "journal: " + e.Message;
            }
        }
    }
}
