namespace EmissionEdge.Cli.CommandLine;

/// <summary>The output streams of a command, replaceable by tests.</summary>
/// <param name="Out">Standard output: the command's result (JSON, verdicts, tokens).</param>
/// <param name="Error">Standard error: problems, progress and status.</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error);
