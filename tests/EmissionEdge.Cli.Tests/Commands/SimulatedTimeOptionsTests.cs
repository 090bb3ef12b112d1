using System.Globalization;
using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Cli.Commands;
using EmissionEdge.Cli.Server;

namespace EmissionEdge.Cli.Tests.Commands;

public sealed class SimulatedTimeOptionsTests
{
    private static TimeProvider? Read(out string? problem, params string[] args)
    {
        var arguments = ParsedArguments.Parse(new ServeCommand().Spec, ["--config", "plant.json", .. args], out var problems);
        Assert.NotNull(arguments);
        Assert.Empty(problems);
        return SimulatedTimeOptions.Read(arguments, out problem);
    }

    [Fact]
    public void A_time_anchor_continues_the_simulated_timeline_a_restarted_process_left()
    {
        // Simulated 00:00 was 10 real seconds ago at 60×: the timeline is at 00:10 now, not at 00:00.
        var anchor = DateTimeOffset.UtcNow.AddSeconds(-10);
        var time = Read(out var problem, "--time-scale", "60", "--start", "2026-11-02T00:00:00Z", "--time-anchor", anchor.ToString("O", CultureInfo.InvariantCulture));

        Assert.Null(problem);
        var now = time!.GetUtcNow();
        Assert.InRange(now, new DateTimeOffset(2026, 11, 2, 0, 10, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 2, 0, 10, 30, TimeSpan.Zero));
    }

    [Fact]
    public void Without_an_anchor_the_simulated_time_starts_at_start()
    {
        var time = Read(out var problem, "--time-scale", "60", "--start", "2026-11-02T00:00:00+08:00");

        Assert.Null(problem);
        Assert.InRange(time!.GetUtcNow(), new DateTimeOffset(2026, 11, 1, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 1, 16, 0, 30, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("--time-anchor", "2026-11-02T00:00:00Z", "--time-anchor needs --time-scale")]
    [InlineData("--time-scale", "60", null)]
    public void An_anchor_needs_a_time_scale_and_a_zoned_time(string option, string value, string? expected)
    {
        var args = expected is null ? new[] { option, value, "--time-anchor", "2026-11-02 00:00" } : [option, value];
        var time = Read(out var problem, args);

        Assert.Null(time);
        Assert.Contains(expected ?? "--time-anchor '2026-11-02 00:00' is not an ISO 8601 time with Z or an offset", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_refuses_a_time_anchor_without_a_time_scale_before_reading_the_configuration()
    {
        var stderr = new StringWriter();
        var code = await CliApplication.RunAsync(["serve", "--config", "missing.json", "--time-anchor", "2026-11-02T00:00:00Z"], new CliConsole(new StringWriter(), stderr), CancellationToken.None);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("emissionedge serve: --time-anchor needs --time-scale (without it the time is the real time)", stderr.ToString().Trim());
    }
}
