namespace EmissionEdge.Ingest.Alerts;

/// <summary>Retry policy of the alert outbox (configuration section <see cref="SectionName"/>).</summary>
public sealed class OutboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Alerts:Outbox";

    /// <summary>Wait after the first failed attempt; doubles after each further failure.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between attempts. Deliveries are never abandoned: "sent at least once".</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most deliveries attempted per dispatch run.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>The wait after <paramref name="failedAttempts"/> failures: first × 2^(failures − 1), capped.</summary>
    /// <param name="failedAttempts">Failures so far (at least 1).</param>
    /// <returns>The delay before the next attempt.</returns>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = FirstRetryDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }
}
