namespace EmissionEdge.Cli.CommandLine;

/// <summary>An option such as <c>--units &lt;units.json&gt;</c> or the flag <c>--verbose</c>.</summary>
/// <param name="Name">The option as typed, with its leading dashes (<c>--units</c>).</param>
/// <param name="ValueName">The placeholder of its value (<c>&lt;units.json&gt;</c>); <see langword="null"/> for a flag without value.</param>
/// <param name="Description">One line of help.</param>
/// <param name="Required">Whether the command refuses to run without it.</param>
/// <param name="Repeatable">Whether it may be given several times (<c>--set SO2=1 --set O2=8</c>).</param>
public sealed record OptionSpec(string Name, string? ValueName, string Description, bool Required = false, bool Repeatable = false)
{
    /// <summary>Whether the option is a flag that takes no value.</summary>
    public bool IsFlag => ValueName is null;
}

/// <summary>A positional argument such as the <c>&lt;file&gt;</c> of <c>hj212 check &lt;file&gt;</c>.</summary>
/// <param name="Name">Its placeholder (<c>&lt;file&gt;</c>).</param>
/// <param name="Description">One line of help.</param>
/// <param name="Required">Whether it must be given.</param>
public sealed record PositionalSpec(string Name, string Description, bool Required = true);

/// <summary>What a command accepts, used both to parse its arguments and to print its <c>--help</c>.</summary>
/// <param name="Options">Its options.</param>
/// <param name="Positionals">Its positional arguments, in order.</param>
/// <param name="Details">Extra help text printed after the options (formats, examples, exit codes).</param>
public sealed record CommandSpec(IReadOnlyList<OptionSpec> Options, IReadOnlyList<PositionalSpec> Positionals, string? Details = null)
{
    /// <summary>A command without options or arguments.</summary>
    public static CommandSpec Empty { get; } = new([], []);
}
