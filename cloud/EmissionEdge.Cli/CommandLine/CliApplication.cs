using System.Text;

namespace EmissionEdge.Cli.CommandLine;

/// <summary>Selects the command named by the leading words of the command line, parses its arguments and runs it.</summary>
public static class CliApplication
{
    /// <summary>The program name shown in help.</summary>
    public const string ProgramName = "emissionedge";

    /// <summary>Runs <c>emissionedge</c> with <paramref name="args"/>.</summary>
    /// <param name="args">The command line words.</param>
    /// <param name="console">Where output goes.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken) =>
        RunAsync(CommandCatalog.Create(), args, console, cancellationToken);

    /// <summary>Runs one of <paramref name="commands"/> selected by <paramref name="args"/>.</summary>
    /// <param name="commands">The available commands.</param>
    /// <param name="args">The command line words.</param>
    /// <param name="console">Where output goes.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<ICliCommand> commands, string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);

        var command = commands
            .Where(c => Matches(c, args))
            .OrderByDescending(c => c.Name.Split(' ').Length)
            .FirstOrDefault();

        if (command is null)
        {
            var prefix = args.TakeWhile(a => !a.StartsWith('-')).ToArray();
            var group = commands.Where(c => prefix.Length > 0 && c.Name.Split(' ').Take(prefix.Length).SequenceEqual(prefix)).ToArray();
            var asksHelp = args.Length == 0 || args.Any(IsHelp);
            if (group.Length > 0)
            {
                (asksHelp ? console.Out : console.Error).Write(ListCommands(group));
                return asksHelp ? ExitCodes.Success : ExitCodes.BadInput;
            }

            if (asksHelp && prefix.Length == 0)
            {
                await console.Out.WriteAsync(ListCommands(commands));
                return ExitCodes.Success;
            }

            await console.Error.WriteLineAsync($"{ProgramName}: unknown command '{string.Join(' ', prefix)}'. Run '{ProgramName} --help' for the list of commands.");
            return ExitCodes.BadInput;
        }

        var rest = args.Skip(command.Name.Split(' ').Length).ToArray();
        if (rest.Any(IsHelp))
        {
            await console.Out.WriteAsync(Help(command));
            return ExitCodes.Success;
        }

        var parsed = ParsedArguments.Parse(command.Spec, rest, out var problems);
        if (parsed is null)
        {
            foreach (var problem in problems)
            {
                await console.Error.WriteLineAsync($"{ProgramName} {command.Name}: {problem}");
            }

            await console.Error.WriteLineAsync($"Run '{ProgramName} {command.Name} --help' for usage.");
            return ExitCodes.BadInput;
        }

        return await command.ExecuteAsync(parsed, console, cancellationToken);
    }

    /// <summary>The <c>--help</c> text of one command.</summary>
    /// <param name="command">The command.</param>
    /// <returns>Usage, options and details.</returns>
    public static string Help(ICliCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var spec = command.Spec;
        var text = new StringBuilder();
        text.Append("Usage: ").Append(ProgramName).Append(' ').Append(command.Name);
        foreach (var option in spec.Options)
        {
            var usage = option.IsFlag ? option.Name : $"{option.Name} {option.ValueName}";
            text.Append(' ').Append(option.Required ? usage : $"[{usage}]");
            if (option.Repeatable)
            {
                text.Append("...");
            }
        }

        foreach (var positional in spec.Positionals)
        {
            text.Append(' ').Append(positional.Required ? positional.Name : $"[{positional.Name}]");
        }

        text.AppendLine().AppendLine().AppendLine(command.Summary);
        if (spec.Positionals.Count > 0)
        {
            text.AppendLine().AppendLine("Arguments:");
            foreach (var positional in spec.Positionals)
            {
                text.Append("  ").Append(positional.Name.PadRight(28)).AppendLine(positional.Description);
            }
        }

        text.AppendLine().AppendLine("Options:");
        foreach (var option in spec.Options)
        {
            var usage = option.IsFlag ? option.Name : $"{option.Name} {option.ValueName}";
            text.Append("  ").Append(usage.PadRight(28)).AppendLine(option.Description);
        }

        text.Append("  ").Append("-h, --help".PadRight(28)).AppendLine("Show this help.");
        if (!string.IsNullOrWhiteSpace(spec.Details))
        {
            text.AppendLine().AppendLine(spec.Details.TrimEnd());
        }

        return text.ToString();
    }

    private static string ListCommands(IEnumerable<ICliCommand> commands)
    {
        var text = new StringBuilder();
        text.AppendLine($"Usage: {ProgramName} <command> [options]").AppendLine().AppendLine("Commands:");
        foreach (var command in commands)
        {
            text.Append("  ").Append(command.Name.PadRight(22)).AppendLine(command.Summary);
        }

        text.AppendLine().AppendLine($"Run '{ProgramName} <command> --help' for a command's options.");
        return text.ToString();
    }

    private static bool Matches(ICliCommand command, string[] args)
    {
        var words = command.Name.Split(' ');
        return args.Length >= words.Length && words.Select((w, i) => string.Equals(w, args[i], StringComparison.Ordinal)).All(m => m);
    }

    private static bool IsHelp(string arg) => arg is "--help" or "-h";
}
