using System.Globalization;
using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Gateway.Host.Time;

namespace EmissionEdge.Cli.Commands;

/// <summary>The <c>--time-scale</c>, <c>--start</c> and <c>--time-anchor</c> options of <c>emulate</c>, <c>gateway run</c> and <c>serve</c>.</summary>
internal static class SimulatedTimeOptions
{
    public static readonly OptionSpec TimeScale = new("--time-scale", "<N>",
        "Run simulated time N times faster than real time (1–3600; default 1 = real time). Give the emulator and the gateway the same scale and --start.");

    public static readonly OptionSpec Start = new("--start", "<time>",
        "Simulated time at start, ISO 8601 with Z or an offset (default: now); only with --time-scale.");

    public static readonly OptionSpec Anchor = new("--time-anchor", "<time>",
        "The real time (ISO 8601 with Z or an offset) at which the simulated time was --start (default: the moment the program starts). A process restarted with the same --start, --time-anchor and --time-scale continues the same simulated timeline.");

    /// <summary>Reads the options into a time provider, or names the problem.</summary>
    public static TimeProvider? Read(ParsedArguments arguments, out string? problem)
    {
        problem = null;
        var scaleText = arguments.Value(TimeScale.Name);
        var startText = arguments.Value(Start.Name);
        var anchorText = arguments.Value(Anchor.Name);
        if (scaleText is null)
        {
            if (startText is not null || anchorText is not null)
            {
                problem = $"{(startText is not null ? "--start" : "--time-anchor")} needs --time-scale (without it the time is the real time)";
                return null;
            }

            return TimeProvider.System;
        }

        if (!double.TryParse(scaleText, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) || !double.IsFinite(scale) || scale < 1 || scale > 3600)
        {
            problem = $"--time-scale '{scaleText}' is not a number from 1 to 3600";
            return null;
        }

        var start = DateTimeOffset.UtcNow;
        if (startText is not null && !TryParseTime(startText, out start))
        {
            problem = $"--start '{startText}' is not an ISO 8601 time with Z or an offset (e.g. 2026-03-15T09:00:00+08:00)";
            return null;
        }

        if (anchorText is not null)
        {
            if (!TryParseTime(anchorText, out var anchor))
            {
                problem = $"--time-anchor '{anchorText}' is not an ISO 8601 time with Z or an offset (e.g. 2026-11-26T23:40:00Z)";
                return null;
            }

            // Simulated time has run on since the anchor: start where the timeline is now.
            start += (DateTimeOffset.UtcNow - anchor) * scale;
        }

        return new AcceleratedTimeProvider(start, scale);
    }

    private static bool TryParseTime(string text, out DateTimeOffset time)
    {
        time = default;
        bool zoned = text.EndsWith('Z') || (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');
        return zoned && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }
}
