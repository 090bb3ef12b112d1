using CsCheck;

namespace EmissionEdge.Fuzzing.Running;

/// <summary>
/// A component under fuzzing: how to make its inputs (valid ones that must round-trip, and mutated ones) and how to
/// run one input through it, turning what it did into a <see cref="FuzzOutcome"/>.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The name used by <c>emissionedge fuzz --target</c>, e.g. <c>hj212</c>.</summary>
    public abstract string Name { get; }

    /// <summary>What is fuzzed, in one line.</summary>
    public abstract string Description { get; }

    /// <summary>The inputs: valid ones (with <see cref="FuzzCase.Expected"/>) and mutations of them.</summary>
    public abstract Gen<FuzzCase> Cases { get; }

    /// <summary>Runs one input through the component.</summary>
    /// <param name="input">The input.</param>
    /// <returns>Accepted, or rejected with the component's reason.</returns>
    /// <exception cref="FuzzPropertyException">The component broke a promise on this input.</exception>
    /// <remarks>Any other exception is a crash of the component: the documented rejection is turned into an outcome here.</remarks>
    public abstract FuzzOutcome Execute(FuzzCase input);

    /// <summary>Turns an accepted or rejected result into an outcome and checks a valid input was accepted.</summary>
    /// <param name="input">The input.</param>
    /// <param name="reason">The rejection reason, or <see langword="null"/> when accepted.</param>
    /// <param name="accepted">Whether the component accepted the input.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="FuzzPropertyException">A valid input was rejected, or rejected without a reason.</exception>
    protected static FuzzOutcome Verdict(FuzzCase input, string? reason, bool accepted)
    {
        if (accepted)
        {
            return FuzzOutcome.Accept();
        }

        FuzzPropertyException.Check(!input.MustBeAccepted, () => $"a valid input was rejected: {reason}");
        return FuzzOutcome.Reject(reason);
    }
}
