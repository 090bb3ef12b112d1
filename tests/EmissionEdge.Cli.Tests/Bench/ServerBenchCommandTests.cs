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
