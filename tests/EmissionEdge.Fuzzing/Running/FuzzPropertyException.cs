namespace EmissionEdge.Fuzzing.Running;

/// <summary>
/// A target found the component breaking a promise on one input: a valid input refused or decoded to other values, a
/// rejection without a reason, an answer that does not fit the question. Any other exception out of a component is a
/// crash.
/// </summary>
public sealed class FuzzPropertyException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which promise was broken, with the values.</param>
    public FuzzPropertyException(string message)
        : base(message.Length <= 600 ? message : message[..600] + "… (cut)")
    {
    }

    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    /// <param name="condition">The promise.</param>
    /// <param name="message">What was broken.</param>
    /// <exception cref="FuzzPropertyException">The condition is false.</exception>
    public static void Check(bool condition, Func<string> message)
    {
        if (!condition)
        {
            throw new FuzzPropertyException(message());
        }
    }
}
