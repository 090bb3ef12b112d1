namespace EmissionEdge.Soak;

/// <summary>What a planned fault does.</summary>
public enum FaultKind
{
    /// <summary>SIGKILL the server; start it again after <see cref="PlannedFault.Duration"/>.</summary>
    ServerKill,

    /// <summary>
    /// Restart the broker. The broker is embedded in the server process, so this is a clean stop of the server (SIGTERM:
    /// the broker disconnects every gateway, ingest finishes, the database closes) and an immediate start.
    /// </summary>
    BrokerRestart,

    /// <summary>Cut one gateway's connection for <see cref="PlannedFault.Duration"/>.</summary>
    ConnectionCut,
}

/// <summary>One fault of the plan.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="At">Simulated time it begins.</param>
/// <param name="Duration">Server down time (kill) or cut length.</param>
/// <param name="Gateway">Index of the gateway a cut concerns.</param>
public sealed record PlannedFault(FaultKind Kind, DateTimeOffset At, TimeSpan Duration, int Gateway);

/// <summary>The seeded fault schedule of a run.</summary>
public static class FaultPlan
{
    /// <summary>
    /// Plans faults over [start + 10 min, end − 20 min]: server kills (down 0–10 min) and broker restarts at least 15
    /// minutes apart, and connection cuts of random gateways lasting 1 minute to <paramref name="longestCut"/>
    /// (log-uniform, so most are short and some last hours), ending before the end.
    /// </summary>
    /// <param name="options">Counts per day, seed.</param>
    /// <param name="start">Simulated start.</param>
    /// <param name="end">Simulated end of generation.</param>
    /// <param name="longestCut">Longest cut.</param>
    /// <returns>The faults ordered by time.</returns>
    public static IReadOnlyList<PlannedFault> Create(SoakOptions options, DateTimeOffset start, DateTimeOffset end, TimeSpan longestCut)
    {
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(options.Seed);
        var days = (end - start).TotalHours / 24;
        var first = start + TimeSpan.FromMinutes(10);
        var last = end - TimeSpan.FromMinutes(20);
        var window = last - first;
        var faults = new List<PlannedFault>();
        var serverTimes = new List<DateTimeOffset>();

        DateTimeOffset ServerSlot()
        {
            for (var attempt = 0; ; attempt++)
            {
                var at = first + (window * random.NextDouble());
                if (attempt > 100 || serverTimes.All(t => (t - at).Duration() >= TimeSpan.FromMinutes(15)))
                {
                    serverTimes.Add(at);
                    return at;
                }
            }
        }

        var kills = Math.Max(1, (int)Math.Round(options.KillsPerDay * days));
        for (var i = 0; i < kills; i++)
        {
            faults.Add(new PlannedFault(FaultKind.ServerKill, ServerSlot(), TimeSpan.FromMinutes(10 * random.NextDouble()), -1));
        }

        var restarts = Math.Max(1, (int)Math.Round(options.BrokerRestartsPerDay * days));
        for (var i = 0; i < restarts; i++)
        {
            faults.Add(new PlannedFault(FaultKind.BrokerRestart, ServerSlot(), TimeSpan.Zero, -1));
        }

        var cuts = Math.Max(1, (int)Math.Round(options.CutsPerGatewayPerDay * options.Gateways * days));
        var shortest = TimeSpan.FromMinutes(1);
        for (var i = 0; i < cuts; i++)
        {
            var at = first + (window * random.NextDouble());
            var length = shortest * Math.Pow(longestCut / shortest, random.NextDouble());
            if (at + length > last)
            {
                length = last - at;
            }

            faults.Add(new PlannedFault(FaultKind.ConnectionCut, at, length, random.Next(options.Gateways)));
        }

        return [.. faults.OrderBy(f => f.At)];
    }
}
