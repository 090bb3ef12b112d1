using System.Diagnostics;
using CsCheck;

namespace EmissionEdge.Fuzzing.Running;

/// <summary>
/// Runs a target on <see cref="FuzzOptions.Count"/> generated inputs, one at a time on a worker thread watched for
/// hangs, counting accepted and rejected inputs, rejection reasons and the slowest input (time per input is the worker
/// thread's CPU time on Linux, so a busy shared machine does not make inputs look slow; the hang watch is wall time). Stops at the first crash,
/// broken promise, slow input or hang, with the input saved to a file.
/// </summary>
public static class FuzzRunner
{
    /// <summary>Runs a target.</summary>
    /// <param name="target">The target.</param>
    /// <param name="options">Count, seed, time bounds, where failing inputs go.</param>
    /// <param name="cancellationToken">Stops the run early (the report covers the inputs run so far).</param>
    /// <returns>The report; <see cref="FuzzReport.Failure"/> tells whether the run found a problem.</returns>
    public static FuzzReport Run(FuzzTarget target, FuzzOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var report = new FuzzReport(target.Name, options.Seed);
        var run = new WorkerState();
        var clock = Stopwatch.StartNew();
        var worker = new Thread(() => Work(target, options, report, run, cancellationToken), 16 * 1024 * 1024)
        {
            IsBackground = true,
            Name = $"fuzz {target.Name}",
        };
        worker.Start();

        long lastIndex = -1;
        var lastProgress = Stopwatch.StartNew();
        while (!worker.Join(100))
        {
            var index = Volatile.Read(ref run.Index);
            if (index != lastIndex)
            {
                lastIndex = index;
                lastProgress.Restart();
            }
            else if (lastProgress.Elapsed > options.HangLimit)
            {
                // The worker is stuck in the component; it cannot be aborted, so leave it and report the input.
                run.Stop = true;
                var stuck = Volatile.Read(ref run.Current)!;
                report.Failure = Fail(target, options, FuzzFailureKind.Hang, index, stuck,
                    $"no answer after {options.HangLimit.TotalSeconds:0} s");
                break;
            }
        }

        report.Elapsed = clock.Elapsed;
        return report;
    }

    /// <summary>Saves a failing input next to a description of the failure.</summary>
    private static FuzzFailure Fail(FuzzTarget target, FuzzOptions options, FuzzFailureKind kind, long index, FuzzCase input, string message)
    {
        Directory.CreateDirectory(options.FailureDirectory);
        var path = Path.Combine(options.FailureDirectory, $"{target.Name}-seed{options.Seed}-input{index}.bin");
        File.WriteAllBytes(path, input.Bytes);
        File.WriteAllText(Path.ChangeExtension(path, ".txt"),
            $"target: {target.Name}\nseed: {options.Seed}\ninput: #{index}\norigin: {input.Origin}\nfailure: {kind}\n{message}\n");
        return new FuzzFailure(kind, index, input.Origin, message, path);
    }

    private static void Work(FuzzTarget target, FuzzOptions options, FuzzReport report, WorkerState run, CancellationToken cancellationToken)
    {
        var cases = target.Cases;
        for (long i = 0; i < options.Count && !run.Stop && !cancellationToken.IsCancellationRequested; i++)
        {
            // One random stream per input: input #i of a seed is the same whatever ran before it.
            var generating = ThreadCpuClock.NowMicroseconds();
            FuzzCase input;
            try
            {
                input = cases.Generate(new PCG(0, Mix(options.Seed, i)), null, out _);
            }
            catch (Exception e)
            {
                // A bug of the fuzzer itself, not of the component: stop and say so.
                report.Failure = Fail(target, options, FuzzFailureKind.Generator, i, new FuzzCase([], "generator"), e.ToString());
                return;
            }


            Volatile.Write(ref run.Current, input);
            Volatile.Write(ref run.Index, i);
            var started = ThreadCpuClock.NowMicroseconds();
            FuzzOutcome outcome;
            try
            {
                outcome = target.Execute(input);
            }
            catch (FuzzPropertyException e)
            {
                report.Failure = Fail(target, options, FuzzFailureKind.Property, i, input, e.Message);
                return;
            }
            catch (Exception e)
            {
                report.Failure = Fail(target, options, FuzzFailureKind.Crash, i, input, e.ToString());
                return;
            }

            var microseconds = ThreadCpuClock.NowMicroseconds() - started;
            if (run.Stop)
            {
                return;
            }

            report.Count(i, input, outcome, microseconds, started - generating);
            if (microseconds > options.PerInputLimit.TotalMicroseconds)
            {
                report.Failure = Fail(target, options, FuzzFailureKind.Slow, i, input,
                    $"took {microseconds / 1000:0} ms, more than the bound of {options.PerInputLimit.TotalMilliseconds:0} ms");
                return;
            }
        }
    }

    /// <summary>SplitMix64 of the seed and the input number.</summary>
    private static ulong Mix(ulong seed, long index)
    {
        var z = seed * 0x9E3779B97F4A7C15UL + (ulong)index + 1;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private sealed class WorkerState
    {
        public long Index = -1;
        public FuzzCase? Current;
        public volatile bool Stop;
    }
}
