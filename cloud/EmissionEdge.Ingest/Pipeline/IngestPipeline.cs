using EmissionEdge.Compliance.Time;
using EmissionEdge.Ingest.Devices;
using EmissionEdge.Ingest.Evaluation;
using EmissionEdge.Ingest.Integrity;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Ingest.Telemetry;
using Microsoft.Extensions.Logging;

namespace EmissionEdge.Ingest.Pipeline;

/// <summary>
/// The ingest pipeline shared by the Azure Functions app and the local server: decode, authenticate the device
/// against the registry, check the mac chain, deduplicate on (device, seq), store, update gateway health, recompute
/// the affected hours and re-derive alerts into the outbox. A bad message never fails the batch: it is dead-lettered
/// with its reason and raw bytes.
/// </summary>
public sealed partial class IngestPipeline
{
    private readonly IIngestStore _store;
    private readonly IDeviceRegistry _registry;
    private readonly IUnitCatalog _units;
    private readonly UnitEvaluator _evaluator;
    private readonly IngestFeed _feed;
    private readonly TimeProvider _time;
    private readonly ILogger<IngestPipeline> _logger;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="store">The store.</param>
    /// <param name="registry">Known devices.</param>
    /// <param name="units">Unit profiles.</param>
    /// <param name="evaluator">Runs the compliance engine over stored data.</param>
    /// <param name="feed">The live feed.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    public IngestPipeline(IIngestStore store, IDeviceRegistry registry, IUnitCatalog units, UnitEvaluator evaluator, IngestFeed feed, TimeProvider time, ILogger<IngestPipeline> logger)
    {
        _store = store;
        _registry = registry;
        _units = units;
        _evaluator = evaluator;
        _feed = feed;
        _time = time;
        _logger = logger;
    }

    /// <summary>The live feed of stored minutes, hour results and alerts.</summary>
    public IObservable<IngestNotification> Feed => _feed;

