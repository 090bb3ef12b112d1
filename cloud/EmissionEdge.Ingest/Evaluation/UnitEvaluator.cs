using EmissionEdge.Compliance;
using EmissionEdge.Compliance.Alerts;
using EmissionEdge.Compliance.Coal;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Time;
using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Ingest.Storage;
using Microsoft.Extensions.Options;

namespace EmissionEdge.Ingest.Evaluation;

/// <summary>
/// Runs the compliance engine over stored data: recomputes a unit-hour from its stored minutes
/// (<see cref="HourAggregator"/>), stores the result (marking revisions of closed hours), and re-derives the unit's
/// alerts (<see cref="AlertEvaluator"/>) to put new and changed ones in the outbox. No formula lives here.
/// </summary>
/// <remarks>
/// What it reads of a unit (recent minutes, hours, alerts) it keeps in memory for the next call, as long as the store's
/// change stamp shows that nothing but its own writes changed the store (<see cref="UnitStateCache"/>); a store without a
/// stamp (Table Storage) is read every time. Calls must not overlap (the server runs them one at a time through its
/// pipeline gate, and a SQLite unit of work holds the store).
/// </remarks>
public sealed class UnitEvaluator
{
    private readonly IIngestStore _store;
    private readonly HourResultCodec _codec;
    private readonly AlertOutbox _outbox;
    private readonly IngestFeed _feed;
    private readonly IngestOptions _options;
    private readonly ComplianceOptions _compliance;
    private readonly TimeProvider _time;
    private readonly UnitStateCache _cache;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="store">The store.</param>
    /// <param name="codec">Hour payload codec.</param>
    /// <param name="outbox">The alert outbox.</param>
    /// <param name="feed">The live feed.</param>
    /// <param name="options">Grace period and alert lookback.</param>
    /// <param name="compliance">Engine options (validity thresholds, data-gap hours).</param>
    /// <param name="time">The clock.</param>
    public UnitEvaluator(IIngestStore store, HourResultCodec codec, AlertOutbox outbox, IngestFeed feed, IOptions<IngestOptions> options, ComplianceOptions compliance, TimeProvider time)
    {
        _store = store;
        _codec = codec;
        _outbox = outbox;
        _feed = feed;
        _options = options.Value;
        _compliance = compliance;
        _time = time;
        _cache = new UnitStateCache(store, codec);
    }

    /// <summary>
    /// The hour boundary up to which hours are final: hours ending at or before it are closed by CloseHours, and
    /// alerts are evaluated as of it (so a silent gateway shows as a data gap).
    /// </summary>
    /// <returns>A UTC hour start.</returns>
    public DateTime ClosedUntilUtc() => ClosedUntilUtc(_time.GetUtcNow().UtcDateTime);

    private DateTime ClosedUntilUtc(DateTime nowUtc) => ChinaTime.HourStartUtc(nowUtc - _options.HourGracePeriod);

    /// <summary>
    /// Recomputes unit-hours from their stored minutes and stores the results that changed (one read of the minutes
    /// and hours spanning them, one write).
    /// </summary>
    /// <param name="unit">The unit.</param>
    /// <param name="hourStartsUtc">UTC starts of the hours, ascending.</param>
    /// <param name="close">Whether to close the hours (CloseHours).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored results that changed.</returns>
    public async Task<IReadOnlyList<HourResultEntry>> RecomputeHoursAsync(UnitEntry unit, IReadOnlyList<DateTime> hourStartsUtc, bool close, CancellationToken cancellationToken)
    {
        var notifications = new List<IngestNotification>();
        var changed = await RecomputeHoursAsync(unit, hourStartsUtc, close, notifications, cancellationToken).ConfigureAwait(false);
        Publish(notifications);
        return changed;
    }

