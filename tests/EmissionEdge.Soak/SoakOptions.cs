namespace EmissionEdge.Soak;

/// <summary>How a soak run is set up.</summary>
public sealed class SoakOptions
{
    /// <summary>Number of PC-hosted gateways, one unit and one analyzer emulator each (default 50).</summary>
    public int Gateways { get; init; } = 50;

    /// <summary>Simulated hours the gateways generate minutes for (default 24).</summary>
    public double Hours { get; init; } = 24;

    /// <summary>Simulated seconds per real second (default 60: 24 simulated hours in 24 real minutes).</summary>
    public double TimeScale { get; init; } = 60;

    /// <summary>Seed of the fault schedule and the webhook receiver's refusals; the same seed gives the same schedule.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The gateways' sampling interval in simulated seconds (default 5: the 12 samples a valid minute needs).</summary>
    public int SamplingIntervalSeconds { get; init; } = 5;

    /// <summary>Folder for the server's data, the gateways' journals and the logs; emptied at start.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>How to start <c>emissionedge</c> as a separate process (the harness appends <c>serve …</c>).</summary>
    public required ServerLauncher Server { get; init; }

    /// <summary>The demo's files (analyzer maps, pin map) the gateways read; default <c>demo/</c> beside the program.</summary>
    public string AssetsDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "demo");

    /// <summary>Server SIGKILLs per simulated day (at least one per run; default 6).</summary>
    public double KillsPerDay { get; init; } = 6;

    /// <summary>Broker restarts per simulated day (at least one per run; default 6).</summary>
    public double BrokerRestartsPerDay { get; init; } = 6;

    /// <summary>Connection cuts per gateway per simulated day (at least one per run in all; default 1.5).</summary>
    public double CutsPerGatewayPerDay { get; init; } = 1.5;

    /// <summary>Longest connection cut, simulated (default 3 h; capped at a third of the run).</summary>
    public TimeSpan LongestCut { get; init; } = TimeSpan.FromHours(3);

    /// <summary>Share of webhook POSTs the receiver refuses with 503, to exercise the outbox's retries (default 0.05).</summary>
    public double WebhookRefusalRate { get; init; } = 0.05;

    /// <summary>A gateway whose clock lags the run's clock by more than this (simulated) is reported as fallen behind (default 2 min).</summary>
    public TimeSpan BehindThreshold { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Real time allowed, after the last simulated minute, for gateways to catch up and deliver (default 5 min).</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Progress lines (a fault, a phase); none by default.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and its value.</exception>
    public void EnsureValid()
    {
        if (Gateways is < 1 or > 999)
        {
            throw new ArgumentException($"gateways must be 1–999, got {Gateways}");
        }

        if (!(Hours >= 1) || Hours > 24 * 7)
        {
            throw new ArgumentException($"hours must be 1–168, got {Hours}");
        }

        if (!(TimeScale >= 1) || TimeScale > 3600)
        {
            throw new ArgumentException($"time scale must be 1–3600, got {TimeScale}");
        }

        if (SamplingIntervalSeconds is < 2 or > 5 || 60 % SamplingIntervalSeconds != 0)
        {
            throw new ArgumentException($"sampling interval must be 2, 3, 4 or 5 s, got {SamplingIntervalSeconds}");
        }
    }
}

/// <summary>How to start the <c>emissionedge</c> program: a file and the arguments before the command.</summary>
/// <param name="FileName">The executable (<c>dotnet</c>, or the apphost).</param>
/// <param name="LeadingArguments">Arguments before <c>serve</c> (the <c>emissionedge.dll</c> path when run through <c>dotnet</c>).</param>
public sealed record ServerLauncher(string FileName, IReadOnlyList<string> LeadingArguments)
{
    /// <summary>The <c>emissionedge.dll</c> in <paramref name="directory"/>, run with <c>dotnet</c>.</summary>
    /// <param name="directory">The folder holding <c>emissionedge.dll</c> and its runtime configuration.</param>
    /// <returns>The launcher.</returns>
    public static ServerLauncher DotnetDll(string directory) => new("dotnet", [Path.Combine(directory, "emissionedge.dll")]);
}