    /// <summary>Ingests one message.</summary>
    /// <param name="deviceId">The device id the transport authenticated.</param>
    /// <param name="body">The body bytes.</param>
    /// <param name="enqueuedTime">When the transport enqueued it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The outcome.</returns>
    public async Task<IngestOutcome> IngestAsync(string deviceId, ReadOnlyMemory<byte> body, DateTimeOffset enqueuedTime, CancellationToken cancellationToken) =>
        (await IngestBatchAsync([new IngestMessage(deviceId, body, enqueuedTime)], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Ingests a batch of messages (for example one Event Hubs trigger invocation).</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>One outcome per message, in order; when it returns, everything it reports is committed to the store.</returns>
    /// <remarks>
    /// Messages are decoded and checked first, without touching the store; then minutes, dead letters, gateway health,
    /// hour results and alert versions are written as one unit of work (<see cref="IIngestStore.RunInTransactionAsync{T}"/>:
    /// one SQLite transaction, so a crash leaves either all of it or none, and a redelivered batch is then ingested whole).
    /// The live feed hears of it after the commit.
    /// </remarks>
    public async Task<IReadOnlyList<IngestOutcome>> IngestBatchAsync(IReadOnlyList<IngestMessage> messages, CancellationToken cancellationToken)
    {
        var committed = await CommitBatchAsync(messages, cancellationToken).ConfigureAwait(false);
        await committed.Durable.ConfigureAwait(false);
        committed.Announce();
        return committed.Outcomes;
    }

    /// <summary>
    /// As <see cref="IngestBatchAsync"/>, but returns once the unit of work committed, before its commit is on disk
    /// (<see cref="IIngestStore.RunInTransactionSyncingLaterAsync{T}"/>): the next batch can be stored while this one is
    /// synced. Acknowledge the messages only after <see cref="CommittedBatch.Durable"/>, then call
    /// <see cref="CommittedBatch.Announce"/> (the live feed, and so alert delivery, hears of the batch only then).
    /// </summary>
    /// <param name="messages">The messages.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The committed batch: outcomes, the disk sync, the announcement.</returns>
    public Task<CommittedBatch> CommitBatchAsync(IReadOnlyList<IngestMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return CommitScreenedAsync(messages.Select(Screen).ToArray(), cancellationToken);
    }

    /// <summary>
    /// As <see cref="CommitBatchAsync"/>, for messages already screened (<see cref="Screen"/>, for example on the threads
    /// that received them while the previous batch was being stored).
    /// </summary>
    /// <param name="messages">The screened messages.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The committed batch: outcomes, the disk sync, the announcement.</returns>
    public async Task<CommittedBatch> CommitScreenedAsync(IReadOnlyList<ScreenedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var batch = new Batch(messages, _time.GetUtcNow().UtcDateTime);
        var committed = await _store.RunInTransactionSyncingLaterAsync(ct => StoreAsync(batch, ct), cancellationToken).ConfigureAwait(false);
        var outcomes = batch.Tallies.Select(t => IngestOutcome.From(t.Accepted, t.Duplicates, t.Reasons)).ToArray();
        return new CommittedBatch(outcomes, committed.Durable, () => Announce(batch));
    }

    private void Announce(Batch batch)
    {
        foreach (var notification in batch.Notifications)
        {
            _feed.Publish(notification);
        }

        foreach (var deadLetter in batch.DeadLetters)
        {
            LogDeadLetter(deadLetter.Device, deadLetter.Category, deadLetter.Reason);
        }
    }

    private async Task<bool> StoreAsync(Batch batch, CancellationToken cancellationToken)
    {
        var candidates = batch.Candidates;
        await CheckMacChainsAsync(candidates, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<MinuteAddResult> results = [];
        if (candidates.Count > 0)
        {
            results = await _store.AddMinutesAsync(candidates.Select(c => c.Minute).ToArray(), cancellationToken).ConfigureAwait(false);
            _evaluator.MinutesAdded(candidates.Where((_, k) => results[k] == MinuteAddResult.Added).Select(c => c.Minute).ToArray());
        }

        var changedHours = new HashSet<(string Unit, DateTime Hour)>();
        for (var k = 0; k < candidates.Count; k++)
        {
            var c = candidates[k];
            var tally = batch.Tallies[c.Message];
            switch (results[k])
            {
                case MinuteAddResult.Added:
                    tally.Accepted++;
                    changedHours.Add((c.Minute.Record.Unit, ChinaTime.HourStartUtc(c.Minute.Record.MinuteUtc)));
                    batch.Notifications.Add(new MinuteStored(c.Minute));
                    if (c.ChainProblem is not null)
                    {
                        await _evaluator.RaiseMacChainBrokenAsync(c.Minute.Record.Unit, _units.Find(c.Minute.Record.Unit)?.Plant, c.Minute.Record.MinuteUtc, c.ChainProblem, batch.Notifications, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case MinuteAddResult.Duplicate:
                    tally.Duplicates++;
                    break;
                default:
                    var reason = $"seq {c.Minute.Seq}: a different record with this seq is already stored for device '{c.Minute.Device}'";
                    batch.Reject(c.Message, reason, DeadLetterCategory.Conflict, c.RawBytes);
                    break;
            }
        }

        await VerifyWaitingSuccessorsAsync(candidates, results, batch.Notifications, cancellationToken).ConfigureAwait(false);
        foreach (var (unit, minuteUtc, detail) in batch.MissingMacs)
        {
            await _evaluator.RaiseMacChainBrokenAsync(unit, _units.Find(unit)?.Plant, minuteUtc, detail, batch.Notifications, cancellationToken).ConfigureAwait(false);
        }

        foreach (var deadLetter in batch.DeadLetters)
        {
            await _store.AddDeadLetterAsync(deadLetter, cancellationToken).ConfigureAwait(false);
        }

        await UpdateHealthAsync(batch.Messages, batch.Tallies, candidates, results, cancellationToken).ConfigureAwait(false);
        await EvaluateAsync(changedHours, batch.Notifications, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Decodes one message and checks its records against the device registry, without touching the store: the part of
    /// ingesting that can run on any thread, in parallel with other messages and with a batch being stored.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <returns>Its records to store and its rejections, for <see cref="CommitScreenedAsync"/>.</returns>
    public ScreenedMessage Screen(IngestMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var screened = new ScreenedMessage(message, _time.GetUtcNow().UtcDateTime);
        ScreenInto(message, screened);
        return screened;
    }

    private void ScreenInto(IngestMessage message, ScreenedMessage screened)
    {
        var raw = message.Body;
        if (raw.Length > TelemetryContract.MaxMessageBytes)
        {
            screened.Reject($"message of {raw.Length} bytes exceeds the {TelemetryContract.MaxMessageBytes}-byte limit", DeadLetterCategory.Oversize, raw);
            return;
        }

        var device = string.IsNullOrEmpty(message.DeviceId) ? null : _registry.Find(message.DeviceId);
        if (device is null)
        {
            var reason = string.IsNullOrEmpty(message.DeviceId)
                ? $"the transport gave no device id ({TelemetryContract.IotHubDeviceIdProperty})"
                : $"device '{message.DeviceId}' is not registered";
            screened.Reject(reason, DeadLetterCategory.UnknownDevice, raw);
            return;
        }

        TelemetryMessage decoded;
        try
        {
            decoded = TelemetryDecoder.Decode(raw);
        }
        catch (TelemetryFormatException ex)
        {
            screened.Reject(ex.Message, DeadLetterCategory.Malformed, raw);
            return;
        }

        foreach (var element in decoded.Elements)
        {
            if (element.Record is not { } record)
            {
                screened.Reject(element.Error!, DeadLetterCategory.Malformed, element.RawBytes);
                continue;
            }

            if (!string.Equals(record.Device, device.DeviceId, StringComparison.Ordinal))
            {
                screened.Reject($"device: the body says '{record.Device}' but the transport authenticated '{device.DeviceId}'", DeadLetterCategory.Spoofed, element.RawBytes);
                continue;
            }

            if (!string.Equals(record.Unit, device.Unit, StringComparison.Ordinal))
            {
                screened.Reject($"unit: the body says '{record.Unit}' but device '{device.DeviceId}' is registered for unit '{device.Unit}'", DeadLetterCategory.Spoofed, element.RawBytes);
                continue;
            }

            if (device.MacEnabled && record.Mac is null)
            {
                var reason = $"mac: device '{device.DeviceId}' signs its records but seq {record.Seq} has no mac";
                screened.Reject(reason, DeadLetterCategory.MacMissing, element.RawBytes);
                screened.MissingMacs.Add((record.Unit, record.MinuteUtc, reason));
                continue;
            }

            // The stored minute carries its readings as the store will give them back (decoded from the encoded bytes),
            // so that the evaluator can keep it (UnitEvaluator.MinutesAdded) without decoding it on the commit's thread.
            var readings = MinuteRecordCodec.EncodeReadings(record.Minute);
            var stored = MinuteRecordCodec.DecodeReadings(record.Unit, record.MinuteUtc, readings);
            var minute = new StoredMinute(device.DeviceId, record.Seq, stored, readings, record.Mac,
                device.MacEnabled ? MacStatus.Unverified : MacStatus.NotSigned, message.EnqueuedTime.UtcDateTime)
            {
                Canonical = device.MacEnabled ? record.CanonicalBytes.ToArray() : null,
            };
            screened.Records.Add(new ScreenedRecord(minute, record, device, element.RawBytes));
        }
    }

    /// <summary>
    /// A record stored Unverified because its predecessor was missing is checked when the predecessor arrives: the
    /// successor's canonical bytes are kept for that.
    /// </summary>
    private async Task VerifyWaitingSuccessorsAsync(List<Candidate> candidates, IReadOnlyList<MinuteAddResult> results, List<IngestNotification> notifications, CancellationToken cancellationToken)
    {
        for (var k = 0; k < candidates.Count; k++)
        {
            var c = candidates[k];
            if (results[k] != MinuteAddResult.Added || !c.Device.MacEnabled || c.Record.Mac is null)
            {
                continue;
            }

            var next = await _store.GetMinuteAsync(c.Minute.Device, c.Minute.Seq + 1, cancellationToken).ConfigureAwait(false);
            if (next is not { Integrity: MacStatus.Unverified, Canonical: { } canonical, Mac: { } nextMac })
            {
                continue;
            }

            var ok = MacChain.Verify(c.Device.DeviceKey, c.Record.Mac, canonical, nextMac);
            await _store.UpdateIntegrityAsync(next.Device, next.Seq, ok ? MacStatus.Verified : MacStatus.Broken, cancellationToken).ConfigureAwait(false);
            if (!ok)
            {
                var detail = $"device '{next.Device}' seq {next.Seq}: mac does not follow from seq {c.Minute.Seq}, which arrived later (tampered or lost record)";
                await _evaluator.RaiseMacChainBrokenAsync(next.Record.Unit, _units.Find(next.Record.Unit)?.Plant, next.Record.MinuteUtc, detail, notifications, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Verifies each signed record against its predecessor (in this batch, else in the store).</summary>
    private async Task CheckMacChainsAsync(List<Candidate> candidates, CancellationToken cancellationToken)
    {
        Dictionary<(string, long), byte[]>? inBatch = null;
        for (var k = 0; k < candidates.Count; k++)
        {
            var c = candidates[k];
            if (!c.Device.MacEnabled)
            {
                continue;
            }

            inBatch ??= candidates.Where(x => x.Record.Mac is not null)
                .GroupBy(x => (x.Minute.Device, x.Minute.Seq))
                .ToDictionary(g => g.Key, g => g.First().Record.Mac!);
            byte[]? previous = inBatch.GetValueOrDefault((c.Minute.Device, c.Minute.Seq - 1));
            if (previous is null)
            {
                previous = (await _store.GetMinuteAsync(c.Minute.Device, c.Minute.Seq - 1, cancellationToken).ConfigureAwait(false))?.Mac;
            }

            if (previous is null)
            {
                // No predecessor stored: either the start of a chain (empty previous mac) or a record whose
                // predecessor has not arrived (yet); the latter stays Unverified rather than being called broken.
                if (MacChain.Verify(c.Device.DeviceKey, [], c.Record.CanonicalBytes.Span, c.Record.Mac))
                {
                    candidates[k] = c with { Minute = c.Minute with { Integrity = MacStatus.Verified } };
                }

                continue;
            }

            var ok = MacChain.Verify(c.Device.DeviceKey, previous, c.Record.CanonicalBytes.Span, c.Record.Mac);
            candidates[k] = c with
            {
                Minute = c.Minute with { Integrity = ok ? MacStatus.Verified : MacStatus.Broken },
                ChainProblem = ok ? null : $"device '{c.Minute.Device}' seq {c.Minute.Seq}: mac does not follow from seq {c.Minute.Seq - 1} (tampered or lost record)",
            };
        }
    }

    private async Task UpdateHealthAsync(IReadOnlyList<IngestMessage> messages, Tally[] tallies, List<Candidate> candidates, IReadOnlyList<MinuteAddResult> results, CancellationToken cancellationToken)
    {
        var byDevice = new Dictionary<string, HealthDelta>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            var device = string.IsNullOrEmpty(m.DeviceId) ? null : _registry.Find(m.DeviceId);
            if (device is null)
            {
                continue;
            }

            if (!byDevice.TryGetValue(device.DeviceId, out var delta))
            {
                delta = new HealthDelta(device.Unit);
                byDevice[device.DeviceId] = delta;
            }

            var enqueued = m.EnqueuedTime.UtcDateTime;
            delta.Accepted += tallies[i].Accepted;
            if (tallies[i].Accepted > 0)
            {
                delta.LastAccepted = Latest(delta.LastAccepted, enqueued);
            }

            delta.Duplicates += tallies[i].Duplicates;
            delta.Rejected += tallies[i].Reasons.Count;
            if (enqueued >= delta.LastSeen)
            {
                delta.LastSeen = enqueued;
                delta.Firmware = m.FirmwareVersion ?? delta.Firmware;
                delta.Backlog = m.JournalBacklog ?? delta.Backlog;
                delta.NewestMessage = i;
            }
        }

        for (var k = 0; k < candidates.Count; k++)
        {
            var c = candidates[k];
            if (results[k] == MinuteAddResult.Conflict)
            {
                continue;
            }

            var delta = byDevice[c.Minute.Device];
            delta.LastSeq = Math.Max(delta.LastSeq, c.Minute.Seq);
            if (c.Minute.Record.MinuteUtc > delta.LastMinute)
            {
                delta.LastMinute = c.Minute.Record.MinuteUtc;
            }

            if (c.Message == delta.NewestMessage && (delta.NewestMinute is null || c.Minute.Record.MinuteUtc > delta.NewestMinute))
            {
                delta.NewestMinute = c.Minute.Record.MinuteUtc;
            }
        }

        foreach (var (device, delta) in byDevice)
        {
            var old = await _store.GetHealthAsync(device, cancellationToken).ConfigureAwait(false);
            var skew = delta.NewestMinute is { } newest
                ? (delta.LastSeen - newest.AddMinutes(1)).TotalSeconds
                : old?.ClockSkewSeconds ?? 0;
            var health = new GatewayHealth(
                device,
                delta.Unit,
                old is null || delta.LastSeen > old.LastSeenUtc ? delta.LastSeen : old.LastSeenUtc,
                Math.Max(old?.LastSeq ?? -1, delta.LastSeq),
                old is null || delta.LastMinute > old.LastMinuteUtc ? delta.LastMinute : old.LastMinuteUtc,
                delta.Backlog ?? old?.JournalBacklog,
                skew,
                delta.Firmware ?? old?.FirmwareVersion,
                (old?.RecordsAccepted ?? 0) + delta.Accepted,
                (old?.DuplicatesAbsorbed ?? 0) + delta.Duplicates,
                (old?.RecordsRejected ?? 0) + delta.Rejected)
            {
                LastAcceptedUtc = Latest(old?.LastAcceptedUtc, delta.LastAccepted),
            };
            await _store.UpsertHealthAsync(health, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The later of two times, either of which may be unknown.</summary>
    private static DateTime? Latest(DateTime? a, DateTime? b) => a is null || b > a ? b : a;

    /// <summary>Recomputes each unit's changed hours (ascending) and re-derives its alerts once, units in ordinal order.</summary>
    private async Task EvaluateAsync(HashSet<(string Unit, DateTime Hour)> changedHours, List<IngestNotification> notifications, CancellationToken cancellationToken)
    {
        var units = new List<(UnitEntry Unit, IReadOnlyList<DateTime> HourStartsUtc)>();
        foreach (var group in changedHours.GroupBy(h => h.Unit, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (_units.Find(group.Key) is { } unit)
            {
                units.Add((unit, group.Select(h => h.Hour).Order().ToArray()));
            }
            else
            {
                LogNoProfile(group.Key);
            }
        }

        await _evaluator.EvaluateAfterBatchAsync(units, notifications, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered a message of device {Device} ({Category}): {Reason}")]
    private partial void LogDeadLetter(string device, string category, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unit {Unit} has no profile: its minutes are stored but not evaluated")]
    private partial void LogNoProfile(string unit);

    /// <summary>What one call is working on: the messages, their tallies, and what screening and storing produced.</summary>
    private sealed class Batch
    {
        private readonly DateTime _now;

        public Batch(IReadOnlyList<ScreenedMessage> screened, DateTime now)
        {
            _now = now;
            Messages = screened.Select(s => s.Message).ToArray();
            Tallies = new Tally[screened.Count];
            for (var i = 0; i < screened.Count; i++)
            {
                var s = screened[i];
                Tallies[i] = new Tally();
                Tallies[i].Reasons.AddRange(s.DeadLetters.Select(d => d.Reason));
                DeadLetters.AddRange(s.DeadLetters);
                MissingMacs.AddRange(s.MissingMacs);
                foreach (var r in s.Records)
                {
                    Candidates.Add(new Candidate(i, r.Minute, r.Record, r.Device, r.RawBytes));
                }
            }
        }

        public IReadOnlyList<IngestMessage> Messages { get; }
        public Tally[] Tallies { get; }
        public List<Candidate> Candidates { get; } = [];
        public List<DeadLetter> DeadLetters { get; } = [];
        public List<(string Unit, DateTime MinuteUtc, string Detail)> MissingMacs { get; } = [];

        /// <summary>Live-feed notifications, published once the unit of work committed.</summary>
        public List<IngestNotification> Notifications { get; } = [];

        public void Reject(int message, string reason, string category, ReadOnlyMemory<byte> raw)
        {
            Tallies[message].Reasons.Add(reason);
            DeadLetters.Add(ScreenedMessage.DeadLetterOf(Messages[message], reason, category, raw, _now));
        }
    }

    private sealed class Tally
    {
        public int Accepted;
        public int Duplicates;
        public List<string> Reasons { get; } = [];
    }

    private sealed record Candidate(int Message, StoredMinute Minute, TelemetryRecord Record, DeviceRegistration Device, ReadOnlyMemory<byte> RawBytes)
    {
        public string? ChainProblem { get; init; }
    }

    private sealed class HealthDelta(string unit)
    {
        public string Unit { get; } = unit;
        public DateTime LastSeen = DateTime.MinValue;
        public long LastSeq = -1;
        public DateTime LastMinute = DateTime.MinValue;
        public DateTime? NewestMinute;
        public int NewestMessage = -1;
        public string? Firmware;
        public int? Backlog;
        public DateTime? LastAccepted;
        public long Accepted;
        public long Duplicates;
        public long Rejected;
    }
}
