namespace EmissionEdge.Fuzzing.Running;

/// <summary>The kinds of failure a fuzz run stops at.</summary>
public enum FuzzFailureKind
{
    /// <summary>The component threw something other than its documented rejection.</summary>
    Crash,

    /// <summary>The component broke a promise (valid input refused or changed, rejection without a reason, ...).</summary>
    Property,

    /// <summary>One input took longer than <see cref="FuzzOptions.PerInputLimit"/>.</summary>
    Slow,

    /// <summary>One input did not return within <see cref="FuzzOptions.HangLimit"/>.</summary>
    Hang,

    /// <summary>The fuzzer's own generator threw (a bug of the fuzzer, not of the component).</summary>
    Generator,
}

/// <summary>The input a run stopped at, and why.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Index">0-based number of the input in the run.</param>
/// <param name="Origin">How the input was made.</param>
/// <param name="Message">What went wrong, with the exception when there was one.</param>
/// <param name="SavedTo">The file holding the input's bytes.</param>
public sealed record FuzzFailure(FuzzFailureKind Kind, long Index, string Origin, string Message, string SavedTo);
