using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Tests.Support;

namespace EmissionEdge.Gateway.Core.Tests.Configuration;

public sealed class GatewayConfigReaderTests
{
    private static (GatewayConfig? Config, ProblemList Problems) ReadReference(Func<string, string>? edit = null, Action<DirectoryTextFiles>? files = null)
    {
        var text = RepositoryFiles.Read("hardware/gateway-configs/reference.json");
        if (edit != null)
        {
            text = edit(text);
        }

        var source = new DirectoryTextFiles(RepositoryFiles.PathOf("hardware/gateway-configs"));
        files?.Invoke(source);
        var problems = new ProblemList();
        var config = GatewayConfigReader.Read(text, "reference.json", source, problems);
        return (config, problems);
    }

    [Fact]
    public void The_reference_configuration_is_valid_and_resolves_maps_pins_and_channels()
    {
        var (config, problems) = ReadReference();
        Assert.True(problems.IsEmpty, problems.ToString());
        Assert.NotNull(config);
        Assert.Equal("gw-gs01-a", config!.DeviceId);
        Assert.Equal(4, config.SamplingIntervalSeconds);
        Assert.Equal("SICK MARSIC300", config.Analyzers[0].Map.Model);
        Assert.Equal(new[] { "SO2", "NOx", "O2" }, config.Analyzers[0].Channels.Select(c => c.Channel));
        Assert.Equal(0, config.Analyzers[0].PortIndex);
        var dust = config.AnalogChannels[0];
        Assert.Equal(("Dust", 0.0, 20.0), (dust.Channel, dust.RangeLow, dust.RangeHigh));
        var temp = config.AnalogChannels[1];
        Assert.Equal((0.0, 300.0, "°C"), (temp.RangeLow, temp.RangeHigh, temp.Unit));
        Assert.True(config.StatusInputs[3].NormallyClosed);
        Assert.Equal(3, config.PinMap.DigitalInputIndex("di-4"));
    }

    [Fact]
    public void A_calibration_is_read_for_its_channel_and_channels_without_one_have_none()
    {
        var (config, problems) = ReadReference(t => t.Replace(
            "\"input\": \"ai-2\",", "\"input\": \"ai-2\", \"calibration\": { \"countsAt4mA\": 520, \"countsAt20mA\": 2520.5 },"));
        Assert.True(problems.IsEmpty, problems.ToString());
        var temp = config!.AnalogChannels[1];
        Assert.Equal(("Temp", 1), (temp.Channel, temp.InputIndex));
        Assert.Equal((520.0, 2520.5), (temp.Calibration!.CountsAt4mA, temp.Calibration.CountsAt20mA));
        Assert.Null(config.AnalogChannels[0].Calibration);
    }
}
