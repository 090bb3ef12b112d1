using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmissionEdge.Server.Ingest;

/// <summary>Timer settings of <see cref="HourClosingService"/>.</summary>
public sealed class HourClosingOptions
{
    /// <summary>Time between runs (real time, whatever clock the pipeline uses).</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The local server's timer (the Functions app's CloseHours and DeliverAlerts): closes hours past their grace period with
/// the ingest layer's <see cref="HourCloser"/> (which also re-derives alerts, so a silent gateway becomes a data-gap
/// alert), then sends due alert deliveries with <see cref="AlertDispatcher"/> (regulator webhooks, log). One run at a
/// time, serialized with telemetry through <see cref="PipelineGate"/>.
/// </summary>
public sealed partial class HourClosingService : BackgroundService
{
    private readonly HourCloser _closer;
    private readonly AlertDispatcher _dispatcher;
    private readonly PipelineGate _gate;
    private readonly HourClosingOptions _options;
    private readonly ILogger<HourClosingService> _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="closer">Closes hours.</param>
    /// <param name="dispatcher">Delivers alerts.</param>
    /// <param name="gate">Serializes pipeline work.</param>
    /// <param name="options">The period.</param>
    /// <param name="logger">The logger.</param>
    public HourClosingService(HourCloser closer, AlertDispatcher dispatcher, PipelineGate gate, IOptions<HourClosingOptions> options, ILogger<HourClosingService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _closer = closer;
        _dispatcher = dispatcher;
        _gate = gate;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Runs hour closing and alert delivery once (also what the timer does).</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Hours closed and the delivery result.</returns>
    public Task<(int Closed, DispatchResult Delivery)> RunOnceAsync(CancellationToken cancellationToken) =>
        _gate.RunAsync(async ct =>
        {
            var closed = await _closer.CloseDueHoursAsync(ct).ConfigureAwait(false);
            var delivery = await _dispatcher.DeliverDueAsync(ct).ConfigureAwait(false);
            return (closed, delivery);
        }, cancellationToken);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Every);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; nothing is lost (hours stay open, deliveries stay due).
                LogFailed(ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hour closing or alert delivery failed; retrying on the next tick")]
    private partial void LogFailed(Exception exception);
}
