using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Pipeline;
using Microsoft.Azure.Functions.Worker;

namespace EmissionEdge.Functions.Functions;

/// <summary>Timer functions: close hours past their grace period, and retry alert deliveries.</summary>
public sealed class Timers
{
    private readonly HourCloser _closer;
    private readonly AlertDispatcher _dispatcher;

    /// <summary>Creates the functions.</summary>
    /// <param name="closer">Closes hours.</param>
    /// <param name="dispatcher">Sends due alert deliveries.</param>
    public Timers(HourCloser closer, AlertDispatcher dispatcher)
    {
        _closer = closer;
        _dispatcher = dispatcher;
    }

    /// <summary>Every 5 minutes: closes hours past their grace period, re-derives alerts, sends them.</summary>
    /// <param name="timer">The timer.</param>
    /// <param name="context">The invocation context.</param>
    /// <returns>The number of hours closed.</returns>
    [Function("CloseHours")]
    public async Task<int> CloseHoursAsync([TimerTrigger("0 */5 * * * *")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var closed = await _closer.CloseDueHoursAsync(context.CancellationToken).ConfigureAwait(false);
        await _dispatcher.DeliverDueAsync(context.CancellationToken).ConfigureAwait(false);
        return closed;
    }

    /// <summary>Every minute: sends alert deliveries that are due (first attempts and backoff retries).</summary>
    /// <param name="timer">The timer.</param>
    /// <param name="context">The invocation context.</param>
    /// <returns>The dispatch result.</returns>
    [Function("DeliverAlerts")]
    public Task<DispatchResult> DeliverAlertsAsync([TimerTrigger("30 * * * * *")] TimerInfo timer, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _dispatcher.DeliverDueAsync(context.CancellationToken);
    }
}
