using EmissionEdge.Gateway.Host.Time;
using Microsoft.Extensions.Time.Testing;

namespace EmissionEdge.Gateway.Host.Tests;

public sealed class AcceleratedTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Simulated_time_runs_scale_times_faster_from_the_start()
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var time = new AcceleratedTimeProvider(Start, 60, real);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero), time.GetUtcNow()); // the start, in UTC

        real.Advance(TimeSpan.FromSeconds(2.5)); // 2.5 real seconds × 60 = 150 simulated seconds
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 0, 2, 30, TimeSpan.Zero), time.GetUtcNow());
    }

    [Fact]
    public void Elapsed_time_between_timestamps_is_simulated_time()
    {
        var real = new FakeTimeProvider();
        var time = new AcceleratedTimeProvider(Start, 10, real);
        var before = time.GetTimestamp();
        real.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(TimeSpan.FromSeconds(3), time.GetElapsedTime(before));
    }

    [Fact]
    public void A_timer_fires_after_the_scaled_down_real_time()
    {
        var real = new FakeTimeProvider();
        var time = new AcceleratedTimeProvider(Start, 60, real);
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);

        real.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, fired);
        real.Advance(TimeSpan.FromMilliseconds(1)); // one simulated minute = one real second
        Assert.Equal(1, fired);
        Assert.Equal(TimeSpan.FromSeconds(0.5), time.ToReal(TimeSpan.FromSeconds(30)));
        Assert.Equal(Timeout.InfiniteTimeSpan, time.ToReal(Timeout.InfiniteTimeSpan));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_scale_below_1_or_not_finite_is_refused_naming_it(double scale)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AcceleratedTimeProvider(Start, scale));
        Assert.Equal("scale", e.ParamName);
    }
}
