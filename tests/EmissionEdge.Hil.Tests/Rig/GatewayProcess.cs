using System.Collections.Concurrent;
using System.Diagnostics;

namespace EmissionEdge.Hil.Tests.Rig;

/// <summary><c>emissionedge gateway run</c> as a separate process, with its status lines collected.</summary>
internal sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;

    private GatewayProcess(Process process) => _process = process;

    public ConcurrentQueue<string> Lines { get; } = new();

    public static GatewayProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "emissionedge.dll"));
        start.ArgumentList.Add("gateway");
        start.ArgumentList.Add("run");
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        var gateway = new GatewayProcess(process);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) gateway.Lines.Enqueue(e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) gateway.Lines.Enqueue(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return gateway;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits until <paramref name="count"/> lines containing <paramref name="text"/> were printed.</summary>
    public async Task WaitForLinesAsync(string text, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Lines.Count(l => l.Contains(text, StringComparison.Ordinal)) < count)
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gateway process: no {count} lines with '{text}' ({(_process.HasExited ? $"exited {_process.ExitCode}" : "timeout")}):\n{string.Join("\n", Lines)}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>SIGKILL: no clean-up, no flush, as a power cut to the process.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }
}
