namespace EmissionEdge.Fuzzing.Running;

/// <summary>How long and how hard to fuzz one target.</summary>
public sealed record FuzzOptions
{
    /// <summary>Inputs to run.</summary>
    public long Count { get; init; } = 1_000_000;

    /// <summary>Seed of the generators; the same seed gives the same inputs.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>An input that takes more CPU time than this is a failure (a component must not stall on one message or file).</summary>
    public TimeSpan PerInputLimit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>An input that has not returned after this long is a hang: the run stops and reports it without waiting for it.</summary>
    public TimeSpan HangLimit { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Where a failing input is saved (<c>.bin</c> with its bytes, <c>.txt</c> with what went wrong).</summary>
    public string FailureDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "emissionedge-fuzz");
}
