namespace EmissionEdge.Compliance.Model;

/// <summary>HJ 212-2017 data flag (table 8) of a sample, minute or hour.</summary>
public enum DataFlag : byte
{
    /// <summary>Normal.</summary>
    N = 0,
    /// <summary>Source or instrument stopped (source-off time, not a monitoring failure).</summary>
    F,
    /// <summary>Maintenance.</summary>
    M,
    /// <summary>Manually set value.</summary>
    S,
    /// <summary>Instrument fault.</summary>
    D,
    /// <summary>Calibration.</summary>
    C,
    /// <summary>Above instrument range: counts toward averages, but is suspect (evidence of exceedance).</summary>
    T,
    /// <summary>Analyzer-to-logger communication failure.</summary>
    B,
}

/// <summary>Rules and spelling of <see cref="DataFlag"/>.</summary>
public static class DataFlags
{
    /// <summary>Whether a minute with this flag counts toward averages: only N and T do (domain.md §2).</summary>
    public static bool CountsTowardAverage(DataFlag flag) => flag is DataFlag.N or DataFlag.T;

    /// <summary>The flag's letter as written in HJ 212 packets, telemetry and CSV files.</summary>
    public static char Letter(DataFlag flag) => flag switch
    {
        DataFlag.N => 'N',
        DataFlag.F => 'F',
        DataFlag.M => 'M',
        DataFlag.S => 'S',
        DataFlag.D => 'D',
        DataFlag.C => 'C',
        DataFlag.T => 'T',
        DataFlag.B => 'B',
        _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, "not an HJ 212 data flag"),
    };

    /// <summary>Parses an upper-case HJ 212 flag letter.</summary>
    /// <param name="letter">One of N F M S D C T B.</param>
    /// <param name="flag">The flag when the letter is valid.</param>
    /// <returns><see langword="true"/> when <paramref name="letter"/> is a flag letter.</returns>
    public static bool TryParse(char letter, out DataFlag flag)
    {
        switch (letter)
        {
            case 'N': flag = DataFlag.N; return true;
            case 'F': flag = DataFlag.F; return true;
            case 'M': flag = DataFlag.M; return true;
            case 'S': flag = DataFlag.S; return true;
            case 'D': flag = DataFlag.D; return true;
            case 'C': flag = DataFlag.C; return true;
            case 'T': flag = DataFlag.T; return true;
            case 'B': flag = DataFlag.B; return true;
            default: flag = default; return false;
        }
    }

    /// <summary>Parses a one-letter flag string such as <c>"C"</c>.</summary>
    /// <param name="text">The flag text.</param>
    /// <param name="flag">The flag when <paramref name="text"/> is a single valid letter.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a single flag letter.</returns>
    public static bool TryParse(string? text, out DataFlag flag)
    {
        if (text is { Length: 1 })
        {
            return TryParse(text[0], out flag);
        }

        flag = default;
        return false;
    }
}
