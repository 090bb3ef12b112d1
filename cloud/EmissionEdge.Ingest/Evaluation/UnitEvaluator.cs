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
public sealed class UnitEvaluator
{
    private readonly IIngestStore _store;
    private readonly HourResultCodec _codec;
    private readonly AlertOutbox _outbox;
    private readonly IngestFeed _feed;
    private readonly IngestOptions _options;
    private readonly ComplianceOptions _compliance;
    private readonly TimeProvider _time;
    private readonly PayloadCache<AlertNotice> _notices = new(capacity: 20_000);

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
    }

    /// <summary>
    /// The hour boundary up to which hours are final: hours ending at or before it are closed by CloseHours, and
    /// alerts are evaluated as of it (so a silent gateway shows as a data gap).
    /// </summary>
    /// <returns>A UTC hour start.</returns>
    public DateTime ClosedUntilUtc() => ChinaTime.HourStartUtc(_time.GetUtcNow().UtcDateTime - _options.HourGracePeriod);

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

        var from = hourStartsUtc[0];
        var to = hourStartsUtc[^1].AddHours(1);
        var minutes = await _store.GetMinuteRecordsAsync(unit.Unit, from, to, cancellationToken).ConfigureAwait(false);
        var existing = (await _store.GetHoursAsync(unit.Unit, from, to, cancellationToken).ConfigureAwait(false))
            .ToDictionary(h => h.HourStartUtc);
        var changed = new List<HourResultEntry>();
        var revisedFlags = new List<bool>();
        var now = _time.GetUtcNow().UtcDateTime;
        var index = 0;
        foreach (var hourStart in hourStartsUtc)
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
            var result = HourAggregator.Aggregate(unit.Profile, hourStart, records, _compliance);
            var payload = _codec.Encode(result);
            existing.TryGetValue(hourStart, out var old);
            var closed = close || old?.Closed == true;
            if (old is not null && old.Closed == closed && string.Equals(old.Payload, payload, StringComparison.Ordinal))
            {
                continue;
            }

            var revised = old is { Closed: true } && result.IsRevisionOf(_codec.Decode(old.Payload));
            changed.Add(new HourResultEntry(unit.Unit, hourStart, payload, result.MinutesReceived, (old?.Revision ?? 0) + (revised ? 1 : 0), closed, now));
            revisedFlags.Add(revised);
        }

        if (changed.Count > 0)
        {
            await _store.UpsertHoursAsync(changed, cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < changed.Count; i++)
        {
            notifications.Add(new HourEvaluated(changed[i], revisedFlags[i]));
        }

        return changed;
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
        var now = _time.GetUtcNow().UtcDateTime;
        var asOf = ClosedUntilUtc();
        var stored = (await _store.GetAlertsAsync(unit.Unit, DateTime.MinValue, DateTime.MaxValue, cancellationToken).ConfigureAwait(false))
            .Where(a => a.Kind != AlertNotice.MacChainBrokenKind)
            .ToDictionary(a => a.AlertId, a => _notices.GetOrParse(a.Payload, AlertNotice.FromJson), StringComparer.Ordinal);

        // Window: back from the changed hour by the lookback, further back to the start of any alert that is still
        // open or ended inside the lookback (so its start, and so its id, is re-derived whole), then to the start of
        // that China-time month so the monthly coal figures of the coal alerts are whole.
        var windowStart = changedFromUtc - _options.AlertLookback;
        foreach (var notice in stored.Values)
        {
            if (notice.Status != "withdrawn" && (notice.EndUtc is null || notice.EndUtc >= windowStart) && notice.StartUtc < windowStart)
            {
                windowStart = notice.StartUtc;
            }
        }

        windowStart = ChinaTime.MonthStartUtc(ChinaTime.LocalMonth(windowStart));
        var hours = (await _store.GetHoursAsync(unit.Unit, windowStart, DateTime.MaxValue, cancellationToken).ConfigureAwait(false))
            .Select(h => _codec.Decode(h.Payload))
            .ToList();

        // Hours just before the window could extend a data gap that starts at the window's edge; such an alert is
        // only updated when already known, never raised from the truncated view.
        var edge = windowStart.AddHours(_compliance.DataGapHours);
        var earlier = await _store.GetHoursAsync(unit.Unit, windowStart.AddHours(-_compliance.DataGapHours), windowStart, cancellationToken).ConfigureAwait(false);
        var truncated = earlier.Count > 0;

        var coal = CoalAccounting.Periods(unit.Profile, hours, asOf > windowStart ? asOf : windowStart, _compliance);
        var derived = AlertEvaluator.Evaluate(unit.Profile, hours, coal, asOf, _compliance);
        var saved = new List<AlertNotice>();
        var derivedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alert in derived)
        {
            derivedIds.Add(alert.Id);
            stored.TryGetValue(alert.Id, out var previous);
            if (previous is null && truncated && alert.StartUtc < edge)
            {
                continue;
            }

            var notice = AlertNotice.FromEngine(alert, unit.Plant, (previous?.Version ?? 0) + 1, now);
            if (previous is not null && previous.Status != "withdrawn" && notice.SameContentAs(previous))
            {
                continue;
            }

            await SaveAsync(notice, saved, notifications, cancellationToken).ConfigureAwait(false);
        }

        foreach (var previous in stored.Values)
        {
            if (previous.Status != "withdrawn" && !derivedIds.Contains(previous.AlertId) && previous.StartUtc >= (truncated ? edge : windowStart))
            {
                var withdrawn = previous with { Version = previous.Version + 1, Status = "withdrawn", UpdatedUtc = now };
                await SaveAsync(withdrawn, saved, notifications, cancellationToken).ConfigureAwait(false);
            }
        }

        return saved;
    }

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

        await SaveAsync(notice, [], notifications, cancellationToken).ConfigureAwait(false);
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

    private async Task SaveAsync(AlertNotice notice, List<AlertNotice> saved, ICollection<IngestNotification> notifications, CancellationToken cancellationToken)
    {
        await _outbox.SaveAsync(notice, cancellationToken).ConfigureAwait(false);
        saved.Add(notice);
        notifications.Add(new AlertChanged(notice));
    }

    private void Publish(List<IngestNotification> notifications)
    {
        foreach (var notification in notifications)
        {
            _feed.Publish(notification);
        }
    }
}
