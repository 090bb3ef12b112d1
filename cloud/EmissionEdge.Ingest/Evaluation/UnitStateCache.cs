using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Time;
using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Storage;

namespace EmissionEdge.Ingest.Evaluation;

/// <summary>
/// Each unit's latest stored minutes, hour results and alerts as <see cref="UnitEvaluator"/> last read or wrote them, so
/// that the hour recompute after every batch does not read the hour's minutes back, and the alert re-derivation does not
/// read the unit's month of hours and every one of its alerts back from the store.
/// </summary>
/// <remarks>
/// <para>The store stays the truth. What the cache holds is what reading the store would give: minutes decoded from
/// their stored readings (<see cref="MinuteRecordCodec.DecodeReadings"/>) in the store's order (minute, then seq, then
/// arrival), the stored hour entry and alert payloads decoded from the stored text (<see cref="HourResultCodec.Decode"/>,
/// <see cref="AlertNotice.FromJson"/>). It is used only while the store's <see cref="StoreChangeStamp"/> is the one the
/// cache expects, the stamp it last read plus the writes it was told of since (<see cref="MinutesAdded"/>,
/// <see cref="HoursWritten"/>, <see cref="AlertWritten"/>). Anything
/// else empties it and the next call reads the store again: another process or connection committed, a unit of work
/// rolled back (its writes, already in the cache, are undone), an hour or alert was written by someone else, or a write
/// failed. A store that gives no stamp (Table Storage, written by several Functions instances) is always read.</para>
/// <para>Each call of <see cref="UnitEvaluator"/> starts with <see cref="CheckAsync"/>. Bounded: at most
/// <see cref="MaxUnits"/> units (emptied when full), per unit its latest <see cref="MaxHoursPerUnit"/> hours and
/// <see cref="MaxMinutesPerUnit"/> minute records; older ones are read from the store when a call needs them.</para>
/// <para>Safe to call from several threads, but only calls that do not overlap see a consistent unit (the pipeline runs
/// one unit of work at a time; SQLite units of work hold the store).</para>
/// </remarks>
internal sealed class UnitStateCache
{
    /// <summary>Most units kept; a further unit empties the cache.</summary>
    public const int MaxUnits = 256;

    /// <summary>Most hours kept per unit (50 days: a month of coal figures plus the alert lookback).</summary>
    public const int MaxHoursPerUnit = 1_200;

    /// <summary>Most minute records kept per unit (six hours of one gateway); trimmed to whole hours.</summary>
    public const int MaxMinutesPerUnit = 360;

    /// <summary>The store's order of a unit's alerts: by start, then by id (ordinal, as SQLite compares text).</summary>
    private static readonly Comparer<(DateTime StartUtc, string AlertId)> StoreOrder = Comparer<(DateTime StartUtc, string AlertId)>.Create(
        static (a, b) => a.StartUtc != b.StartUtc ? a.StartUtc.CompareTo(b.StartUtc) : string.CompareOrdinal(a.AlertId, b.AlertId));

    private readonly object _sync = new();
    private readonly Dictionary<string, UnitState> _units = new(StringComparer.Ordinal);
    private readonly IIngestStore _store;
    private readonly HourResultCodec _codec;
    private readonly PayloadCache<AlertNotice> _notices = new(capacity: 20_000);
    private StoreChangeStamp? _expected;
    private bool _enabled;
    private long _generation; // raised whenever the cache is emptied: a read that started before then is not kept

    /// <summary>Creates an empty cache over <paramref name="store"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="codec">Decodes stored hour payloads.</param>
    public UnitStateCache(IIngestStore store, HourResultCodec codec)
    {
        _store = store;
        _codec = codec;
    }

    /// <summary>Reads the store's stamp and empties the cache unless it is the one expected.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var stamp = await _store.GetChangeStampAsync(cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            if (stamp is null || stamp != _expected)
            {
                Clear();
            }

