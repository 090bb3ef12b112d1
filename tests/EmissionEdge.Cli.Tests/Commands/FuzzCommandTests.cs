using EmissionEdge.Cli.CommandLine;

namespace EmissionEdge.Cli.Tests.Commands;

public sealed class FuzzCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ee-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApplication.RunAsync(args, new CliConsole(stdout, stderr), CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Fuzz_prints_the_report_of_a_target_and_succeeds_when_nothing_fails()
    {
        var (code, output, error) = await Run("fuzz", "--target", "hj212", "--count", "3000", "--seed", "5", "--out", _folder);

        Assert.True(code == ExitCodes.Success, output + error);
        Assert.Contains("hj212: inputs=3000 accepted=", output, StringComparison.Ordinal);
        Assert.Contains("crashes=0 failures=0 seed=5", output, StringComparison.Ordinal);
        Assert.Contains("slowest input:", output, StringComparison.Ordinal);
        Assert.Contains("CRC mismatch: packet says #, data segment gives #", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task Fuzz_refuses_an_unknown_target_and_a_count_that_is_not_a_number()
    {
        var (code, _, error) = await Run("fuzz", "--target", "xml");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("unknown target 'xml'", error, StringComparison.Ordinal);

        (code, _, error) = await Run("fuzz", "--count", "lots");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--count must be a positive whole number", error, StringComparison.Ordinal);
    }
}
