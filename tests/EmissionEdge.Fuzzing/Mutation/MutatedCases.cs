using CsCheck;
using EmissionEdge.Fuzzing.Running;

namespace EmissionEdge.Fuzzing.Mutation;

/// <summary>Mixes valid inputs with mutations of them, for targets whose inputs are JSON documents or raw bytes.</summary>
public static class MutatedCases
{
    /// <summary>2 in 10 valid, 5 in 10 structurally mutated JSON (1 in 5 of those also byte-mutated), 3 in 10 byte-mutated.</summary>
    /// <param name="valid">Valid documents with their expected values.</param>
    /// <returns>The mixed inputs.</returns>
    public static Gen<FuzzCase> Json(Gen<FuzzCase> valid) => new PcgGen<FuzzCase>(pcg =>
    {
        var sample = valid.Generate(pcg, null, out _);
        var roll = pcg.Next(10);
        if (roll < 2)
        {
            return sample;
        }

        if (roll < 7)
        {
            var bytes = JsonMutations.Mutate(pcg, JsonTree.Parse(sample.Bytes), out var structural);
            if (pcg.Next(5) != 0)
            {
                return new FuzzCase(bytes, "json: " + structural);
            }

            return new FuzzCase(ByteMutations.Mutate(pcg, bytes, sample.Bytes, out var raw), "json: " + structural + " + bytes: " + raw);
        }

        return Bytes(pcg, valid, sample);
    });

    /// <summary>A byte mutation of <paramref name="sample"/>, spliced with another valid input when the mutation splices.</summary>
    /// <param name="pcg">Random source.</param>
    /// <param name="valid">Valid inputs (for the splice partner).</param>
    /// <param name="sample">The input to mutate.</param>
    /// <returns>The mutated input.</returns>
    public static FuzzCase Bytes(PCG pcg, Gen<FuzzCase> valid, FuzzCase sample)
    {
        // The splice partner is generated only when a splice is drawn: making a valid input costs more than most mutations.
        return new FuzzCase(ByteMutations.Mutate(pcg, sample.Bytes, () => valid.Generate(pcg, null, out _).Bytes, out var description), "bytes: " + description);
    }
}
