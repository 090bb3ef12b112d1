namespace EmissionEdge.Cli.Evaluate;

/// <summary>One problem in an input file, at a 1-based line and column, printed as <c>file:line:column: message</c>.</summary>
/// <param name="File">The file as named on the command line.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column (characters of the line; for JSON, bytes, equal for ASCII).</param>
/// <param name="Message">What is wrong, naming the field or column and the value.</param>
public sealed record InputProblem(string File, int Line, int Column, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
