using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EmissionEdge.Fuzzing.Running;

/// <summary>
/// CPU time of the calling thread (Linux: <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), so that an input's time does not
/// count the time other processes of a shared machine held the CPU. Elsewhere it falls back to wall time.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Whether the time is the thread's CPU time (else wall time).</summary>
    public static bool IsCpuTime { get; } = OperatingSystem.IsLinux() && TryRead(out _);

    /// <summary>Microseconds of CPU time the calling thread has used (or a wall-clock timestamp in microseconds).</summary>
    public static double NowMicroseconds() =>
        IsCpuTime && TryRead(out var microseconds) ? microseconds : Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1_000_000.0);

    private static bool TryRead(out double microseconds)
    {
        try
        {
            if (clock_gettime(ClockThreadCpuTimeId, out var time) == 0)
            {
                microseconds = (time.Seconds * 1_000_000.0) + (time.Nanoseconds / 1000.0);
                return true;
            }
        }
        catch (DllNotFoundException)
        {
        }
        catch (EntryPointNotFoundException)
        {
        }

        microseconds = 0;
        return false;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
