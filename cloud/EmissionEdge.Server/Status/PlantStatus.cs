using System.Collections.Concurrent;
using EmissionEdge.Compliance;
using EmissionEdge.Compliance.Coal;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Compliance.Standardization;
using EmissionEdge.Compliance.Time;
using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Evaluation;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Server.Alerts;
using EmissionEdge.Server.Configuration;

namespace EmissionEdge.Server.Status;

/// <summary>
/// Builds what the API and the dashboard show from the ingest store: unit states, hours, minutes, alerts and gateway
/// health. Every number comes from the compliance engine (hour results as stored, <see cref="MinuteStandardizer"/> for
/// minutes, <see cref="CoalAccounting"/> for the month to date); this class only selects and labels.
/// </summary>
public sealed class PlantStatus
{
    /// <summary>A gateway heard from within this is online.</summary>
    public static readonly TimeSpan OnlineWithin = TimeSpan.FromMinutes(3);

    /// <summary>A gateway heard from within this (but not <see cref="OnlineWithin"/>) is late; older is offline.</summary>
    public static readonly TimeSpan LateWithin = TimeSpan.FromMinutes(15);

    private static readonly Pollutant[] AllPollutants = [Pollutant.Dust, Pollutant.SO2, Pollutant.NOx];

    private readonly IIngestStore _store;
    private readonly IUnitCatalog _units;
    private readonly HourResultCodec _codec;
    private readonly ComplianceOptions _compliance;
    private readonly AcknowledgementStore _acknowledgements;
    private readonly PlantConfig _config;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, MinuteStandardizer> _standardizers = new(StringComparer.Ordinal);

    /// <summary>Creates the service.</summary>
    /// <param name="store">The ingest store.</param>
    /// <param name="units">The units.</param>
    /// <param name="codec">Hour payload codec.</param>
    /// <param name="compliance">Engine options.</param>
    /// <param name="acknowledgements">Alert acknowledgements.</param>
    /// <param name="config">The plant configuration (gateways, plant id).</param>
    /// <param name="time">The server clock.</param>
    public PlantStatus(IIngestStore store, IUnitCatalog units, HourResultCodec codec, ComplianceOptions compliance, AcknowledgementStore acknowledgements, PlantConfig config, TimeProvider time)
    {
        _store = store;
        _units = units;
        _codec = codec;
        _compliance = compliance;
        _acknowledgements = acknowledgements;
        _config = config;
        _time = time;
    }

    /// <summary>The server's current time (UTC).</summary>
    public DateTime NowUtc => _time.GetUtcNow().UtcDateTime;

    /// <summary>Finds a unit.</summary>
    /// <param name="unit">The id.</param>
    /// <returns>The unit or null.</returns>
    public UnitEntry? Find(string unit) => _units.Find(unit);

    /// <summary>The state of one unit: judged on the last full hour, plus the month-to-date coal rate.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The view.</returns>
    public async Task<UnitView> GetUnitAsync(UnitEntry unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var now = NowUtc;
        var profile = unit.Profile;
        var judgedStart = ChinaTime.HourStartUtc(now).AddHours(-1);
        var monthStart = ChinaTime.MonthStartUtc(ChinaTime.LocalMonth(now));
        var from = monthStart < judgedStart ? monthStart : judgedStart;
        var entries = await _store.GetHoursAsync(unit.Unit, from, judgedStart.AddHours(2), cancellationToken).ConfigureAwait(false);
        var judged = entries.FirstOrDefault(h => h.HourStartUtc == judgedStart);
        var hours = entries.Where(h => h.HourStartUtc >= monthStart).Select(h => _codec.Decode(h.Payload)).ToList();
        var coal = CoalAccounting.Periods(profile, hours, now, _compliance)
            .FirstOrDefault(p => p.Kind == CoalPeriodKind.Month && p.FirstMonth == ChinaTime.LocalMonth(now));
        var coalView = coal is null || coal.Hours == 0
            ? null
            : new CoalMonthView(coal.Period, coal.NetGcePerKwh, coal.Limit, coal.Exceeds, coal.Hours, coal.HoursWithoutLhv, coal.StandardCoalTonnes, coal.NetKwh);

        var judgedView = judged is null ? null : ToView(judged);
        var (state, text) = Judge(judgedView, judgedStart, coalView);
        var alerts = await _store.GetAlertsAsync(unit.Unit, DateTime.MinValue, DateTime.MaxValue, cancellationToken).ConfigureAwait(false);
        var open = alerts.Select(a => AlertNotice.FromJson(a.Payload)).Count(IsOpen);
        var lastMinute = (await _store.GetMinutesAsync(unit.Unit, now.AddHours(-6), now.AddMinutes(5), cancellationToken).ConfigureAwait(false))
            .Select(m => (DateTime?)m.Record.MinuteUtc).LastOrDefault();
        var today = ChinaTime.LocalDate(now);
        return new UnitView(
            unit.Unit,
            unit.Plant ?? _config.Plant,
            profile.Class == UnitClass.New ? "new" : "existing",
            profile.O2ReferencePercent,
            AllPollutants.ToDictionary(Pollutants.Name, p => profile.LimitOn(p, today)),
            profile.EffectiveCoalLimit,
            state,
            text,
            judgedView,
            coalView,
            open,
            _config.Gateways.Where(g => g.Unit == unit.Unit).Select(g => g.Id).ToArray(),
            lastMinute,
            now);
    }

