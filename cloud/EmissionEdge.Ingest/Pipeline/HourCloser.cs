using EmissionEdge.Ingest.Evaluation;
using EmissionEdge.Ingest.Storage;
using Microsoft.Extensions.Logging;

namespace EmissionEdge.Ingest.Pipeline;

/// <summary>
/// Closes hours past their grace period (<see cref="IngestOptions.HourGracePeriod"/>): recomputes each open hour from
/// its final minutes, marks it closed, and re-derives every unit's alerts as of the closed boundary, so a gateway that
/// went silent shows up as a data gap. Run it on a timer (Functions CloseHours, or the local server).
/// </summary>
public sealed partial class HourCloser
{
    private readonly IIngestStore _store;
    private readonly IUnitCatalog _units;
    private readonly UnitEvaluator _evaluator;
    private readonly ILogger<HourCloser> _logger;
    private DateTime _lastFullPass;

    /// <summary>Creates the closer.</summary>
    /// <param name="store">The store.</param>
    /// <param name="units">Unit profiles.</param>
    /// <param name="evaluator">The engine runner.</param>
    /// <param name="logger">The logger.</param>
    public HourCloser(IIngestStore store, IUnitCatalog units, UnitEvaluator evaluator, ILogger<HourCloser> logger)
    {
        _store = store;
        _units = units;
        _evaluator = evaluator;
        _logger = logger;
    }

    /// <summary>Closes every due hour and re-derives alerts.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The number of hours closed.</returns>
    public async Task<int> CloseDueHoursAsync(CancellationToken cancellationToken)
    {
        var closedUntil = _evaluator.ClosedUntilUtc();
        var open = await _store.GetOpenHoursAsync(closedUntil, cancellationToken).ConfigureAwait(false);
        var closed = 0;
        var earliest = new Dictionary<string, DateTime>(StringComparer.Ordinal);

        // GetOpenHoursAsync bounds the start (and orders by unit, then start); the hour must also have ended.
        foreach (var group in open.Where(h => h.HourStartUtc.AddHours(1) <= closedUntil).GroupBy(h => h.Unit, StringComparer.Ordinal))
        {
            if (_units.Find(group.Key) is not { } unit)
            {
                continue;
            }

            var hours = group.Select(h => h.HourStartUtc).ToArray();
            await _evaluator.RecomputeHoursAsync(unit, hours, close: true, cancellationToken).ConfigureAwait(false);
            closed += hours.Length;
            earliest[unit.Unit] = hours[0];
        }

        // Units with closed hours are re-derived every run. Every unit (silent ones too, whose data gap grows) is
        // re-derived when the closed boundary moved to a new hour since this instance last did so.
        var everyUnit = closedUntil != _lastFullPass;
        foreach (var unit in _units.All)
        {
            if (earliest.TryGetValue(unit.Unit, out var first) || everyUnit)
            {
                await _evaluator.ReconcileAlertsAsync(unit, earliest.ContainsKey(unit.Unit) ? first : closedUntil, cancellationToken).ConfigureAwait(false);
            }
        }

        _lastFullPass = closedUntil;

        LogClosed(closed, closedUntil);
        return closed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} hours ending by {ClosedUntilUtc:o}")]
    private partial void LogClosed(int count, DateTime closedUntilUtc);
}