    /// <summary>
    /// As <see cref="RecomputeHoursAsync(UnitEntry, IReadOnlyList{DateTime}, bool, CancellationToken)"/>, leaving the
    /// live-feed notifications in <paramref name="notifications"/> for the caller to publish once its transaction committed.
    /// </summary>
    internal async Task<IReadOnlyList<HourResultEntry>> RecomputeHoursAsync(UnitEntry unit, IReadOnlyList<DateTime> hourStartsUtc, bool close, ICollection<IngestNotification> notifications, CancellationToken cancellationToken)
    {
        if (hourStartsUtc.Count == 0)
        {
            return [];
        }

        await _cache.CheckAsync(cancellationToken).ConfigureAwait(false);
        var work = await ReadHoursAsync(unit, hourStartsUtc, close, cancellationToken).ConfigureAwait(false);
        ComputeHours(work);
        return await WriteHoursAsync(work, notifications, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Re-derives a unit's alerts over a window reaching back from the earliest changed hour, and stores (with outbox
    /// deliveries) every alert that is new, changed, or no longer derived (withdrawn).
    /// </summary>
    /// <param name="unit">The unit.</param>
    /// <param name="changedFromUtc">Start of the earliest hour that changed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The notices stored.</returns>
    public async Task<IReadOnlyList<AlertNotice>> ReconcileAlertsAsync(UnitEntry unit, DateTime changedFromUtc, CancellationToken cancellationToken)
    {
        var notifications = new List<IngestNotification>();
        var saved = await ReconcileAlertsAsync(unit, changedFromUtc, notifications, cancellationToken).ConfigureAwait(false);
        Publish(notifications);
        return saved;
    }

    /// <summary>
    /// As <see cref="ReconcileAlertsAsync(UnitEntry, DateTime, CancellationToken)"/>, leaving the live-feed notifications in
    /// <paramref name="notifications"/>.
    /// </summary>
    internal async Task<IReadOnlyList<AlertNotice>> ReconcileAlertsAsync(UnitEntry unit, DateTime changedFromUtc, ICollection<IngestNotification> notifications, CancellationToken cancellationToken)
    {
        await _cache.CheckAsync(cancellationToken).ConfigureAwait(false);
        var health = await _store.GetUnitHealthAsync(unit.Unit, cancellationToken).ConfigureAwait(false);
        var work = await ReadAlertsAsync(unit, changedFromUtc, health, cancellationToken).ConfigureAwait(false);
        ComputeAlerts(work, changedFromUtc, changedHours: []);
        await WriteAlertsAsync(work, notifications, cancellationToken).ConfigureAwait(false);
        return work.Saves.Select(s => s.Notice).ToArray();
    }

    /// <summary>
    /// What a batch of telemetry calls for: per unit (in the order given), recomputes its changed hours and, when any
    /// result changed, re-derives its alerts from the earliest one, leaving the live-feed notifications in
    /// <paramref name="notifications"/>. The same stores and notifications as <see cref="RecomputeHoursAsync(UnitEntry, IReadOnlyList{DateTime}, bool, ICollection{IngestNotification}, CancellationToken)"/>
    /// then <see cref="ReconcileAlertsAsync(UnitEntry, DateTime, ICollection{IngestNotification}, CancellationToken)"/>
    /// unit after unit, in the same order.
    /// </summary>
    /// <param name="units">Each unit with the UTC starts of its changed hours, ascending.</param>
    /// <param name="notifications">Receives the live-feed notifications.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    /// <remarks>
    /// Units are independent of one another, so the work is done in three rounds: everything every unit needs is read
    /// (store calls stay in the caller's flow, one at a time, as a unit of work requires), then the engine runs for the
    /// units in parallel (no I/O: aggregation, payloads, coal figures, alert derivation), then the results are written
    /// unit by unit. Alerts are derived from the hours as read plus the unit's recomputed hours, which is what reading
    /// them back after writing would give; the window of hours is read from the earliest hour that could change, which
    /// reaches back at least as far as the window of the earliest hour that did.
    /// </remarks>
    internal async Task EvaluateAfterBatchAsync(IReadOnlyList<(UnitEntry Unit, IReadOnlyList<DateTime> HourStartsUtc)> units, ICollection<IngestNotification> notifications, CancellationToken cancellationToken)
    {
        await _cache.CheckAsync(cancellationToken).ConfigureAwait(false);
        var work = new (HourWork Hours, AlertWork Alerts)[units.Count];
        var health = units.Count == 0 ? null : (await _store.GetAllHealthAsync(cancellationToken).ConfigureAwait(false)).ToLookup(h => h.Unit, StringComparer.Ordinal);
        for (var i = 0; i < units.Count; i++)
        {
            var (unit, hourStarts) = units[i];
            work[i] = (await ReadHoursAsync(unit, hourStarts, close: false, cancellationToken).ConfigureAwait(false),
                await ReadAlertsAsync(unit, hourStarts[0], health![unit.Unit], cancellationToken).ConfigureAwait(false));
        }

        void Compute(int i)
        {
            var (hours, alerts) = work[i];
            ComputeHours(hours);
            if (hours.Changed.Count > 0)
            {
                ComputeAlerts(alerts, hours.Changed[0].Entry.HourStartUtc, hours.Changed);
            }
        }

        if (work.Length > 1)
        {
            Parallel.For(0, work.Length, new ParallelOptions { CancellationToken = cancellationToken }, Compute);
        }
        else if (work.Length == 1)
        {
            Compute(0);
        }

        foreach (var (hours, alerts) in work)
        {
            await WriteHoursAsync(hours, notifications, cancellationToken).ConfigureAwait(false);
            if (hours.Changed.Count > 0)
            {
                await WriteAlertsAsync(alerts, notifications, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads the minutes and stored results of the hours to recompute.</summary>
    private async Task<HourWork> ReadHoursAsync(UnitEntry unit, IReadOnlyList<DateTime> hourStartsUtc, bool close, CancellationToken cancellationToken)
    {
        var from = hourStartsUtc[0];
        var to = hourStartsUtc[^1].AddHours(1);
        var minutes = await _cache.GetMinuteRecordsAsync(unit.Unit, from, to, cancellationToken).ConfigureAwait(false);
        var existing = (await _cache.GetHoursAsync(unit.Unit, from, to, cancellationToken).ConfigureAwait(false))
            .ToDictionary(h => h.Entry.HourStartUtc);
        return new HourWork(unit, hourStartsUtc, close, minutes, existing, _time.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Aggregates each hour from its minutes and keeps the results that differ from the stored ones, each with its payload
    /// decoded as the store will give it back (no I/O).
    /// </summary>
    private void ComputeHours(HourWork work)
    {
        var minutes = work.Minutes;
        var index = 0;
        foreach (var hourStart in work.HourStartsUtc)
        {
            // Minutes come ordered by minute then seq: when two records claim the same minute, the later seq wins.
            while (index < minutes.Count && minutes[index].MinuteUtc < hourStart)
            {
                index++;
            }

            var first = index;
            while (index < minutes.Count && minutes[index].MinuteUtc < hourStart.AddHours(1))
            {
                index++;
            }

            var records = new MinuteRecordSlice(minutes, first, index);
            var result = HourAggregator.Aggregate(work.Unit.Profile, hourStart, records, _compliance);
            var payload = _codec.Encode(result);
            work.Existing.TryGetValue(hourStart, out var stored);
            var old = stored?.Entry;
            var closed = work.Close || old?.Closed == true;
            if (old is not null && old.Closed == closed && string.Equals(old.Payload, payload, StringComparison.Ordinal))
            {
                continue;
            }

            var revised = old is { Closed: true } && result.IsRevisionOf(stored!.Result);
            var entry = new HourResultEntry(work.Unit.Unit, hourStart, payload, result.MinutesReceived, (old?.Revision ?? 0) + (revised ? 1 : 0), closed, work.NowUtc);
            work.Changed.Add(new CachedHour(entry, _codec.Decode(payload)));
            work.Revised.Add(revised);
        }
    }

    /// <summary>Stores the changed results (one write) and notes them for the live feed.</summary>
    /// <returns>The stored results that changed.</returns>
    private async Task<IReadOnlyList<HourResultEntry>> WriteHoursAsync(HourWork work, ICollection<IngestNotification> notifications, CancellationToken cancellationToken)
    {
        if (work.Changed.Count == 0)
        {
            return [];
        }

        var entries = work.Changed.ConvertAll(h => h.Entry);
        await _store.UpsertHoursAsync(entries, cancellationToken).ConfigureAwait(false);
        _cache.HoursWritten(work.Unit.Unit, work.Changed);
        for (var i = 0; i < entries.Count; i++)
        {
            notifications.Add(new HourEvaluated(entries[i], work.Revised[i]));
        }

        return entries;
    }

    /// <summary>
    /// Reads a unit's alerts and its hours from the window start of <paramref name="changedFromUtc"/> (less the data-gap
    /// hours before it) on: enough for a re-derivation from any hour at or after <paramref name="changedFromUtc"/>.
    /// </summary>
    /// <param name="unit">The unit.</param>
    /// <param name="changedFromUtc">Start of the earliest hour that changed.</param>
    /// <param name="unitHealth">The health of the unit's gateways, for <see cref="DataGapAsOf"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    private async Task<AlertWork> ReadAlertsAsync(UnitEntry unit, DateTime changedFromUtc, IEnumerable<GatewayHealth> unitHealth, CancellationToken cancellationToken)
    {
        var stored = await _cache.GetAlertsAsync(unit.Unit, cancellationToken).ConfigureAwait(false);
        var from = WindowStart(stored, changedFromUtc).AddHours(-_compliance.DataGapHours);
        var hours = await _cache.GetHoursAsync(unit.Unit, from, DateTime.MaxValue, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow().UtcDateTime;
        var closedUntil = ClosedUntilUtc(now);
        return new AlertWork(unit, stored, hours, now, closedUntil, DataGapAsOf(unitHealth, now, closedUntil));
    }

    /// <summary>
    /// Up to when hours without data count toward a unit's data gaps: the closed-until hour, so that a silent gateway
    /// shows as a gap; or, while one of the unit's gateways is catching up (the last backlog it reported is above 0:
    /// records still in its journal; and it stored a new record no longer than <see cref="IngestOptions.CatchUpTimeout"/> ago),
    /// <see langword="null"/>: the end of the unit's last hour with data, because the hours after it are on their way
    /// (late, not missing). Progress is what counts (<see cref="GatewayHealth.LastAcceptedUtc"/>): a gateway that only
    /// replays records it already sent is not catching up.
    /// </summary>
    /// <param name="unitHealth">The health of the unit's gateways.</param>
    /// <param name="nowUtc">The clock.</param>
    /// <param name="closedUntilUtc">The closed-until hour.</param>
    /// <returns>The as-of time for <see cref="AlertEvaluator.Evaluate"/>.</returns>
    private DateTime? DataGapAsOf(IEnumerable<GatewayHealth> unitHealth, DateTime nowUtc, DateTime closedUntilUtc)
    {
        foreach (var gateway in unitHealth)
        {
            if (gateway.JournalBacklog > 0 && gateway.LastAcceptedUtc is { } progressed && nowUtc - progressed <= _options.CatchUpTimeout)
            {
                return null;
            }
        }

        return closedUntilUtc;
    }

    /// <summary>
    /// Where the re-derivation after a change from <paramref name="changedFromUtc"/> starts: back from it by the lookback,
    /// further back to the start of any alert that is still open or ended inside the lookback (so its start, and so its
    /// id, is re-derived whole), then to the start of that China-time month so the monthly coal figures of the coal
    /// alerts are whole. Never later for an earlier <paramref name="changedFromUtc"/>.
    /// </summary>
    private DateTime WindowStart(Dictionary<string, AlertNotice> stored, DateTime changedFromUtc)
    {
        var lookbackStart = changedFromUtc - _options.AlertLookback;
        var windowStart = lookbackStart;
        foreach (var notice in stored.Values)
        {
            if (notice.Status != "withdrawn" && (notice.EndUtc is null || notice.EndUtc >= lookbackStart) && notice.StartUtc < windowStart)
            {
                windowStart = notice.StartUtc;
            }
        }

        return ChinaTime.MonthStartUtc(ChinaTime.LocalMonth(windowStart));
    }

    /// <summary>
    /// Derives the unit's alerts from the hours read with <paramref name="changedHours"/> (this batch's results, sorted by
    /// start) in their place, and keeps every notice to store: new, changed, or withdrawn (no I/O).
    /// </summary>
    private void ComputeAlerts(AlertWork work, DateTime changedFromUtc, IReadOnlyList<CachedHour> changedHours)
    {
        var windowStart = WindowStart(work.Stored, changedFromUtc);

        // Hours just before the window could extend a data gap that starts at the window's edge; such an alert is
        // only updated when already known, never raised from the truncated view.
        var edge = windowStart.AddHours(_compliance.DataGapHours);
        var earlierFrom = windowStart.AddHours(-_compliance.DataGapHours);
        var truncated = false;
        var hours = new List<HourResult>();
        var read = work.Hours;
        int r = 0, c = 0;
        while (r < read.Count || c < changedHours.Count)
        {
            CachedHour hour;
            if (c < changedHours.Count && (r == read.Count || changedHours[c].Entry.HourStartUtc <= read[r].Entry.HourStartUtc))
            {
                hour = changedHours[c++];
                if (r < read.Count && read[r].Entry.HourStartUtc == hour.Entry.HourStartUtc)
                {
                    r++; // replaced by this batch's result
                }
            }
            else
            {
                hour = read[r++];
            }

            var (entry, result) = (hour.Entry, hour.Result);

            if (entry.HourStartUtc >= windowStart)
            {
                hours.Add(result);
            }
            else if (entry.HourStartUtc >= earlierFrom)
            {
                truncated = true;
            }
        }

        var coal = CoalAccounting.Periods(work.Unit.Profile, hours, work.AsOfUtc > windowStart ? work.AsOfUtc : windowStart, _compliance);
        var derived = AlertEvaluator.Evaluate(work.Unit.Profile, hours, coal, work.DataGapAsOfUtc, _compliance);
        var derivedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alert in derived)
        {
            derivedIds.Add(alert.Id);
            work.Stored.TryGetValue(alert.Id, out var previous);
            if (previous is null && truncated && alert.StartUtc < edge)
            {
                continue;
            }

            var notice = AlertNotice.FromEngine(alert, work.Unit.Plant, (previous?.Version ?? 0) + 1, work.NowUtc);
            if (previous is not null && previous.Status != "withdrawn" && notice.SameContentAs(previous))
            {
                continue;
            }

            work.Saves.Add((notice, notice.ToJson()));
        }

        foreach (var previous in work.Stored.Values)
        {
            if (previous.Status != "withdrawn" && !derivedIds.Contains(previous.AlertId) && previous.StartUtc >= (truncated ? edge : windowStart))
            {
                var withdrawn = previous with { Version = previous.Version + 1, Status = "withdrawn", UpdatedUtc = work.NowUtc };
                work.Saves.Add((withdrawn, withdrawn.ToJson()));
            }
        }
    }

    /// <summary>Stores the notices (with outbox deliveries) in order.</summary>
    private async Task WriteAlertsAsync(AlertWork work, ICollection<IngestNotification> notifications, CancellationToken cancellationToken)
    {
        foreach (var (notice, json) in work.Saves)
        {
            await SaveAsync(notice, json, notifications, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Tells the evaluator which minutes one <see cref="IIngestStore.AddMinutesAsync"/> call of the caller added, so that
    /// recomputing their hours need not read them back (call once per such call, also when it added none).
    /// </summary>
    /// <param name="added">The minutes the store reported added, each with its <see cref="StoredMinute.Record"/> decoded from
    /// its <see cref="StoredMinute.Readings"/>, as <see cref="IngestPipeline.Screen"/> makes them.</param>
    internal void MinutesAdded(IReadOnlyList<StoredMinute> added) => _cache.MinutesAdded(added);

    /// <summary>Raises the ingest layer's mac chain alert for a record, once.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="plant">The unit's plant.</param>
    /// <param name="minuteUtc">The record's minute.</param>
    /// <param name="detail">What broke.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The notice, or <see langword="null"/> when it was already raised.</returns>
    public async Task<AlertNotice?> RaiseMacChainBrokenAsync(string unit, string? plant, DateTime minuteUtc, string detail, CancellationToken cancellationToken)
    {
        var notifications = new List<IngestNotification>();
        var notice = await RaiseMacChainBrokenAsync(unit, plant, minuteUtc, detail, notifications, cancellationToken).ConfigureAwait(false);
        Publish(notifications);
        return notice;
    }

    /// <summary>
    /// As <see cref="RaiseMacChainBrokenAsync(string, string?, DateTime, string, CancellationToken)"/>, leaving the live-feed
    /// notification in <paramref name="notifications"/>.
    /// </summary>
    internal async Task<AlertNotice?> RaiseMacChainBrokenAsync(string unit, string? plant, DateTime minuteUtc, string detail, ICollection<IngestNotification> notifications, CancellationToken cancellationToken)
    {
        var notice = AlertNotice.MacChainBroken(unit, plant, minuteUtc, detail, _time.GetUtcNow().UtcDateTime);
        if (await _store.GetAlertAsync(unit, notice.AlertId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return null;
        }

        await SaveAsync(notice, notice.ToJson(), notifications, cancellationToken).ConfigureAwait(false);
        return notice;
    }

    /// <summary>The records of minutes[first..end) without copying.</summary>
    private readonly struct MinuteRecordSlice(IReadOnlyList<Compliance.Model.MinuteRecord> minutes, int first, int end) : IEnumerable<Compliance.Model.MinuteRecord>
    {
        public IEnumerator<Compliance.Model.MinuteRecord> GetEnumerator()
        {
            for (var i = first; i < end; i++)
            {
                yield return minutes[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private async Task SaveAsync(AlertNotice notice, string json, ICollection<IngestNotification> notifications, CancellationToken cancellationToken)
    {
        _cache.AlertWritten(await _outbox.SaveAsync(notice, json, cancellationToken).ConfigureAwait(false), notice);
        notifications.Add(new AlertChanged(notice));
    }

    private void Publish(List<IngestNotification> notifications)
    {
        foreach (var notification in notifications)
        {
            _feed.Publish(notification);
        }
    }

    /// <summary>Recomputing some hours of a unit: what was read, and the results that changed.</summary>
    private sealed class HourWork(UnitEntry unit, IReadOnlyList<DateTime> hourStartsUtc, bool close, IReadOnlyList<Compliance.Model.MinuteRecord> minutes, Dictionary<DateTime, CachedHour> existing, DateTime nowUtc)
    {
        public UnitEntry Unit { get; } = unit;
        public IReadOnlyList<DateTime> HourStartsUtc { get; } = hourStartsUtc;
        public bool Close { get; } = close;
        public IReadOnlyList<Compliance.Model.MinuteRecord> Minutes { get; } = minutes;
        public Dictionary<DateTime, CachedHour> Existing { get; } = existing;
        public DateTime NowUtc { get; } = nowUtc;
        /// <summary>The results that changed, each with its payload decoded (what the store gives back once written).</summary>
        public List<CachedHour> Changed { get; } = [];
        public List<bool> Revised { get; } = [];
    }

    /// <summary>Re-deriving a unit's alerts: its stored alerts (in store order) and hours, and the notices to store.</summary>
    private sealed class AlertWork(UnitEntry unit, Dictionary<string, AlertNotice> stored, List<CachedHour> hours, DateTime nowUtc, DateTime asOfUtc, DateTime? dataGapAsOfUtc)
    {
        public UnitEntry Unit { get; } = unit;
        public Dictionary<string, AlertNotice> Stored { get; } = stored;
        public List<CachedHour> Hours { get; } = hours;
        public DateTime NowUtc { get; } = nowUtc;
        /// <summary>The closed-until hour: which calendar months of coal are closed.</summary>
        public DateTime AsOfUtc { get; } = asOfUtc;
        /// <summary>Up to when hours without data count toward a data gap (<see cref="DataGapAsOf"/>).</summary>
        public DateTime? DataGapAsOfUtc { get; } = dataGapAsOfUtc;
        /// <summary>The notices to store, in order, each with its JSON (made in the parallel round).</summary>
        public List<(AlertNotice Notice, string Json)> Saves { get; } = [];
    }
}
