using EmissionEdge.Fuzzing.Running;
using EmissionEdge.Fuzzing.Targets;
using Xunit.Abstractions;

namespace EmissionEdge.Fuzzing.Tests;

/// <summary>
/// Each target on generated inputs: no crash, no hang, a reason for every rejection, valid inputs round-trip. The count
/// is <c>EMISSIONEDGE_FUZZ_COUNT</c> (default 20,000 per target, so the suite stays short on a 2-core machine); the
/// million-input runs are <c>emissionedge fuzz --target all</c> (README "Fuzzing").
/// </summary>
public sealed class FuzzTargetTests(ITestOutputHelper output)
{
    private static readonly long Count = long.TryParse(Environment.GetEnvironmentVariable("EMISSIONEDGE_FUZZ_COUNT"), out var n) ? n : 20_000;

    public static TheoryData<string> Targets => new(FuzzTargets.Names);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_survives_generated_inputs_and_gives_a_reason_for_every_rejection(string name)
    {
        var target = FuzzTargets.Create(name)!;
        var report = FuzzRunner.Run(target, new FuzzOptions { Count = Count, Seed = 20261126, FailureDirectory = Path.Combine(Path.GetTempPath(), "emissionedge-fuzz-tests") });
        output.WriteLine(report.ToString());

        Assert.Null(report.Failure);
        Assert.Equal(Count, report.Inputs);
        Assert.True(report.RoundTrips > Count / 20, $"only {report.RoundTrips} valid inputs round-tripped");
        Assert.True(report.Rejected > Count / 4, $"only {report.Rejected} inputs rejected: the mutators do not reach the checks");
        Assert.True(report.DistinctReasons >= 4, $"only {report.DistinctReasons} distinct rejection reasons");
    }
}
