using System.Globalization;
using EmissionEdge.Cli.CommandLine;

namespace EmissionEdge.Cli.Bench;

/// <summary>
/// <c>emissionedge bench server</c>: measures the local server end to end (<see cref="ServerBench"/>): records/s from the
/// first PUBLISH to the last PUBACK with every record verified stored, and the latency of an exceedance alert from the
/// PUBACK of the record that completes the hour to the regulator's webhook.
/// </summary>
public sealed class ServerBenchCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "bench server";

    /// <inheritdoc />
    public string Summary => "Measure the local server end to end: records/s through TLS MQTT into SQLite, and alert latency to a webhook.";

    /// <inheritdoc />
    public CommandSpec Spec { get; } = new(
        [
            new OptionSpec("--gateways", "<n>", "Gateways publishing at once, one MQTT connection and one unit each (default 50)."),
            new OptionSpec("--records", "<m>", "Minute records per gateway (default 1200)."),
            new OptionSpec("--batch", "<b>", "Records per message: 1 = live telemetry, 60 = catch-up batches of an hour (default 60)."),
            new OptionSpec("--alert-samples", "<k>", "Exceedance alerts whose latency is measured, one after another (default 10; 0: none)."),
            new OptionSpec("--warmup", "<w>", "Records per gateway published first, twice, by as many gateways of other units, not counted, so the server runs optimized code (default: --records; 0: none)."),
            new OptionSpec("--hour-close-samples", "<h>", "Hour boundaries whose data-gap alerts are timed from the hour becoming closable to the webhook, on a second server with a clock 600 times real time (default 0: none)."),
            new OptionSpec("--data", "<dir>", "Data directory of the server (default: a new temporary directory, deleted afterwards)."),
        ],
        [],
        """
        Starts the real server (MQTT over TLS on a free port, SQLite on disk with synchronous=FULL, hour closing and alert
        delivery at their defaults) and a local webhook receiver, connects the gateways with their SAS tokens (MQTT 3.1.1,
        QoS 1, one message in flight per gateway), publishes, then counts every record in the store.
        Alert latency: per sample a further gateway publishes 59 compliant minutes of the last full hour as one batch,
        then the 60th minute alone with an SO2 that takes the hour over its limit; latency = that PUBACK -> the
        exceedance's signed POST at the webhook receiver.
        Every message is built before the clock starts (the clients only send); the warm-up round runs the same shape on
        units of its own first, twice, each time waiting until the runtime compiles no more methods, so the figure is of a
        server running optimized code (the report counts the methods still compiled during the run).
        Hour closing (--hour-close-samples): a second server whose clock runs 600 times real time gets one hour of data
        from each of --gateways units, which then stay silent; at each hour end + grace period on that clock every
        pollutant of every unit opens or lengthens a data-gap alert. Latency = the real moment the server clock reached
        the boundary -> the first and the last of those signed POSTs at the webhook receiver.

        Exit codes: 0 measured; 1 a record was not stored or an alert did not arrive; 2 bad usage.
        """);

    /// <inheritdoc />
    public async Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        var problems = new List<string>();
        var gateways = Count(arguments, "--gateways", 50, 1, problems);
        var records = Count(arguments, "--records", 1200, 1, problems);
        var batch = Count(arguments, "--batch", 60, 1, problems);
        var samples = Count(arguments, "--alert-samples", 10, 0, problems);
        var warmup = Count(arguments, "--warmup", records, 0, problems);
        var hourCloseSamples = Count(arguments, "--hour-close-samples", 0, 0, problems);
        if (batch > 500)
        {
            problems.Add($"--batch '{batch}': at most 500 records per message (a message must stay under 256 KB)");
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: {problem}");
            }

            return ExitCodes.BadInput;
        }

        var temporary = arguments.Value("--data") is null;
        var data = arguments.Value("--data") ?? Path.Combine(Path.GetTempPath(), "ee-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await new ServerBench(new ServerBenchSettings(gateways, records, batch, samples, Path.GetFullPath(data), warmup, hourCloseSamples)).RunAsync(console.Out, cancellationToken);
            await console.Out.WriteLineAsync(Report(result, Environment.ProcessorCount));
            return ExitCodes.Success;
        }
        catch (InvalidOperationException e)
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: {e.Message}");
            return ExitCodes.Findings;
        }
        finally
        {
            if (temporary)
            {
                try
                {
                    Directory.Delete(data, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    /// <summary>The figures as printed.</summary>
    internal static string Report(ServerBenchResult result, int processors)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"records {result.Records}, messages {result.Messages}, first PUBLISH -> last PUBACK {result.Elapsed.TotalSeconds:0.000} s: {result.RecordsPerSecond:0} records/s ({processors} cores, load average {LoadAverage()}; {result.MethodsCompiledDuringRun} methods compiled during the run)"
            + $"\nprocess CPU during the run {result.ProcessorTime.TotalSeconds:0.000} s ({result.ProcessorTime / result.Elapsed:0.00} cores busy): {result.ProcessorTime.TotalMicroseconds / result.Records:0.0} µs CPU per record");
        if (result.AlertLatencies.Count > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $"\nalert latency (PUBACK of the hour's last minute -> webhook POST), {LatencySummary(result.AlertLatencies)}");
        }

        if (result.HourCloseLatencies is { Count: > 0 } closing)
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $"\nhour-close alert latency (hour end + grace on the server clock -> webhook POST), {closing.Count} boundaries of {closing[0].Alerts} data-gap alerts: first POST {LatencySummary(closing.Select(s => s.First).ToArray())}; last POST {LatencySummary(closing.Select(s => s.Last).ToArray())}");
        }

        return text;
    }

    /// <summary>"N samples: median …, p95 …, max …" of latencies.</summary>
    internal static string LatencySummary(IReadOnlyList<TimeSpan> latencies)
    {
        var sorted = latencies.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"{sorted.Length} samples: median {Percentile(sorted, 0.5).TotalMilliseconds:0} ms, p95 {Percentile(sorted, 0.95).TotalMilliseconds:0} ms, max {sorted[^1].TotalMilliseconds:0} ms");
    }

    /// <summary>Nearest-rank percentile of an ascending list.</summary>
    internal static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static int Count(ParsedArguments arguments, string option, int fallback, int minimum, List<string> problems)
    {
        var text = arguments.Value(option);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum)
        {
            problems.Add($"{option} '{text}' is not a whole number of at least {minimum}");
            return fallback;
        }

        return value;
    }
}
