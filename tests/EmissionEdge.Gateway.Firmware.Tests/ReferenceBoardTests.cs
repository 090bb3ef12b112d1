using System.Text.RegularExpressions;
using EmissionEdge.Gateway.Core.Configuration;

namespace EmissionEdge.Gateway.Firmware.Tests;

/// <summary>The shipped pin map against the wiring document and the ADC's linear range.</summary>
public sealed class ReferenceBoardTests
{
    private static PinMap ReadPinMap()
    {
        var problems = new ProblemList();
        var map = PinMapReader.Read(File.ReadAllText(RepositoryPaths.Of("hardware/pinmaps/esp32-devkitc.json")), "esp32-devkitc.json", problems);
        Assert.True(problems.IsEmpty, problems.ToString());
        return map!;
    }

    /// <summary>The "Pin assignment" table of hardware/reference-board/README.md: function name → GPIO.</summary>
    private static Dictionary<string, int> DocumentedPins()
    {
        var text = File.ReadAllText(RepositoryPaths.Of("hardware/reference-board/README.md"));
        var section = text[text.IndexOf("## Pin assignment", StringComparison.Ordinal)..];
        var pins = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match row in Regex.Matches(section, @"^\| (?<what>[^|]+?) \| (?<gpio>\d+)(?: \(\w+\))? \|", RegexOptions.Multiline))
        {
            pins[row.Groups["what"].Value] = int.Parse(row.Groups["gpio"].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return pins;
    }

    [Fact]
    public void The_pin_map_uses_the_gpios_of_the_wiring_document()
    {
        var map = ReadPinMap();
        var doc = DocumentedPins();
        var uart = Assert.Single(map.Uarts);
        Assert.Equal(doc["RS-485 TX"], uart.Tx);
        Assert.Equal(doc["RS-485 RX"], uart.Rx);
        Assert.Equal(doc["RS-485 DE and /RE"], uart.DeRe);
        Assert.Equal(1, uart.Uart); // COM2 in nanoFramework, as the document says
        Assert.Equal(Rs485Direction.UartRts, uart.Direction);
        foreach (var input in map.AnalogInputs)
        {
            Assert.Equal(doc["4–20 mA input `" + input.Name + "`"], input.Gpio);
        }

        foreach (var input in map.DigitalInputs)
        {
            Assert.Equal(doc["status contact `" + input.Name + "`"], input.Gpio);
            Assert.True(input.ActiveLow, input.Name + ": the optocoupler pulls the pin low when the contact closes");
        }

        Assert.Equal(doc["status LED"], map.StatusLed);
        Assert.Equal(doc["watchdog kick (WDI)"], map.WatchdogKick);
        Assert.Equal(4, map.AnalogInputs.Length);
        Assert.Equal(4, map.DigitalInputs.Length);
    }

    [Fact]
    public void Every_analog_input_is_an_adc1_channel_with_the_documented_channel_number()
    {
        var doc = File.ReadAllText(RepositoryPaths.Of("hardware/reference-board/README.md"));
        foreach (var input in ReadPinMap().AnalogInputs)
        {
            int channel = Hardware.AdcCounts.Adc1Channel(input.Gpio);
            Assert.InRange(channel, 0, 7);
            Assert.Contains("ADC channel " + channel + " (ADC1_CH" + channel + ")", doc, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(3.6, 360)]
    [InlineData(4.0, 400)]
    [InlineData(20.0, 2000)]
    [InlineData(21.0, 2100)]
    [InlineData(22.0, 2200)]
    public void The_shunt_puts_the_documented_voltages_inside_the_adc_linear_range(double milliamps, double millivolts)
    {
        foreach (var input in ReadPinMap().AnalogInputs)
        {
            double v = milliamps * input.ShuntOhms;
            Assert.Equal(millivolts, v, 9);
            Assert.InRange(v, PinMapReader.AdcMinMillivolts, PinMapReader.AdcMaxMillivolts);
        }

        var table = File.ReadAllText(RepositoryPaths.Of("hardware/reference-board/current-loop-inputs.md"));
        Assert.Contains(millivolts.ToString(System.Globalization.CultureInfo.InvariantCulture) + " mV", table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reference_gateway_configuration_is_accepted_with_the_reference_pin_map()
    {
        var files = new RepositoryTextFiles("hardware/gateway-configs");
        var problems = new ProblemList();
        var config = GatewayConfigReader.Read(File.ReadAllText(RepositoryPaths.Of("hardware/gateway-configs/reference.json")), "reference.json", files, problems);
        Assert.True(problems.IsEmpty, problems.ToString());
        Assert.Equal("rs485-1", config!.PinMap.Uarts[config.Analyzers[0].PortIndex].Name);
    }

    [Theory]
    [InlineData("\"tx\": 21", "\"tx\": 17", "GPIO 17")] // WROVER PSRAM
    [InlineData("\"gpio\": 36", "\"gpio\": 4", "not an ADC1 pin")]
    [InlineData("\"statusLed\": 23", "\"statusLed\": 25", "GPIO 25")]
    [InlineData("\"direction\": \"uartRts\"", "\"direction\": \"rts\"", "not a DE/RE mode")]
    [InlineData("\"watchdogKick\": 18", "\"watchdogKick\": 36", "GPIO 36")]
    public void A_broken_variant_of_the_reference_pin_map_is_refused_with_a_message_naming_the_pin(string from, string to, string expected)
    {
        var text = File.ReadAllText(RepositoryPaths.Of("hardware/pinmaps/esp32-devkitc.json"));
        Assert.Contains(from, text, StringComparison.Ordinal);
        var problems = new ProblemList();
        Assert.Null(PinMapReader.Read(text.Replace(from, to, StringComparison.Ordinal), "esp32-devkitc.json", problems));
        Assert.Contains(expected, problems.ToString(), StringComparison.Ordinal);
    }
}
