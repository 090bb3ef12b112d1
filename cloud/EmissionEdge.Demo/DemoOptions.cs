namespace EmissionEdge.Demo;

/// <summary>How the demo runs.</summary>
public sealed class DemoOptions
{
    /// <summary>Simulated seconds per real second (default 60: one simulated hour per real minute).</summary>
    public double Speed { get; init; } = 60;

    /// <summary>The dashboard's port on 127.0.0.1 (default 8080; 0 picks a free port).</summary>
    public int HttpPort { get; init; } = 8080;

    /// <summary>The broker's TLS port on 127.0.0.1 (default 0: a free port).</summary>
    public int MqttPort { get; init; }

    /// <summary>Where the database, certificates and gateway journals go; emptied at start. Default: a folder in the temp directory.</summary>
    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "emissionedge-demo");

    /// <summary>The demo's files (scenarios, maps, pin map); default <c>demo/</c> beside the program.</summary>
    public string AssetsDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "demo");

    /// <summary>The real time the demo starts at (default now); the simulated clock starts 2 h 10 min before the start of its China hour.</summary>
    public DateTimeOffset? RealStart { get; init; }
}
