using Microsoft.Extensions.Logging;

namespace EmissionEdge.Cli.CommandLine;

/// <summary>
/// Writes log messages of long-running commands (<c>gateway run</c>, <c>emulate</c>) as status lines to the command's
/// standard error: <c>2026-03-15T01:00:03Z info  gateway gw-hil-01: …</c> (real UTC time).
/// </summary>
/// <param name="writer">Where lines go (the command's <see cref="CliConsole.Error"/>).</param>
/// <param name="minimumLevel">Lower levels are dropped.</param>
public sealed class CliLoggerProvider(TextWriter writer, LogLevel minimumLevel = LogLevel.Information) : ILoggerProvider
{
    private readonly object _sync = new();

    private LogLevel MinimumLevel => minimumLevel;

    /// <summary>A logger factory writing to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where lines go.</param>
    /// <param name="minimumLevel">Lower levels are dropped.</param>
    /// <returns>The factory; dispose it with the command.</returns>
    public static ILoggerFactory CreateFactory(TextWriter writer, LogLevel minimumLevel = LogLevel.Information)
    {
        var factory = new LoggerFactory();
        factory.AddProvider(new CliLoggerProvider(writer, minimumLevel));
        return factory;
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void Write(LogLevel level, string message, Exception? exception)
    {
        string label = level switch
        {
            LogLevel.Trace => "trace",
            LogLevel.Debug => "debug",
            LogLevel.Information => "info ",
            LogLevel.Warning => "warn ",
            LogLevel.Error => "error",
            _ => "crit ",
        };
        lock (_sync)
        {
            writer.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {label} {message}{(exception is null ? string.Empty : $": {exception.Message}")}");
            writer.Flush();
        }
    }

    private sealed class Logger(CliLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider.MinimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, formatter(state, exception), exception);
            }
        }
    }
}
