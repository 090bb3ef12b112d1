using CsCheck;
using EmissionEdge.Fuzzing.Running;

namespace EmissionEdge.Fuzzing.Tests;

/// <summary>The runner stops at what a fuzz run is meant to find, with the input saved.</summary>
public sealed class FuzzRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ee-fuzz-runner-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private FuzzOptions Options(long count) => new() { Count = count, Seed = 3, FailureDirectory = _folder, HangLimit = TimeSpan.FromSeconds(1) };

    [Fact]
    public void A_crash_stops_the_run_and_saves_the_input()
    {
        var report = FuzzRunner.Run(new ScriptedTarget(i => i == 7 ? throw new IndexOutOfRangeException() : FuzzOutcome.Accept()), Options(100));

        Assert.Equal(FuzzFailureKind.Crash, report.Failure!.Kind);
        Assert.Equal(7, report.Failure.Index);
        Assert.Equal(7, report.Inputs);
        Assert.Equal(1, report.Crashes);
        Assert.Equal([7], File.ReadAllBytes(report.Failure.SavedTo));
        Assert.Contains("IndexOutOfRangeException", File.ReadAllText(Path.ChangeExtension(report.Failure.SavedTo, ".txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejection_without_a_reason_is_a_failure()
    {
        var report = FuzzRunner.Run(new ScriptedTarget(i => i == 2 ? FuzzOutcome.Reject(" ") : FuzzOutcome.Reject("field x: bad value 12")), Options(10));

        Assert.Equal(FuzzFailureKind.Property, report.Failure!.Kind);
        Assert.Equal(2, report.Failure.Index);
        Assert.Equal(2, report.Rejected);
    }

    [Fact]
    public void An_input_that_never_returns_is_reported_as_a_hang()
    {
        var report = FuzzRunner.Run(new ScriptedTarget(i =>
        {
            if (i == 4)
            {
                Thread.Sleep(Timeout.Infinite);
            }

            return FuzzOutcome.Accept();
        }), Options(10));

        Assert.Equal(FuzzFailureKind.Hang, report.Failure!.Kind);
        Assert.Equal(4, report.Failure.Index);
    }

    [Fact]
    public void Rejection_reasons_are_counted_with_their_values_replaced()
    {
        var report = FuzzRunner.Run(new ScriptedTarget(i => FuzzOutcome.Reject($"seq: must be a non-negative integer, got \"x{i}\" at a2102{i % 10}")), Options(50));

        Assert.Null(report.Failure);
        var (reason, count) = Assert.Single(report.TopReasons(10));
        Assert.Equal("seq: must be a non-negative integer, got \"…\" at #", reason);
        Assert.Equal(50, count);
        Assert.True(report.SlowestIndex >= 0);
    }

    [Fact]
    public void The_same_seed_gives_the_same_inputs()
    {
        var first = new List<byte>();
        var second = new List<byte>();
        FuzzRunner.Run(new ScriptedTarget(_ => FuzzOutcome.Accept(), first), Options(20));
        FuzzRunner.Run(new ScriptedTarget(_ => FuzzOutcome.Accept(), second), Options(20));

        Assert.Equal(first, second);
        Assert.True(first.Distinct().Count() > 1);
    }

    /// <summary>Input #i is the byte i (or a random byte when recording); the outcome is scripted.</summary>
    private sealed class ScriptedTarget(Func<int, FuzzOutcome> outcome, List<byte>? seen = null) : FuzzTarget
    {
        private int _next;

        public override string Name => "scripted";

        public override string Description => "scripted outcomes";

        public override Gen<FuzzCase> Cases => seen is null
            ? Gen.Const(() => new FuzzCase([(byte)_next++], "scripted"))
            : Gen.Byte.Select(b => new FuzzCase([b], "random"));

        public override FuzzOutcome Execute(FuzzCase input)
        {
            seen?.Add(input.Bytes[0]);
            return outcome(input.Bytes[0]);
        }
    }
}
