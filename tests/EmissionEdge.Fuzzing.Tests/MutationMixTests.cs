using System.Text;
using CsCheck;
using EmissionEdge.Fuzzing.Mutation;
using EmissionEdge.Fuzzing.Targets;

namespace EmissionEdge.Fuzzing.Tests;

/// <summary>
/// The big mutations were made rarer so that a million-input run is not mostly spent on them: they must still be
/// there, in numbers a run meets, and the splice partner must still be used when a splice is drawn.
/// </summary>
public sealed class MutationMixTests
{
    [Theory]
    [InlineData("units")]
    [InlineData("telemetry")]
    [InlineData("plant")]
    public void Big_inputs_are_still_made_but_are_a_small_share(string name)
    {
        var cases = FuzzTargets.Create(name)!.Cases;
        var lengths = Enumerable.Range(0, 4000).Select(i => cases.Generate(new PCG(0, (ulong)i + 77), null, out _).Bytes.Length).ToArray();

        var big = lengths.Count(l => l > 60_000);
        Assert.InRange(big, 4, 4000 / 20);
    }

    [Fact]
    public void The_big_json_forms_are_all_drawn()
    {
        var sample = JsonTree.Parse("{\"units\":[{\"id\":\"A\",\"x\":[1,2]}]}"u8.ToArray());
        var texts = Enumerable.Range(0, 6000).Select(i => Encoding.UTF8.GetString(JsonMutations.Mutate(new PCG(0, (ulong)i + 5), sample, out _))).ToList();

        Assert.Contains(texts, t => t.Contains(new string('[', 5000), StringComparison.Ordinal) || t.Contains(string.Concat(Enumerable.Repeat("{\"a\":", 5000)), StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Length > 100_000 && Enumerable.Range('a', 26).Any(c => t.Contains(new string((char)c, 100_000), StringComparison.Ordinal)));
        Assert.Contains(texts, t => t.Count(c => c == ',') > 1000);
    }

    [Fact]
    public void A_splice_takes_bytes_of_the_other_input_and_only_a_splice_asks_for_it()
    {
        var input = Encoding.ASCII.GetBytes(new string('a', 200));
        var other = Encoding.ASCII.GetBytes(new string('b', 200));
        var asked = 0;
        var spliced = 0;
        for (var i = 0; i < 2000; i++)
        {
            var before = asked;
            var bytes = ByteMutations.Mutate(new PCG(0, (ulong)i + 9), input, () =>
            {
                asked++;
                return other;
            }, out var description);

            Assert.Equal(description.Contains("splice", StringComparison.Ordinal), asked > before);
            spliced += bytes.Contains((byte)'b') ? 1 : 0;
        }

        Assert.InRange(asked, 200, 1200);
        Assert.InRange(spliced, 100, asked);
    }
}
