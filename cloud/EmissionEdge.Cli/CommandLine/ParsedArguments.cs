namespace EmissionEdge.Cli.CommandLine;

/// <summary>The arguments of one command line, checked against the command's <see cref="CommandSpec"/>.</summary>
public sealed class ParsedArguments
{
    private readonly Dictionary<string, List<string>> _values;
    private readonly HashSet<string> _flags;

    internal ParsedArguments(Dictionary<string, List<string>> values, HashSet<string> flags, IReadOnlyList<string> positionals)
    {
        _values = values;
        _flags = flags;
        Positionals = positionals;
    }

    /// <summary>The positional arguments in order.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>The value of an option given once, or <see langword="null"/> when absent.</summary>
    /// <param name="option">The option name with dashes, e.g. <c>--units</c>.</param>
    /// <returns>The last value given.</returns>
    public string? Value(string option) => _values.TryGetValue(option, out var list) && list.Count > 0 ? list[^1] : null;

    /// <summary>The value of a required option (the parser has already checked it is there).</summary>
    /// <param name="option">The option name with dashes.</param>
    /// <returns>The value.</returns>
    public string Required(string option) => Value(option) ?? throw new InvalidOperationException($"{option} is required but was not checked by the parser");

    /// <summary>Every value of a repeatable option, in the order given.</summary>
    /// <param name="option">The option name with dashes, e.g. <c>--set</c>.</param>
    /// <returns>The values; empty when absent.</returns>
    public IReadOnlyList<string> Values(string option) => _values.TryGetValue(option, out var list) ? list : [];

    /// <summary>Whether a flag option was given.</summary>
    /// <param name="option">The flag name with dashes, e.g. <c>--verbose</c>.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Flag(string option) => _flags.Contains(option);

    /// <summary>Parses <paramref name="args"/> against <paramref name="spec"/>.</summary>
    /// <param name="spec">What the command accepts.</param>
    /// <param name="args">The words after the command name.</param>
    /// <param name="problems">Every problem found, each naming the option or argument.</param>
    /// <returns>The parsed arguments, or <see langword="null"/> when there are problems.</returns>
    public static ParsedArguments? Parse(CommandSpec spec, IReadOnlyList<string> args, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var positionals = new List<string>();
        var onlyPositionals = false;

        for (var i = 0; i < args.Count; i++)
        {
            var word = args[i];
            if (onlyPositionals || !word.StartsWith('-') || word == "-")
            {
                positionals.Add(word);
                continue;
            }

            if (word == "--")
            {
                onlyPositionals = true;
                continue;
            }

            var name = word;
            string? inlineValue = null;
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (word.StartsWith("--", StringComparison.Ordinal) && equals > 2)
            {
                name = word[..equals];
                inlineValue = word[(equals + 1)..];
            }

            var option = spec.Options.FirstOrDefault(o => o.Name == name);
            if (option is null)
            {
                found.Add($"unknown option '{name}'");
                continue;
            }

            if (option.IsFlag)
            {
                if (inlineValue is not null)
                {
                    found.Add($"option '{name}' takes no value, got '{inlineValue}'");
                }

                flags.Add(name);
                continue;
            }

            var value = inlineValue;
            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    found.Add($"option '{name}' needs a value {option.ValueName}");
                    continue;
                }

                value = args[++i];
            }

            if (!values.TryGetValue(name, out var list))
            {
                list = [];
                values[name] = list;
            }
            else if (!option.Repeatable)
            {
                found.Add($"option '{name}' given more than once");
            }

            list.Add(value);
        }

        foreach (var option in spec.Options.Where(o => o.Required && !values.ContainsKey(o.Name) && !flags.Contains(o.Name)))
        {
            found.Add($"missing required option '{option.Name} {option.ValueName}'");
        }

        var required = spec.Positionals.Count(p => p.Required);
        if (positionals.Count < required)
        {
            foreach (var missing in spec.Positionals.Skip(positionals.Count).Where(p => p.Required))
            {
                found.Add($"missing argument {missing.Name}");
            }
        }
        else if (positionals.Count > spec.Positionals.Count)
        {
            found.Add($"unexpected argument '{positionals[spec.Positionals.Count]}'");
        }

        problems = found;
        return found.Count == 0 ? new ParsedArguments(values, flags, positionals) : null;
    }
}
