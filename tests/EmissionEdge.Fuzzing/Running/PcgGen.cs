using CsCheck;

namespace EmissionEdge.Fuzzing.Running;

/// <summary>A CsCheck generator written as a function of the random source (for mutators, whose choices depend on the input's length).</summary>
/// <typeparam name="T">What is generated.</typeparam>
/// <param name="generate">Makes one value.</param>
internal sealed class PcgGen<T>(Func<PCG, T> generate) : Gen<T>
{
    private static readonly Size NoSize = new(0);

    public override T Generate(PCG pcg, Size? min, out Size size)
    {
        size = NoSize;
        return generate(pcg);
    }
}
