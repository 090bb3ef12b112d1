namespace EmissionEdge.Compliance.Reporting;

/// <summary>
/// Rounding of reported values: half-to-even (GB/T 8170 "四舍六入五成双") in <see cref="decimal"/>, so the number a
/// report prints and the verdict computed from it always agree.
/// </summary>
/// <remarks>
/// The double is first converted to decimal (which keeps 15 significant digits, so 35.05 stays 35.05 and an average
/// computed as 35.049999999999997 becomes 35.05), then rounded half-to-even: 35.05 → 35.0, 50.25 → 50.2, 26.666… → 26.7.
/// </remarks>
public static class ReportRounding
{
    /// <summary>Decimals of reported concentrations and coal rates unless configured otherwise.</summary>
    public const int DefaultDecimals = 1;

    /// <summary>Rounds <paramref name="value"/> half-to-even to <paramref name="decimals"/> places, in decimal.</summary>
    /// <param name="value">A finite value.</param>
    /// <param name="decimals">Places after the point, 0–10.</param>
    /// <returns>The reported value, carrying exactly <paramref name="decimals"/> places (35 → 35.0).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite or outside decimal's range, or decimals is out of range.</exception>
    public static decimal HalfEven(double value, int decimals = DefaultDecimals)
    {
        if (decimals is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(decimals), decimals, "decimals must be 0 to 10");
        }

        if (!double.IsFinite(value) || Math.Abs(value) > 7.9e27)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "cannot report a non-finite or huge value");
        }

        var rounded = Math.Round((decimal)value, decimals, MidpointRounding.ToEven);
        // Give the result exactly `decimals` places (35m → 35.0m) so reports print a fixed number of decimals.
        return decimal.Round(rounded + new decimal(0, 0, 0, false, (byte)decimals), decimals, MidpointRounding.ToEven);
    }

    /// <summary>Whether a reported value exceeds a limit: <c>reported &gt; limit</c> in decimal (a value equal to the limit passes).</summary>
    /// <param name="reported">The rounded value as printed.</param>
    /// <param name="limit">The limit.</param>
    /// <returns><see langword="true"/> when over the limit.</returns>
    public static bool Exceeds(decimal reported, decimal limit) => reported > limit;
}
