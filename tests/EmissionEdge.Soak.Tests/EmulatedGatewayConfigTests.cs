using EmissionEdge.Demo;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Host;

namespace EmissionEdge.Soak.Tests;

public sealed class EmulatedGatewayConfigTests
{
    private static readonly string Assets = Path.Combine(AppContext.BaseDirectory, "demo");

    [Theory]
    [InlineData(false, new[] { "Dust" })]
    [InlineData(true, new[] { "Dust", "CoalFeed", "GrossPower", "AuxPower" })]
    public void The_gateway_reader_accepts_it_with_the_given_timings_and_analog_channels(bool withPlantMeters, string[] analogChannels)
    {
        var json = EmulatedGatewayConfig.Json("gw-sk07", "SK-07", "emissionedge.soak", "c29hay1rZXktMDEyMzQ1Njc4OWFi", 4, 250, 1, withPlantMeters);
        var problems = new ProblemList();

        var config = GatewayConfigReader.Read(json, "gw-sk07.json", new RelativeTextFiles(Assets), problems);

        Assert.True(config is not null, string.Join("; ", Enumerable.Range(0, problems.Count).Select(i => problems[i])));
        Assert.Equal("gw-sk07", config.DeviceId);
        Assert.Equal("SK-07", config.Unit);
        Assert.Equal(4, config.SamplingIntervalSeconds);
        var gas = Assert.Single(config.Analyzers);
        Assert.Equal(250, gas.TimeoutMilliseconds);
        Assert.Equal(1, gas.Retries);
        Assert.Equal(analogChannels, config.AnalogChannels.Select(c => c.Channel));
    }
}
