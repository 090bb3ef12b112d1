namespace EmissionEdge.Fuzzing.Running;

/// <summary>What the component did with one input: accepted it, or rejected it for a stated reason.</summary>
public readonly record struct FuzzOutcome
{
    private FuzzOutcome(bool accepted, string? reason)
    {
        Accepted = accepted;
        Reason = reason;
    }

    /// <summary>Whether the component accepted the input.</summary>
    public bool Accepted { get; }

    /// <summary>The component's rejection message (never empty for a rejection: an empty one is a failure).</summary>
    public string? Reason { get; }

    /// <summary>The input was accepted.</summary>
    public static FuzzOutcome Accept() => new(true, null);

    /// <summary>The input was rejected with <paramref name="reason"/>.</summary>
    /// <param name="reason">The component's message.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="FuzzPropertyException">The reason is empty: every rejection must say why.</exception>
    public static FuzzOutcome Reject(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new FuzzPropertyException("rejected without a reason (empty message)");
        }

        return new(false, reason);
    }
}
