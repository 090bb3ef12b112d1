using System.Globalization;
using System.Text.RegularExpressions;
using EmissionEdge.Cli.Bench;
using EmissionEdge.Cli.CommandLine;

namespace EmissionEdge.Cli.Tests.Bench;

public sealed partial class ServerBenchCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApplication.RunAsync(args, new CliConsole(TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr)), CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Bench_server_publishes_through_the_real_server_counts_every_record_stored_and_times_the_alerts()
    {
        var data = Directory.CreateTempSubdirectory("ee-bench-");
        var (code, stdout, stderr) = await Run("bench", "server", "--gateways", "3", "--records", "130", "--batch", "60", "--alert-samples", "2", "--data", data.FullName);

        Assert.True(code == ExitCodes.Success, stderr + stdout);
        // 3 gateways × 130 records in messages of 60, 60 and 10: 390 records, 9 messages, all found in the store.
        Assert.Matches(RecordsLine(), stdout);
        Assert.Contains("records 390, messages 9,", stdout, StringComparison.Ordinal);
        Assert.Contains("alert of A01:", stdout, StringComparison.Ordinal);
        Assert.Contains("alert latency (PUBACK of the hour's last minute -> webhook POST), 2 samples: median ", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data.FullName, "emissionedge.db")));
        // Two warm-up rounds of 3 gateways × 130 records on units of their own, not counted; the CPU of the run.
        Assert.Equal(2, Regex.Matches(stdout, @"warm-up \(not counted\): 390 records on 3 other units").Count);
        Assert.Matches(@"process CPU during the run \d+\.\d{3} s \(\d+\.\d\d cores busy\): \d+\.\d µs CPU per record", stdout);
        data.Delete(recursive: true);
    }

    [Fact]
    public async Task Bench_server_times_the_data_gap_alerts_of_each_hour_boundary_on_an_accelerated_server_clock()
    {
        // 2 units with one hour of data, then silent: at each of 2 boundaries (hour end + grace on a 600x clock, 6 s apart)
        // each unit's SO2, NOx and Dust open, then lengthen, a data-gap alert: 6 signed POSTs per boundary.
        var data = Directory.CreateTempSubdirectory("ee-bench-");
        var (code, stdout, stderr) = await Run("bench", "server", "--gateways", "2", "--records", "60", "--alert-samples", "0", "--warmup", "0", "--hour-close-samples", "2", "--data", data.FullName);

        Assert.True(code == ExitCodes.Success, stderr + stdout);
        var boundaries = Regex.Matches(stdout, @"hour closable at \d\d:\d\dZ: first of 6 data-gap alerts \d+ ms, last (\d+) ms after");
        Assert.Equal(2, boundaries.Count);

        // A server hour is 6 s of real time here: an hour closed at the following boundary instead (one hour late) shows
        // as 6 s or more; a prompt one, even on a busy machine, takes well under half of that.
        Assert.All(boundaries, b => Assert.True(int.Parse(b.Groups[1].Value, CultureInfo.InvariantCulture) < 3000, b.Value));
        Assert.Contains("hour-close alert latency (hour end + grace on the server clock -> webhook POST), 2 boundaries of 6 data-gap alerts: first POST 2 samples: median ", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("warm-up", stdout, StringComparison.Ordinal);
        data.Delete(recursive: true);
    }

    [Fact]
    public async Task Bench_server_refuses_a_batch_of_zero_naming_the_value()
    {
        var (code, stdout, stderr) = await Run("bench", "server", "--batch", "0");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal("emissionedge bench server: --batch '0' is not a whole number of at least 1", stderr.TrimEnd());
    }

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        TimeSpan[] sorted = [.. Enumerable.Range(1, 20).Select(i => TimeSpan.FromMilliseconds(i))];
        Assert.Equal(TimeSpan.FromMilliseconds(10), ServerBenchCommand.Percentile(sorted, 0.5));
        Assert.Equal(TimeSpan.FromMilliseconds(19), ServerBenchCommand.Percentile(sorted, 0.95));
        Assert.Equal(TimeSpan.FromMilliseconds(1), ServerBenchCommand.Percentile([TimeSpan.FromMilliseconds(1)], 0.95));
    }

    [GeneratedRegex(@"first PUBLISH -> last PUBACK \d+\.\d{3} s: \d+ records/s \(\d+ cores, load average ")]
    private static partial Regex RecordsLine();
}
