using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EmissionEdge.Emulator.Serving;

/// <summary>
/// A virtual serial cable on one machine: two pseudo-terminals joined by <c>socat</c> (Debian package <c>socat</c>,
/// installed by <c>.ci/install-prerequisites</c>). Bytes written to one end are read at the other, through the kernel's
/// tty layer, as with a USB-RS485 adapter pair; the emulator opens one end and the gateway (or any Modbus master) the
/// other. Line speed is not emulated.
/// </summary>
public sealed partial class SocatPtyPair : IDisposable
{
    private readonly Process _socat;

    private SocatPtyPair(Process socat, string first, string second)
    {
        _socat = socat;
        First = first;
        Second = second;
    }

    /// <summary>One end, e.g. <c>/dev/pts/3</c>.</summary>
    public string First { get; }

    /// <summary>The other end.</summary>
    public string Second { get; }

    /// <summary>Starts socat and waits until both pseudo-terminals exist.</summary>
    /// <param name="timeout">How long to wait (5 s by default).</param>
    /// <returns>The pair.</returns>
    /// <exception cref="InvalidOperationException">socat is not installed or did not create the pair; the message says how to install it.</exception>
    public static SocatPtyPair Start(TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("socat")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0" })
        {
            start.ArgumentList.Add(argument);
        }

        Process socat;
        try
        {
            socat = Process.Start(start) ?? throw new InvalidOperationException("socat did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"socat is needed for virtual serial links and is not installed ({e.Message}): run .ci/install-prerequisites (or apt-get install socat)", e);
        }

        var ends = new List<string>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        var output = new System.Text.StringBuilder();
        while (ends.Count < 2 && DateTime.UtcNow < deadline)
        {
            var read = socat.StandardError.ReadLineAsync();
            if (!read.Wait(deadline - DateTime.UtcNow) || read.Result is null)
            {
                break;
            }

            output.AppendLine(read.Result);
            var match = PtyLine().Match(read.Result);
            if (match.Success)
            {
                ends.Add(match.Groups[1].Value);
            }
        }

        if (ends.Count < 2)
        {
            try
            {
                socat.Kill();
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            socat.Dispose();
            throw new InvalidOperationException($"socat did not create a pseudo-terminal pair: {output}");
        }

        // Keep draining socat's diagnostics so it never blocks on a full pipe.
        _ = socat.StandardError.ReadToEndAsync();
        return new SocatPtyPair(socat, ends[0], ends[1]);
    }

    /// <summary>Stops socat; both ends vanish.</summary>
    public void Dispose()
    {
        try
        {
            if (!_socat.HasExited)
            {
                _socat.Kill();
                _socat.WaitForExit(2000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _socat.Dispose();
    }

    [GeneratedRegex(@"PTY is (\S+)")]
    private static partial Regex PtyLine();
}
