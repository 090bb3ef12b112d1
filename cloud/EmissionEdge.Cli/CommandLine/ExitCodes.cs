namespace EmissionEdge.Cli.CommandLine;

/// <summary>Process exit codes shared by every command.</summary>
public static class ExitCodes
{
    /// <summary>The command did its job and found nothing wrong.</summary>
    public const int Success = 0;

    /// <summary>The command ran, and what it checked is not valid (for example a packet failed <c>hj212 check</c>).</summary>
    public const int Findings = 1;

    /// <summary>Bad usage or bad input: unknown option, missing file, unparsable data. Nothing was written to stdout.</summary>
    public const int BadInput = 2;
}
