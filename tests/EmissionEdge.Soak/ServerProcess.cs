using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace EmissionEdge.Soak;

/// <summary>
/// <c>emissionedge serve --config … --time-scale … --start … --time-anchor …</c> as a separate OS process, so it can be
/// killed with SIGKILL (a crash: no clean-up, no flush) or stopped with SIGTERM (a clean stop) and started again on the
/// same simulated timeline. Its output goes to a log file; the ports it listens on are read from its banner.
/// </summary>
public sealed partial class ServerProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamWriter _log;

    private ServerProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    /// <summary>The broker's TLS port (from the banner).</summary>
    public int MqttPort { get; private set; }

    /// <summary>The development CA certificate the gateways must trust (from the banner).</summary>
    public string? CaCertificatePath { get; private set; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the server and waits until its banner says where it listens.</summary>
    /// <param name="launcher">How to start <c>emissionedge</c>.</param>
    /// <param name="configPath">The plant configuration.</param>
    /// <param name="timeline">The simulated timeline (start, real anchor, scale).</param>
    /// <param name="logPath">Where its output goes (appended).</param>
    /// <param name="timeout">Real time to wait for the banner.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException">It exited or printed no banner in time; the message holds the log's end.</exception>
    public static async Task<ServerProcess> StartAsync(ServerLauncher launcher, string configPath, SoakTimeline timeline, string logPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(timeline);
        var start = new ProcessStartInfo(launcher.FileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in launcher.LeadingArguments.Concat([
            "serve", "--config", configPath,
            "--time-scale", timeline.Scale.ToString("R", CultureInfo.InvariantCulture),
            "--start", timeline.Start.ToString("O", CultureInfo.InvariantCulture),
            "--time-anchor", timeline.RealAnchor.ToString("O", CultureInfo.InvariantCulture),
        ]))
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"---- {DateTimeOffset.UtcNow:O} start: {launcher.FileName} {string.Join(' ', start.ArgumentList)}").ConfigureAwait(false);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process, log);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._ready.TrySetResult(false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var ready = await server._ready.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        if (!ready || server.MqttPort == 0 || server.CaCertificatePath is null)
        {
            server.Kill();
            server.Dispose();
            throw new InvalidOperationException($"the server did not start (see {logPath})");
        }

        return server;
    }

    /// <summary>SIGKILL: the process ends at once, without closing the database or the broker.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM and wait: the server stops cleanly (broker, ingest, outbox, database).</summary>
    /// <param name="timeout">Real time to wait before killing it.</param>
    /// <returns>The exit code, or <see langword="null"/> when it had to be killed.</returns>
    public async Task<int?> StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return _process.ExitCode;
        }

        _ = SendSignal(_process.Id, SigTerm);
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Kill();
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.WaitForExit();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.BaseStream.CanWrite)
            {
                _log.WriteLine(line);
            }
        }

        if (MqttPattern().Match(line) is { Success: true } mqtt)
        {
            MqttPort = int.Parse(mqtt.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        }
        else if (CaPattern().Match(line) is { Success: true } ca)
        {
            CaCertificatePath = ca.Groups[1].Value.Trim();
        }
        else if (line.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal))
        {
            _ready.TrySetResult(true);
        }
    }

    [GeneratedRegex(@"^\s*MQTT over TLS\s+\S+:(\d+)")]
    private static partial Regex MqttPattern();

    [GeneratedRegex(@"^\s*CA certificate\s+(.+)$")]
    private static partial Regex CaPattern();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
