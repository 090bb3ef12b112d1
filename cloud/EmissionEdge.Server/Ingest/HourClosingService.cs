using System.Diagnostics;
using System.Threading.Channels;
using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Evaluation;
using EmissionEdge.Ingest.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmissionEdge.Server.Ingest;

/// <summary>Timer settings of <see cref="HourClosingService"/>.</summary>
public sealed class HourClosingOptions
{
    /// <summary>Time between runs (real time, whatever clock the pipeline uses; the hour boundaries are on the pipeline's clock).</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The local server's timer (the Functions app's CloseHours and DeliverAlerts): closes hours past their grace period with
/// the ingest layer's <see cref="HourCloser"/> (which also re-derives alerts, so a silent gateway becomes a data-gap
/// alert), then sends due alert deliveries with <see cref="AlertDispatcher"/> (regulator webhooks, log).
/// </summary>
/// <remarks>
/// <para>It runs every <see cref="HourClosingOptions.Every"/>, and also right when the closed boundary moves (an hour's end
/// plus the grace period on the pipeline's clock), so an hour is closed and its alerts re-derived at that moment rather
/// than up to a period later. Late data keeps the ingest layer's semantics: a minute for a closed hour revises it.</para>
/// <para>An alert the pipeline stores while ingesting telemetry (<see cref="AlertChanged"/> on its feed) is delivered at
/// once, not at the next period.</para>
/// <para>Hour closing is serialized with telemetry through <see cref="PipelineGate"/>; delivery runs outside it (it only
/// reads and updates outbox rows, each store call atomic), so a slow webhook never holds up ingest. Only this service
/// delivers, one run at a time.</para>
/// </remarks>
public sealed partial class HourClosingService : BackgroundService, IObserver<IngestNotification>
{
    /// <summary>Past the boundary by this much before closing, so the clock has surely moved past it.</summary>
    private static readonly TimeSpan BoundaryMargin = TimeSpan.FromMilliseconds(20);

    private readonly HourCloser _closer;
    private readonly AlertDispatcher _dispatcher;
    private readonly PipelineGate _gate;
    private readonly IngestPipeline _pipeline;
    private readonly UnitEvaluator _evaluator;
    private readonly TimeSpan _grace;
    private readonly TimeProvider _time;
    private readonly HourClosingOptions _options;
    private readonly ILogger<HourClosingService> _logger;
    private readonly Channel<bool> _alertsStored = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Creates the service.</summary>
    /// <param name="closer">Closes hours.</param>
    /// <param name="dispatcher">Delivers alerts.</param>
    /// <param name="gate">Serializes pipeline work.</param>
    /// <param name="pipeline">The ingest pipeline, whose feed announces alerts stored while ingesting.</param>
    /// <param name="evaluator">Knows the closed boundary.</param>
    /// <param name="ingestOptions">The grace period.</param>
    /// <param name="time">The pipeline's clock.</param>
    /// <param name="options">The period.</param>
    /// <param name="logger">The logger.</param>
    public HourClosingService(HourCloser closer, AlertDispatcher dispatcher, PipelineGate gate, IngestPipeline pipeline, UnitEvaluator evaluator,
        IOptions<IngestOptions> ingestOptions, TimeProvider time, IOptions<HourClosingOptions> options, ILogger<HourClosingService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ingestOptions);
        _closer = closer;
        _dispatcher = dispatcher;
        _gate = gate;
        _pipeline = pipeline;
        _evaluator = evaluator;
        _grace = ingestOptions.Value.HourGracePeriod;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Runs hour closing and alert delivery once (also what the timer does).</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Hours closed and the delivery result.</returns>
    public async Task<(int Closed, DispatchResult Delivery)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var closed = await _gate.RunAsync(_closer.CloseDueHoursAsync, cancellationToken).ConfigureAwait(false);
        var delivery = await _dispatcher.DeliverDueAsync(cancellationToken).ConfigureAwait(false);
        return (closed, delivery);
    }

    /// <summary>
    /// How long until the closed boundary (<see cref="UnitEvaluator.ClosedUntilUtc"/>) moves past
    /// <paramref name="closedUntilUtc"/>: its next hour's end plus the grace period, on the pipeline's clock; zero when it
    /// already has.
    /// </summary>
    private TimeSpan UntilBoundaryAfter(DateTime closedUntilUtc)
    {
        var next = closedUntilUtc.AddHours(1) + _grace;
        var left = next - _time.GetUtcNow().UtcDateTime;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <inheritdoc />
    void IObserver<IngestNotification>.OnNext(IngestNotification value)
    {
        if (value is AlertChanged)
        {
            _alertsStored.Writer.TryWrite(true);
        }
    }

    /// <inheritdoc />
    void IObserver<IngestNotification>.OnError(Exception error)
    {
    }

    /// <inheritdoc />
    void IObserver<IngestNotification>.OnCompleted()
    {
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = _pipeline.Feed.Subscribe(this);
        var lastClosing = long.MinValue;
        DateTime? closedUntil = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                _alertsStored.Reader.TryRead(out _); // this run delivers what was stored so far
                DispatchResult delivery;
                if (closedUntil != _evaluator.ClosedUntilUtc() || Stopwatch.GetElapsedTime(lastClosing) >= _options.Every)
                {
                    lastClosing = Stopwatch.GetTimestamp();
                    closedUntil = _evaluator.ClosedUntilUtc();
                    (_, delivery) = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    delivery = await _dispatcher.DeliverDueAsync(stoppingToken).ConfigureAwait(false);
                }

                more = delivery.Delivered > 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The next run tries again; nothing is lost (hours stay open, deliveries stay due).
                LogFailed(ex);
            }

            // Deliveries beyond one dispatch batch go out at once; otherwise wait for the period, the boundary or an alert.
            // The boundary is the one after the last closed one this loop ran for, not after the clock's current one: the
            // clock may have crossed a boundary during this run (a run that took long, a timer that fired a little early
            // and then a delivery), and waiting for the boundary after that would close this hour one hour late.
            var boundary = UntilBoundaryAfter(closedUntil ?? DateTime.MinValue);
            if (!more && boundary > TimeSpan.Zero)
            {
                await WaitAsync(_options.Every - Stopwatch.GetElapsedTime(lastClosing), boundary + BoundaryMargin, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits for <paramref name="period"/> of real time or <paramref name="boundary"/> on the pipeline's clock, whichever
    /// ends first, or less when the pipeline stored an alert, or until stopping. The boundary is waited for with a timer of
    /// the pipeline's <see cref="TimeProvider"/>, so a simulated, accelerated clock (<c>serve --time-scale</c>) closes the
    /// hour when its own time reaches the boundary, not after the same span of real time.
    /// </summary>
    private async Task WaitAsync(TimeSpan period, TimeSpan boundary, CancellationToken stoppingToken)
    {
        if (period <= TimeSpan.Zero)
        {
            return;
        }

        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task[] waits =
        [
            _alertsStored.Reader.WaitToReadAsync(wake.Token).AsTask(),
            Task.Delay(period, wake.Token),
            Task.Delay(boundary, _time, wake.Token),
        ];
        await Task.WhenAny(waits).ConfigureAwait(false);
        await wake.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(waits).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the others, or stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hour closing or alert delivery failed; retrying on the next run")]
    private partial void LogFailed(Exception exception);
}
