using Microsoft.Extensions.Logging;

namespace EmissionEdge.Ingest.Alerts;

/// <summary>Writes every alert notice to the log (warning level), so operators see alerts even without subscribers.</summary>
public sealed partial class LogAlertSink : IAlertSink
{
    private readonly ILogger<LogAlertSink> _logger;

    /// <summary>Creates the sink.</summary>
    /// <param name="logger">The logger.</param>
    public LogAlertSink(ILogger<LogAlertSink> logger) => _logger = logger;

    /// <inheritdoc />
    public string Name => "log";

    /// <inheritdoc />
    public bool Accepts(AlertNotice notice) => true;

    /// <inheritdoc />
    public Task DeliverAsync(AlertNotice notice, string body, int attempt, CancellationToken cancellationToken)
    {
        LogAlert(notice.Unit, notice.Kind, notice.Pollutant ?? "-", notice.Status, notice.AlertId, notice.Version, body);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Unit} {Kind} {Pollutant} {Status} (id {AlertId} v{Version}): {Body}")]
    private partial void LogAlert(string unit, string kind, string pollutant, string status, string alertId, int version, string body);
}
