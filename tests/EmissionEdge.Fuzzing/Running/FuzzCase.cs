namespace EmissionEdge.Fuzzing.Running;

/// <summary>One generated input: its bytes, how it was made, and for a valid input what it must decode to.</summary>
/// <param name="Bytes">The input as the component receives it (a packet, a body, a frame, a file).</param>
/// <param name="Origin">How it was made, e.g. <c>valid</c> or <c>bit flip + truncation</c>.</param>
/// <param name="Expected">
/// For an input generated valid: the value it must be accepted as (the target compares it with what the component
/// decoded); <see langword="null"/> for a mutated input, which may be accepted or rejected.
/// </param>
public sealed record FuzzCase(byte[] Bytes, string Origin, object? Expected = null)
{
    /// <summary>Whether the input was generated valid, so it must be accepted and round-trip.</summary>
    public bool MustBeAccepted => Expected is not null;
}