            _expected = stamp;
            _enabled = stamp is not null;
        }
    }

    /// <summary>A unit's minute records in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), ordered by minute then seq.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="fromUtc">Inclusive start.</param>
    /// <param name="toUtc">Exclusive end.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The records (a list of the caller's own).</returns>
    public async Task<IReadOnlyList<MinuteRecord>> GetMinuteRecordsAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        long generation;
        lock (_sync)
        {
            if (!_enabled)
            {
                generation = -1;
            }
            else if (StateOf(unit) is var state && fromUtc >= state.MinutesFrom)
            {
                return state.MinuteSlice(fromUtc, toUtc);
            }
            else
            {
                // Only a unit with no minutes kept starts keeping them here; earlier minutes of a kept unit are read only.
                generation = state.MinutesFrom == DateTime.MaxValue ? _generation : -1;
            }
        }

        if (generation >= 0)
        {
            var loaded = await _store.GetMinutesAsync(unit, fromUtc, DateTime.MaxValue, cancellationToken).ConfigureAwait(false);
            lock (_sync)
            {
                if (_generation == generation && StateOf(unit) is var state && state.MinutesFrom == DateTime.MaxValue)
                {
                    state.Minutes.AddRange(loaded.Select(m => new CachedMinute(m.Record.MinuteUtc, m.Seq, m.Record)));
                    state.MinutesFrom = fromUtc;
                    var slice = state.MinuteSlice(fromUtc, toUtc);
                    state.TrimMinutes();
                    return slice;
                }
            }
        }

        return await _store.GetMinuteRecordsAsync(unit, fromUtc, toUtc, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A unit's hours starting in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), ordered by start.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="fromUtc">Inclusive start.</param>
    /// <param name="toUtc">Exclusive end.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The hours, each with its decoded payload (a list of the caller's own).</returns>
    public async Task<List<CachedHour>> GetHoursAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        DateTime loadTo;
        long generation;
        lock (_sync)
        {
            if (!_enabled)
            {
                loadTo = DateTime.MinValue;
            }
            else if (StateOf(unit) is var state && fromUtc >= state.HoursFrom)
            {
                return state.HourSlice(fromUtc, toUtc);
            }
            else
            {
                loadTo = state.HoursFrom; // read from fromUtc up to what is kept, so that everything from fromUtc on is kept
            }

            generation = _generation;
        }

        if (loadTo != DateTime.MinValue)
        {
            var loaded = await ReadHoursAsync(unit, fromUtc, loadTo, cancellationToken).ConfigureAwait(false);
            lock (_sync)
            {
                if (_generation == generation && StateOf(unit) is var state && state.HoursFrom == loadTo)
                {
                    foreach (var hour in loaded)
                    {
                        state.Hours[hour.Entry.HourStartUtc] = hour;
                    }

                    state.HoursFrom = fromUtc;
                    var slice = state.HourSlice(fromUtc, toUtc);
                    state.TrimHours();
                    return slice;
                }
            }
        }

        return await ReadHoursAsync(unit, fromUtc, toUtc, cancellationToken).ConfigureAwait(false); // not kept, or emptied meanwhile
    }

    /// <summary>A unit's alerts except <see cref="AlertNotice.MacChainBrokenKind"/> ones, by id.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The latest stored version of each, enumerating in the store's order (start, then id); a dictionary of
    /// the caller's own.</returns>
    public async Task<Dictionary<string, AlertNotice>> GetAlertsAsync(string unit, CancellationToken cancellationToken)
    {
        long generation;
        lock (_sync)
        {
            if (_enabled && StateOf(unit).Alerts is { } kept)
            {
                var copy = new Dictionary<string, AlertNotice>(kept.Count, StringComparer.Ordinal);
                foreach (var notice in kept.Values)
                {
                    copy.Add(notice.AlertId, notice);
                }

                return copy;
            }

            generation = _generation;
        }

        var stored = await _store.GetAlertsAsync(unit, DateTime.MinValue, DateTime.MaxValue, cancellationToken).ConfigureAwait(false);
        var alerts = stored
            .Where(a => a.Kind != AlertNotice.MacChainBrokenKind)
            .ToDictionary(a => a.AlertId, a => _notices.GetOrParse(a.Payload, AlertNotice.FromJson), StringComparer.Ordinal);
        lock (_sync)
        {
            if (_enabled && _generation == generation)
            {
                var kept = new SortedDictionary<(DateTime StartUtc, string AlertId), AlertNotice>(StoreOrder);
                foreach (var notice in alerts.Values)
                {
                    kept[(notice.StartUtc, notice.AlertId)] = notice;
                }

                StateOf(unit).Alerts = kept;
            }
        }

        return alerts;
    }

    /// <summary>Records the minutes one <see cref="IIngestStore.AddMinutesAsync"/> call has just added (not its duplicates).</summary>
    /// <param name="added">The minutes added, in the order given to the store, each with its <see cref="StoredMinute.Record"/>
    /// decoded from its <see cref="StoredMinute.Readings"/> (as <see cref="Pipeline.IngestPipeline.Screen"/> makes them), so
    /// that it is what the store gives back.</param>
    public void MinutesAdded(IReadOnlyList<StoredMinute> added)
    {
        lock (_sync)
        {
            _expected = _expected?.AfterOwnWrite();
            if (!_enabled)
            {
                return;
            }

            foreach (var minute in added)
            {
                var record = minute.Record;
                if (_units.TryGetValue(record.Unit, out var state) && record.MinuteUtc >= state.MinutesFrom)
                {
                    state.InsertMinute(new CachedMinute(record.MinuteUtc, minute.Seq, record));
                    state.TrimMinutes(); // only this unit grew; later minutes of the batch below the new bound are not kept
                }
            }
        }
    }

    /// <summary>Records hours the caller has just written to the store (one <see cref="IIngestStore.UpsertHoursAsync"/> call).</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="hours">The entries written, each with its payload decoded (<see cref="HourResultCodec.Decode"/>).</param>
    public void HoursWritten(string unit, IReadOnlyList<CachedHour> hours)
    {
        lock (_sync)
        {
            _expected = _expected?.AfterOwnWrite();
            if (!_enabled || !_units.TryGetValue(unit, out var state))
            {
                return;
            }

            foreach (var hour in hours)
            {
                if (hour.Entry.HourStartUtc >= state.HoursFrom)
                {
                    state.Hours[hour.Entry.HourStartUtc] = hour;
                }
            }

            state.TrimHours();
        }
    }

    /// <summary>Records an alert version the caller has just written to the store (one <see cref="IIngestStore.SaveAlertAsync"/> call).</summary>
    /// <param name="alert">The entry written.</param>
    /// <param name="notice">The notice whose JSON is <paramref name="alert"/>'s payload.</param>
    public void AlertWritten(AlertEntry alert, AlertNotice notice)
    {
        // The notice is what reading its payload back gives when its times are UTC (JSON keeps strings, numbers and the
        // ticks of a UTC time exactly, and reads a time written with 'Z' back as UTC); otherwise the payload is parsed.
        if (notice.StartUtc.Kind == DateTimeKind.Utc && notice.UpdatedUtc.Kind == DateTimeKind.Utc && notice.EndUtc is null or { Kind: DateTimeKind.Utc })
        {
            _notices.Remember(alert.Payload, notice);
        }

        lock (_sync)
        {
            _expected = _expected?.AfterOwnWrite();
            if (_enabled && alert.Kind != AlertNotice.MacChainBrokenKind && _units.TryGetValue(alert.Unit, out var state) && state.Alerts is { } alerts)
            {
                alerts[(alert.StartUtc, alert.AlertId)] = _notices.GetOrParse(alert.Payload, AlertNotice.FromJson);
            }
        }
    }

    private async Task<List<CachedHour>> ReadHoursAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        (await _store.GetHoursAsync(unit, fromUtc, toUtc, cancellationToken).ConfigureAwait(false))
            .Select(h => new CachedHour(h, _codec.Decode(h.Payload)))
            .ToList();

    /// <summary>The state of <paramref name="unit"/>, created when missing (emptying the cache when it is full).</summary>
    private UnitState StateOf(string unit)
    {
        if (_units.TryGetValue(unit, out var state))
        {
            return state;
        }

        if (_units.Count >= MaxUnits)
        {
            Clear();
        }

        state = new UnitState();
        _units[unit] = state;
        return state;
    }

    private void Clear()
    {
        _units.Clear();
        _generation++;
    }

    /// <summary>What is kept of one unit.</summary>
    private sealed class UnitState
    {
        /// <summary>Every stored hour of the unit starting at or after this is in <see cref="Hours"/>.</summary>
        public DateTime HoursFrom = DateTime.MaxValue;

        /// <summary>The kept hours by start.</summary>
        public SortedList<DateTime, CachedHour> Hours { get; } = [];

        /// <summary>Every stored minute record of the unit at or after this is in <see cref="Minutes"/>.</summary>
        public DateTime MinutesFrom = DateTime.MaxValue;

        /// <summary>The kept minute records, in the store's order: minute, then seq, then arrival.</summary>
        public List<CachedMinute> Minutes { get; } = [];

        /// <summary>Every alert of the unit but mac chain ones, in the store's order; <see langword="null"/> until read.</summary>
        public SortedDictionary<(DateTime StartUtc, string AlertId), AlertNotice>? Alerts;

        public List<CachedHour> HourSlice(DateTime fromUtc, DateTime toUtc)
        {
            var keys = Hours.Keys;
            var values = Hours.Values;
            var slice = new List<CachedHour>();
            for (var i = LowerBound(keys.Count, i => keys[i], fromUtc); i < keys.Count && keys[i] < toUtc; i++)
            {
                slice.Add(values[i]);
            }

            return slice;
        }

        public List<MinuteRecord> MinuteSlice(DateTime fromUtc, DateTime toUtc)
        {
            var slice = new List<MinuteRecord>();
            for (var i = FirstMinuteAtOrAfter(fromUtc); i < Minutes.Count && Minutes[i].MinuteUtc < toUtc; i++)
            {
                slice.Add(Minutes[i].Record);
            }

            return slice;
        }

        /// <summary>Inserts after every kept record of an earlier or equal (minute, seq), as the store orders them.</summary>
        public void InsertMinute(CachedMinute minute)
        {
            var i = Minutes.Count;
            while (i > 0 && (Minutes[i - 1].MinuteUtc > minute.MinuteUtc || (Minutes[i - 1].MinuteUtc == minute.MinuteUtc && Minutes[i - 1].Seq > minute.Seq)))
            {
                i--; // records mostly arrive in order: the place is at or near the end
            }

            Minutes.Insert(i, minute);
        }

        /// <summary>Drops whole hours of the oldest minutes beyond <see cref="MaxMinutesPerUnit"/> (down to two thirds of it).</summary>
        public void TrimMinutes()
        {
            if (Minutes.Count <= MaxMinutesPerUnit)
            {
                return;
            }

            var keepFrom = Minutes[Minutes.Count - MaxMinutesPerUnit * 2 / 3].MinuteUtc;
            var hourStart = ChinaTime.HourStartUtc(keepFrom);
            var first = FirstMinuteAtOrAfter(hourStart);
            Minutes.RemoveRange(0, first);
            MinutesFrom = hourStart;
        }

        private int FirstMinuteAtOrAfter(DateTime value) => LowerBound(Minutes.Count, i => Minutes[i].MinuteUtc, value);

        /// <summary>Drops the oldest hours beyond <see cref="MaxHoursPerUnit"/> (down to three quarters of it).</summary>
        public void TrimHours()
        {
            if (Hours.Count <= MaxHoursPerUnit)
            {
                return;
            }

            while (Hours.Count > MaxHoursPerUnit * 3 / 4)
            {
                Hours.RemoveAt(0);
            }

            HoursFrom = Hours.Keys[0];
        }

        /// <summary>The first index in [0, <paramref name="count"/>) whose time is not before <paramref name="value"/> (times ascending).</summary>
        private static int LowerBound(int count, Func<int, DateTime> timeAt, DateTime value)
        {
            int lo = 0, hi = count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (timeAt(mid) < value)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }
}

/// <summary>A stored minute record with the keys the store orders it by.</summary>
/// <param name="MinuteUtc">The minute.</param>
/// <param name="Seq">The record's seq.</param>
/// <param name="Record">The record, decoded from its stored readings.</param>
internal sealed record CachedMinute(DateTime MinuteUtc, long Seq, MinuteRecord Record);

/// <summary>A stored hour result with its payload decoded.</summary>
/// <param name="Entry">The stored entry.</param>
/// <param name="Result">Its payload, decoded.</param>
internal sealed record CachedHour(HourResultEntry Entry, HourResult Result);