    /// <summary>A unit's minutes in [from, to), standardized.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="fromUtc">Start.</param>
    /// <param name="toUtc">End.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The minutes, oldest first; of two records of one minute the later seq.</returns>
    public async Task<IReadOnlyList<MinuteView>> GetMinutesAsync(UnitEntry unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var minutes = await _store.GetMinutesAsync(unit.Unit, fromUtc, toUtc, cancellationToken).ConfigureAwait(false);
        return minutes
            .GroupBy(m => m.Record.MinuteUtc)
            .Select(g => ToView(g.MaxBy(m => m.Seq)!))
            .ToArray();
    }

    /// <summary>A unit's hours in [from, to).</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="fromUtc">Start.</param>
    /// <param name="toUtc">End.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The hours, oldest first.</returns>
    public async Task<IReadOnlyList<HourView>> GetHoursAsync(UnitEntry unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var hours = await _store.GetHoursAsync(unit.Unit, fromUtc, toUtc, cancellationToken).ConfigureAwait(false);
        return hours.Select(ToView).ToArray();
    }

    /// <summary>The alerts of some units, newest first, with acknowledgements.</summary>
    /// <param name="units">The units.</param>
    /// <param name="openOnly">Only open alerts.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The alerts.</returns>
    public async Task<IReadOnlyList<AlertView>> GetAlertsAsync(IReadOnlyCollection<string> units, bool openOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(units);
        var acknowledgements = await _acknowledgements.GetAsync(units, cancellationToken).ConfigureAwait(false);
        var views = new List<AlertView>();
        foreach (var unit in units.Order(StringComparer.Ordinal))
        {
            foreach (var entry in await _store.GetAlertsAsync(unit, DateTime.MinValue, DateTime.MaxValue, cancellationToken).ConfigureAwait(false))
            {
                var view = ToView(AlertNotice.FromJson(entry.Payload), acknowledgements.GetValueOrDefault(entry.AlertId));
                if (!openOnly || view.Open)
                {
                    views.Add(view);
                }
            }
        }

        return views.OrderByDescending(v => v.Open).ThenByDescending(v => v.StartUtc).ThenBy(v => v.Unit, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Finds one alert among some units.</summary>
    /// <param name="units">The units the caller may see.</param>
    /// <param name="alertId">The alert id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The alert, or null when none of the units has it.</returns>
    public async Task<AlertEntry?> FindAlertAsync(IReadOnlyCollection<string> units, string alertId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(units);
        foreach (var unit in units)
        {
            if (await _store.GetAlertAsync(unit, alertId, cancellationToken).ConfigureAwait(false) is { } alert)
            {
                return alert;
            }
        }

        return null;
    }

    /// <summary>The configured gateways of some units with their health.</summary>
    /// <param name="units">The units.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The gateways, by id.</returns>
    public async Task<IReadOnlyList<GatewayView>> GetGatewaysAsync(IReadOnlyCollection<string> units, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(units);
        var now = NowUtc;
        var views = new List<GatewayView>();
        foreach (var gateway in _config.Gateways.Where(g => units.Contains(g.Unit)).OrderBy(g => g.Id, StringComparer.Ordinal))
        {
            var health = await _store.GetHealthAsync(gateway.Id, cancellationToken).ConfigureAwait(false);
            if (health is null)
            {
                views.Add(new GatewayView(gateway.Id, gateway.Unit, "never-seen", null, null, null, null, null, null, 0, 0, 0));
                continue;
            }

            var silence = now - health.LastSeenUtc;
            var state = silence <= OnlineWithin ? "online" : silence <= LateWithin ? "late" : "offline";
            views.Add(new GatewayView(gateway.Id, gateway.Unit, state, health.LastSeenUtc, health.LastSeq, health.LastMinuteUtc,
                health.JournalBacklog, health.ClockSkewSeconds, health.FirmwareVersion, health.RecordsAccepted, health.DuplicatesAbsorbed, health.RecordsRejected));
        }

        return views;
    }

    /// <summary>The view of a stored hour.</summary>
    /// <param name="entry">The stored hour.</param>
    /// <returns>The view.</returns>
    public HourView ToView(HourResultEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var hour = _codec.Decode(entry.Payload);
        var pollutants = new Dictionary<string, PollutantHourView>(StringComparer.Ordinal);
        foreach (var pollutant in AllPollutants)
        {
            var p = hour[pollutant];
            if (p.Measured)
            {
                pollutants[Pollutants.Name(pollutant)] = new PollutantHourView(p.Valid, p.ValidMinutes, DataFlags.Letter(p.Flag).ToString(),
                    FlagText(p.Flag), p.Average, p.CorrectedAverage, p.Limit, p.Exceeds);
            }
        }

        var coal = hour.Coal;
        return new HourView(entry.Unit, entry.HourStartUtc, hour.LocalStart, entry.Closed, entry.Revision, hour.MinutesReceived, pollutants,
            new CoalHourView(coal.RawCoalTonnes, coal.StandardCoalTonnes, coal.GrossKwh, coal.AuxKwh));
    }

    /// <summary>The view of a stored minute, standardized with the unit's profile.</summary>
    /// <param name="minute">The stored minute.</param>
    /// <returns>The view.</returns>
    public MinuteView ToView(StoredMinute minute)
    {
        ArgumentNullException.ThrowIfNull(minute);
        var record = minute.Record;
        var pollutants = new Dictionary<string, MinutePollutantView>(StringComparer.Ordinal);
        if (_units.Find(record.Unit) is { } unit)
        {
            var standardizer = _standardizers.GetOrAdd(unit.Unit, _ => new MinuteStandardizer(unit.Profile));
            foreach (var pollutant in AllPollutants)
            {
                var s = standardizer.Standardize(record, pollutant);
                if (s.IsPresent)
                {
                    pollutants[Pollutants.Name(pollutant)] = s.Counts
                        ? new MinutePollutantView(s.DryStandard, s.Corrected, DataFlags.Letter(s.Flag).ToString(), true)
                        : new MinutePollutantView(null, null, DataFlags.Letter(s.Flag).ToString(), false);
                }
            }
        }

        var o2 = record[Channel.O2];
        return new MinuteView(record.Unit, record.MinuteUtc, minute.Device, minute.Seq, pollutants, o2.IsPresent && o2.HasValue ? o2.Average : null);
    }

    /// <summary>The view of an alert notice.</summary>
    /// <param name="notice">The notice.</param>
    /// <param name="acknowledgement">Its acknowledgement, if any.</param>
    /// <returns>The view.</returns>
    public static AlertView ToView(AlertNotice notice, Acknowledgement? acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new AlertView(notice.AlertId, notice.Version, notice.Status, notice.Unit, notice.Kind, notice.Pollutant, notice.StartUtc, notice.EndUtc,
            notice.Peak, notice.Count, notice.Detail, notice.UpdatedUtc, IsOpen(notice),
            acknowledgement is null ? null : new AcknowledgementView(acknowledgement.Version, acknowledgement.By, acknowledgement.AtUtc, acknowledgement.Note));
    }

    /// <summary>Words for an HJ 212 flag.</summary>
    /// <param name="flag">The flag.</param>
    /// <returns>E.g. <c>calibration</c>.</returns>
    public static string FlagText(DataFlag flag) => flag switch
    {
        DataFlag.N => "normal",
        DataFlag.F => "unit stopped",
        DataFlag.M => "maintenance",
        DataFlag.S => "manually set value",
        DataFlag.D => "instrument fault",
        DataFlag.C => "calibration",
        DataFlag.T => "above instrument range",
        DataFlag.B => "communication failure / no data",
        _ => flag.ToString(),
    };

    private static bool IsOpen(AlertNotice notice) => notice.EndUtc is null && notice.Status != "withdrawn";

    private static (string State, string Text) Judge(HourView? hour, DateTime judgedStartUtc, CoalMonthView? coal)
    {
        var hourLabel = ChinaTime.ToLocal(judgedStartUtc).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        if (hour is not null)
        {
            var exceeding = hour.Pollutants.Where(p => p.Value.Exceeds).ToArray();
            if (exceeding.Length > 0)
            {
                return ("exceeding", "Exceeding: " + string.Join(", ", exceeding.Select(p => $"{p.Key} {p.Value.CorrectedAverage} > {p.Value.Limit} mg/m³")) + $" in the {hourLabel} hour");
            }

            var invalid = hour.Pollutants.Where(p => !p.Value.Valid).ToArray();
            if (invalid.Length > 0)
            {
                var reasons = invalid
                    .GroupBy(p => (p.Value.ValidMinutes, p.Value.FlagText))
                    .Select(g => $"{string.Join(", ", g.Select(p => p.Key))} {g.Key.ValidMinutes}/60 valid minutes ({g.Key.FlagText})");
                return ("invalid", $"Invalid {hourLabel} hour: {string.Join("; ", reasons)}");
            }
        }

        if (hour is null || hour.Pollutants.Count == 0)
        {
            return ("no-data", $"No data for the {hourLabel} hour");
        }

        if (coal is { Exceeds: true })
        {
            return ("coal-over-limit", $"Net coal {coal.NetGcePerKwh} gce/kWh this month, limit {coal.Limit}");
        }

        return ("compliant", $"Compliant in the {hourLabel} hour");
    }
}
