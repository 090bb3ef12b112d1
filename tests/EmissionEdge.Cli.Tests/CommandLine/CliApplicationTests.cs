using EmissionEdge.Cli.CommandLine;

namespace EmissionEdge.Cli.Tests.CommandLine;

public sealed class CliApplicationTests
{
    private sealed class EchoCommand(string name) : ICliCommand
    {
        public string Name => name;
        public string Summary => $"echoes for {name}";
        public CommandSpec Spec { get; } = new(
            [
                new OptionSpec("--file", "<path>", "a file", Required: true),
                new OptionSpec("--set", "<K=V>", "a setting", Repeatable: true),
                new OptionSpec("--loud", null, "a flag"),
            ],
            [new PositionalSpec("<extra>", "optional word", Required: false)]);

        public async Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
        {
            await console.Out.WriteAsync($"{Name}|{arguments.Required("--file")}|{string.Join(",", arguments.Values("--set"))}|{arguments.Flag("--loud")}|{string.Join(",", arguments.Positionals)}");
            return ExitCodes.Success;
        }
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        ICliCommand[] commands = [new EchoCommand("hj212 check"), new EchoCommand("hj212 decode"), new EchoCommand("evaluate")];
        var code = await CliApplication.RunAsync(commands, args, new CliConsole(stdout, stderr), CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Selects_the_multi_word_command_and_passes_options()
    {
        var (code, stdout, _) = await Run("hj212", "decode", "--file", "a.txt", "--set", "SO2=1", "--set=O2=8", "--loud", "x");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("hj212 decode|a.txt|SO2=1,O2=8|True|x", stdout);
    }

    [Fact]
    public async Task Unknown_option_and_missing_required_option_are_both_named_with_exit_code_2()
    {
        var (code, stdout, stderr) = await Run("evaluate", "--nope", "1");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Contains("unknown option '--nope'", stderr);
        Assert.Contains("missing required option '--file <path>'", stderr);
    }

    [Fact]
    public async Task Help_of_a_command_lists_its_options_and_exits_0()
    {
        var (code, stdout, _) = await Run("evaluate", "--help");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Usage: emissionedge evaluate --file <path>", stdout);
        Assert.Contains("--set <K=V>", stdout);
    }

    [Fact]
    public async Task A_command_group_without_subcommand_lists_its_subcommands()
    {
        var (code, _, stderr) = await Run("hj212");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("hj212 check", stderr);
        Assert.Contains("hj212 decode", stderr);
        Assert.DoesNotContain("evaluate", stderr);
    }

    [Fact]
    public async Task Unknown_command_says_so()
    {
        var (code, _, stderr) = await Run("frobnicate");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("unknown command 'frobnicate'", stderr);
    }

    [Fact]
    public async Task A_flag_given_a_value_and_a_repeated_single_option_are_refused()
    {
        var (code, _, stderr) = await Run("evaluate", "--file", "a", "--file", "b", "--loud=yes");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("option '--file' given more than once", stderr);
        Assert.Contains("option '--loud' takes no value, got 'yes'", stderr);
    }
}
