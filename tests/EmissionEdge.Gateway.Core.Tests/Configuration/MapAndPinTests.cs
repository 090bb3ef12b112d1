using EmissionEdge.Gateway.Core.Analyzers;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Json;
using EmissionEdge.Gateway.Core.Tests.Support;

namespace EmissionEdge.Gateway.Core.Tests.Configuration;

public sealed class JsonReaderTests
{
    [Fact]
    public void Parses_objects_arrays_numbers_strings_and_escapes_with_paths()
    {
        Assert.True(JsonReader.TryParse("{\"a\":[1,-2.5e2,{\"b\":\"x\\u00e9\\n\"}],\"t\":true,\"n\":null}", out var root, out var error), error);
        Assert.Equal(-250.0, root!.Member("a")![1].NumberValue);
        var b = root.Member("a")![2].Member("b")!;
        Assert.Equal(("xé\n", "a[2].b"), (b.StringValue, b.Path));
        Assert.Equal((JsonKind.Boolean, JsonKind.Null), (root.Member("t")!.Kind, root.Member("n")!.Kind));
    }

    [Theory]
    [InlineData("{\"a\":1,}", "line 1")]
    [InlineData("{\"a\":01}", "leading zero")]
    [InlineData("{\n\"a\": tru}", "line 2")]
    [InlineData("[1] x", "after the end")]
    public void Invalid_json_is_refused_with_the_position(string text, string expected)
    {
        Assert.False(JsonReader.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("0.1", 0.1)]
    [InlineData("35.05", 35.05)]
    [InlineData("1e-3", 0.001)]
    [InlineData("123456789.125", 123456789.125)]
    [InlineData("-2.5E+3", -2500)]
    public void Numbers_parse_like_dotnet(string text, double expected)
    {
        Assert.True(EmissionEdge.Gateway.Core.Text.AsciiNumber.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }
}

public sealed class AnalyzerMapTests
{
    [Theory]
    [InlineData("sick-marsic300.json", "SICK MARSIC300", 5, 6)]
    [InlineData("sick-gm32.json", "SICK GM32", 3, 9)]
    [InlineData("thermo-i-series.json", "Thermo Scientific i-series style (42i NO/NO2/NOx, 43i SO2)", 4, 4)]
    [InlineData("generic-4-20ma.json", "Generic 4–20 mA analyzer", 6, 3)]
    public void The_shipped_maps_are_valid(string file, string model, int channels, int statuses)
    {
        var problems = new ProblemList();
        var map = AnalyzerMapReader.Read(RepositoryFiles.Read("hardware/analyzer-maps/" + file), file, problems);
        Assert.True(problems.IsEmpty, problems.ToString());
        Assert.Equal((model, channels, statuses), (map!.Model, map.Channels.Length, map.Status.Length));
    }

    [Fact]
    public void Gm32_component_addresses_follow_5000_plus_17_per_component_and_thermo_numbers_are_1_based()
    {
        var gm32 = AnalyzerMapReader.Read(RepositoryFiles.Read("hardware/analyzer-maps/sick-gm32.json"), "gm32", new ProblemList())!;
        Assert.Equal(new ushort[] { 5000, 5017, 5034 }, gm32.Channels.Select(c => c.Address));
        var thermo = AnalyzerMapReader.Read(RepositoryFiles.Read("hardware/analyzer-maps/thermo-i-series.json"), "thermo", new ProblemList())!;
        Assert.Equal((ushort)0, thermo.FindChannel("NO")!.Address);
    }

    private static string Refuse(string channelsJson, string statusJson = "[]")
    {
        var problems = new ProblemList();
        var map = AnalyzerMapReader.Read("{\"model\":\"X\",\"numbering\":\"pdu\",\"channels\":" + channelsJson + ",\"status\":" + statusJson + "}", "x.json", problems);
        Assert.Null(map);
        return problems.ToString();
    }

    [Fact]
    public void Unknown_type_is_refused_naming_the_entry()
    {
        Assert.Equal("x.json: channels[1] (NO2): unknown type 'float64' (known: int16, uint16, int32, uint32, float32)",
            Refuse("[{\"channel\":\"SO2\",\"function\":4,\"address\":0,\"type\":\"float32\"},{\"channel\":\"NO2\",\"function\":4,\"address\":2,\"type\":\"float64\"}]"));
    }

    [Fact]
    public void Overlapping_registers_are_refused_naming_both_entries()
    {
        Assert.Equal("x.json: channels[1] (NO): registers 1–2 overlap channels[0] (SO2) registers 0–1",
            Refuse("[{\"channel\":\"SO2\",\"function\":4,\"address\":0,\"type\":\"float32\"},{\"channel\":\"NO\",\"function\":4,\"address\":1,\"type\":\"float32\"}]"));
    }

    [Fact]
    public void Status_naming_a_missing_channel_unknown_channels_and_bad_functions_are_refused()
    {
        var text = Refuse("[{\"channel\":\"SO3\",\"function\":2,\"address\":0,\"type\":\"int16\",\"wordorder\":\"ABCD\"}]",
            "[{\"function\":3,\"address\":9,\"flag\":\"D\",\"channels\":[\"NOx\"]}]");
        Assert.Contains("channels[0] (SO3): unknown channel 'SO3'", text);
        Assert.Contains("channels[0] (SO3): function 2 reads single bits", text);
        Assert.Contains("channels[0].wordorder: unknown member \"wordorder\"", text);
        Assert.Contains("status[0]: a status in a register (function 3) needs \"bit\"", text);
        Assert.Contains("status[0]: names channel 'NOx' that the map does not define (missing channel)", text);
    }
}

public sealed class PinMapTests
{
    private static string Problems(string json)
    {
        var problems = new ProblemList();
        Assert.Null(PinMapReader.Read(json, "pins.json", problems));
        return problems.ToString();
    }

    [Fact]
    public void The_reference_pin_map_is_valid()
    {
        var problems = new ProblemList();
        var map = PinMapReader.Read(RepositoryFiles.Read("hardware/pinmaps/esp32-devkitc.json"), "esp32-devkitc.json", problems);
        Assert.True(problems.IsEmpty, problems.ToString());
        Assert.Equal((1, 4, 4, 4), (map!.Uarts.Length, map.Uarts[0].DeRe, map.AnalogInputs.Length, map.DigitalInputs.Length));
    }

    [Fact]
    public void Pins_that_do_not_exist_flash_pins_adc2_input_only_outputs_and_reuse_are_named()
    {
        var text = Problems("""
            { "board": "b", "chip": "ESP32",
              "uarts": [ { "name": "p1", "uart": 0, "tx": 36, "rx": 16, "deRe": 7 } ],
              "analogInputs": [ { "name": "a1", "gpio": 25, "shuntOhms": 100 }, { "name": "a2", "gpio": 39, "shuntOhms": 250 } ],
              "digitalInputs": [ { "name": "d1", "gpio": 20, "activeLow": true }, { "name": "p1", "gpio": 16, "activeLow": true } ] }
            """);
        Assert.Contains("uarts[0].uart: 0 is out of range 1–2 (UART0 carries nanoFramework's debug and deployment link)", text);
        Assert.Contains("uarts[0].tx: GPIO 36 is input-only (34–39) and cannot drive tx", text);
        Assert.Contains("uarts[0].deRe: GPIO 7 is wired to the module's SPI flash", text);
        Assert.Contains("analogInputs[0].gpio: GPIO 25 is not an ADC1 pin", text);
        Assert.Contains("analogInputs[1].shuntOhms: 250 Ω puts 3.6–22 mA at 900–5500 mV", text);
        Assert.Contains("digitalInputs[0].gpio: GPIO 20 does not exist on the ESP32", text);
        Assert.Contains("digitalInputs[1].gpio: GPIO 16 is already used by uarts[0].rx", text);
        Assert.Contains("digitalInputs[1].name: 'p1' is already the name of uarts[0]", text);
    }
}

public sealed class GatewayConfigProblemTests
{
    private static string Problems(Func<string, string> edit, Action<DirectoryTextFiles>? files = null)
    {
        var source = new DirectoryTextFiles(RepositoryFiles.PathOf("hardware/gateway-configs"));
        files?.Invoke(source);
        var problems = new ProblemList();
        Assert.Null(GatewayConfigReader.Read(edit(RepositoryFiles.Read("hardware/gateway-configs/reference.json")), "gw.json", source, problems));
        return problems.ToString();
    }

    [Fact]
    public void Every_problem_is_named_not_just_the_first()
    {
        var text = Problems(t => t
            .Replace("\"samplingIntervalSeconds\": 4", "\"samplingIntervalSeconds\": 10")
            .Replace("\"channels\": [\"SO2\", \"NOx\", \"O2\"]", "\"channels\": [\"SO2\", \"H2O\"]")
            .Replace("\"input\": \"ai-3\"", "\"input\": \"ai-9\"")
            .Replace("\"sizeBytes\": 1048576", "\"sizeBytes\": 524288"));
        Assert.Contains("gw.json: samplingIntervalSeconds: 10 is out of range 2–5", text);
        Assert.Contains("gw.json: analyzers[0].channels[1]: channel 'H2O' is missing from map ../analyzer-maps/sick-marsic300.json", text);
        Assert.Contains("gw.json: analogChannels[2].input: 'ai-9' is not an analog input of the pin map", text);
        Assert.Contains("journal.sizeBytes: 524288 bytes hold 5040 minute records, less than 7 days", text);
    }

    [Fact]
    public void A_wrong_map_and_a_wrong_pin_map_are_reported_through_the_configuration()
    {
        var text = Problems(t => t, files =>
        {
            files.Overrides["../analyzer-maps/sick-marsic300.json"] = RepositoryFiles.Read("hardware/analyzer-maps/sick-marsic300.json").Replace("\"address\": 1008", "\"address\": 1001");
            files.Overrides["../pinmaps/esp32-devkitc.json"] = RepositoryFiles.Read("hardware/pinmaps/esp32-devkitc.json").Replace("\"gpio\": 36", "\"gpio\": 26");
        });
        Assert.Contains("../analyzer-maps/sick-marsic300.json: channels[1] (NO): registers 1001–1002 overlap channels[0] (SO2) registers 1000–1001", text);
        Assert.Contains("../pinmaps/esp32-devkitc.json: analogInputs[0].gpio: GPIO 26 is not an ADC1 pin", text);
    }

    [Fact]
    public void Slow_analyzers_that_cannot_be_read_within_the_interval_are_named()
    {
        var text = Problems(t => t.Replace("\"timeoutMs\": 200", "\"timeoutMs\": 1000"));
        Assert.Contains("on port 'rs485-1' the reads take up to 14000 ms when the analyzers do not answer", text);
    }

    [Fact]
    public void Duplicate_channels_missing_key_and_unknown_status_channels_are_named()
    {
        var text = Problems(t => t
            .Replace("\"channel\": \"Temp\"", "\"channel\": \"Dust\"")
            .Replace("\"deviceKeyFile\": \"I:\\\\device.key\"", "\"deviceKey\": \"abc\"")
            .Replace("\"channels\": [\"Dust\"], \"description\": \"dust monitor calibration relay\"", "\"channels\": [\"CoalFeed\"]"));
        Assert.Contains("analogChannels[1]: channel 'Dust' is already measured by analogChannels[0] (Dust)", text);
        Assert.Contains("iotHub.deviceKey: is not valid base64", text);
        Assert.Contains("statusInputs[2].channels[0]: channel 'CoalFeed' is not measured by this gateway", text);
    }

    [Fact]
    public void A_missing_map_file_is_named()
    {
        var text = Problems(t => t.Replace("sick-marsic300.json", "nope.json"));
        Assert.Contains("analyzers[0].map: file '../analyzer-maps/nope.json' not found", text);
    }

    private static string Calibrated(string calibration) =>
        Problems(t => t.Replace("\"input\": \"ai-1\",", "\"input\": \"ai-1\", \"calibration\": " + calibration + ","));

    [Theory]
    // Nominal span through 100 Ω: 16 mA × 100 Ω = 1600 mV; 1600 mV / (3300 mV / 4095) = 1985.45 counts.
    [InlineData("{ \"countsAt4mA\": 500, \"countsAt20mA\": 1500 }",
        "analogChannels[0].calibration: spans 1000 counts from 4 to 20 mA, 50 % of the nominal 1985 counts through the 100 Ω shunt of 'ai-1'")]
    [InlineData("{ \"countsAt4mA\": 0, \"countsAt20mA\": 2500 }",
        "analogChannels[0].calibration: spans 2500 counts from 4 to 20 mA, 126 % of the nominal 1985 counts")]
    [InlineData("{ \"countsAt4mA\": 2520, \"countsAt20mA\": 520 }", "analogChannels[0].calibration.countsAt20mA: 520 must be above countsAt4mA 2520")]
    [InlineData("{ \"countsAt4mA\": 520, \"countsAt20mA\": 4096 }", "analogChannels[0].calibration.countsAt20mA: 4096 is out of range 0–4095 (raw counts of the 12-bit ADC)")]
    [InlineData("{ \"countsAt4mA\": 520 }", "analogChannels[0].calibration.countsAt20mA: is required")]
    [InlineData("{ \"at4mA\": 520, \"countsAt4mA\": 520, \"countsAt20mA\": 2520 }", "analogChannels[0].calibration.at4mA: unknown member \"at4mA\" (known: countsAt4mA, countsAt20mA)")]
    [InlineData("[520, 2520]", "analogChannels[0].calibration: calibration must be an object, got an array")]
    public void A_wrong_calibration_is_named(string calibration, string expected) =>
        Assert.Contains("gw.json: " + expected, Calibrated(calibration));

    [Theory]
    // 75 % and 125 % of the nominal 1985.45-count span are 1489.09 and 2481.82 counts.
    [InlineData(0, 1490, true)]
    [InlineData(0, 1489, false)]
    [InlineData(100, 2581, true)]
    [InlineData(100, 2582, false)]
    public void A_calibration_span_within_25_percent_of_nominal_is_accepted(int at4, int at20, bool accepted)
    {
        var source = new DirectoryTextFiles(RepositoryFiles.PathOf("hardware/gateway-configs"));
        var problems = new ProblemList();
        var text = RepositoryFiles.Read("hardware/gateway-configs/reference.json").Replace(
            "\"input\": \"ai-1\",", $"\"input\": \"ai-1\", \"calibration\": {{ \"countsAt4mA\": {at4}, \"countsAt20mA\": {at20} }},");
        Assert.Equal(accepted, GatewayConfigReader.Read(text, "gw.json", source, problems) != null);
        Assert.Equal(accepted, problems.IsEmpty);
    }
}
