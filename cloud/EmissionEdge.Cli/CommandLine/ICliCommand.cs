namespace EmissionEdge.Cli.CommandLine;

/// <summary>A command of <c>emissionedge</c>. Commands are listed in <see cref="CommandCatalog"/>.</summary>
public interface ICliCommand
{
    /// <summary>The words that select the command, separated by one space: <c>"evaluate"</c>, <c>"hj212 check"</c>.</summary>
    string Name { get; }

    /// <summary>One line saying what the command does, shown in the command list.</summary>
    string Summary { get; }

    /// <summary>Its options and positional arguments.</summary>
    CommandSpec Spec { get; }

    /// <summary>Runs the command with arguments already checked against <see cref="Spec"/>.</summary>
    /// <param name="arguments">The parsed arguments.</param>
    /// <param name="console">Where to write results and problems.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C; long-running commands stop cleanly.</param>
    /// <returns>The process exit code (<see cref="ExitCodes"/>).</returns>
    Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken);
}
