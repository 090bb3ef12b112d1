namespace EmissionEdge.Configuration;

/// <summary>One problem in an input file, at a 1-based line and column, printed as <c>file:line:column: message</c>
/// (or <c>file:line:column: path: message</c>).</summary>
/// <param name="File">The file as named on the command line.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column (characters of the line; for JSON, bytes, equal for ASCII).</param>
/// <param name="Message">What is wrong, naming the field or column and the value.</param>
/// <param name="Path">The JSON path of the value (<c>units[1].o2Reference</c>) when the reader reports paths; printed after the position.</param>
public sealed record InputProblem(string File, int Line, int Column, string Message, string? Path = null)
{
    /// <inheritdoc />
    public override string ToString() => Path is null ? $"{File}:{Line}:{Column}: {Message}" : $"{File}:{Line}:{Column}: {Path}: {Message}";
}
