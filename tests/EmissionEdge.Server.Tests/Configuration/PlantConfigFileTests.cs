using System.Text;
using EmissionEdge.Server.Configuration;
using EmissionEdge.Server.Tests.Support;

namespace EmissionEdge.Server.Tests.Configuration;

public sealed class PlantConfigFileTests
{
    private static string SamplePath => Path.Combine(RepositoryPaths.Root(), "cloud", "EmissionEdge.Server", "Samples", "plant.json");

    [Fact]
    public void The_shipped_sample_reads_with_every_section()
    {
        var config = PlantConfigFile.Load(SamplePath, out var problems);
        Assert.Empty(problems);
        Assert.NotNull(config);
        Assert.Equal("GS", config.Plant);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(SamplePath)!, "data"), config.DataDirectory);
        Assert.Equal(new Uri("http://127.0.0.1:8080"), config.Http.Url);
        Assert.Equal(("emissionedge.local", 8883, (int?)null), (config.Mqtt.HubHost, config.Mqtt.TlsPort, config.Mqtt.PlainPort));
        Assert.Equal(["GS-01", "GS-02"], config.Units.Select(u => u.Id));
        Assert.Equal(5m, config.Units[1].LimitOn(Compliance.Model.Pollutant.Dust, new DateOnly(2026, 3, 1)));
        Assert.True(config.Gateways[1].Mac);
        Assert.Equal(new Uri("https://epb.example.gov.cn/emissionedge/alerts"), config.Regulators[0].Webhook);
        Assert.Equal([ApiRole.Operator, ApiRole.Regulator], config.ApiKeys.Select(k => k.Role));
        Assert.Equal(TimeSpan.FromSeconds(30), config.Ingest.CloseHoursEvery);
    }

    [Fact]
    public void A_plain_port_is_opened_only_when_configured()
    {
        var config = Parse("""{"dataDirectory":"d","http":{"url":"http://127.0.0.1:1"},"mqtt":{"hubHost":"h.local","plainPort":1883},"units":[{"id":"U1"}],"gateways":[],"apiKeys":[{"key":"0123456789abcdefgh","role":"operator","units":["U1"]}]}""", out var problems);
        Assert.Empty(problems);
        Assert.Equal((8883, (int?)1883), (config!.Mqtt.TlsPort, config.Mqtt.PlainPort));
    }

    [Fact]
    public void The_catch_up_timeout_is_read_in_minutes_and_checked()
    {
        const string Head = """{"dataDirectory":"d","http":{"url":"http://127.0.0.1:1"},"mqtt":{"hubHost":"h.local"},"units":[{"id":"U1"}],"gateways":[],"apiKeys":[{"key":"0123456789abcdefgh","role":"operator","units":["U1"]}]""";
        Assert.Equal(TimeSpan.FromMinutes(15), Parse(Head + "}", out _)!.Ingest.CatchUpTimeout);
        var config = Parse(Head + ""","ingest":{"catchUpTimeoutMinutes":40}}""", out var problems);
        Assert.Empty(problems);
        Assert.Equal(TimeSpan.FromMinutes(40), config!.Ingest.CatchUpTimeout);
        var ingest = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<EmissionEdge.Ingest.Pipeline.IngestOptions>(
            EmissionEdge.Server.Hosting.ServerServiceCollectionExtensions.IngestConfiguration(config).GetSection(EmissionEdge.Ingest.Pipeline.IngestOptions.SectionName));
        Assert.Equal(TimeSpan.FromMinutes(40), ingest!.CatchUpTimeout); // what the pipeline is given

        Assert.Null(Parse(Head + ""","ingest":{"catchUpTimeoutMinutes":-5}}""", out problems));
        var problem = Assert.Single(problems).ToString();
        Assert.Contains("ingest.catchUpTimeoutMinutes", problem, StringComparison.Ordinal);
        Assert.Contains("-5", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_of_a_bad_configuration_is_named_with_its_path_and_value()
    {
        const string json = """
            {
              "dataDirectory": "./data",
              "http": { "url": "https://0.0.0.0:8080" },
              "mqtt": { "hubHost": "emissionedge.local", "tlsPort": 70000, "plainPort": 70000 },
              "units": [ { "id": "U1", "o2Reference": "six" }, { "id": "U2", "colour": "red" } ],
              "gateways": [
                { "id": "gw/1", "unit": "U9", "key": "not base64!" },
                { "id": "gw-2", "unit": "U1", "key": "AAEC" }
              ],
              "regulators": [ { "name": "EPB", "units": ["U1"], "webhook": "ftp://x", "secret": "short" } ],
              "apiKeys": [ { "key": "abc", "role": "admin", "units": ["U7"] } ],
              "extra": 1
            }
            """;
        var config = Parse(json, out var problems);
        Assert.Null(config);
        var lines = problems.Select(p => p.ToString()).ToArray();
        string[] expected =
        [
            "plant.json:3:20: http.url: must be an absolute http:// URL",
            "plant.json:4:57: mqtt.tlsPort: must be a port number 0 to 65535 (0: any free port), got 70000",
            "plant.json:4:77: mqtt.plainPort: must be a port number 0 to 65535 (0: any free port), got 70000",
            "plant.json:5:43: units[0].o2Reference: o2Reference of unit 'U1' must be a number, got \"six\"",
            "plant.json:5:66: units[1].colour: unknown field 'colour' in unit 'U2'",
            "plant.json:7:13: gateways[0].id: a device id is 1 to 128 of A-Z a-z 0-9 - . _ : (it is the MQTT client id and part of the topic), got \"gw/1\"",
            "plant.json:7:29: gateways[0].unit: unknown unit \"U9\" (units: U1, U2)",
            "plant.json:7:42: gateways[0].key: must be the device key in base64, got \"not base64!\"",
            "plant.json:8:42: gateways[1].key: the device key must be at least 16 bytes (IoT Hub generates 32), got 3",
            "plant.json:10:64: regulators[0].webhook: must be an absolute https:// URL, got \"ftp://x\"",
            "plant.json:10:85: regulators[0].secret: must be at least 16 characters, got 5",
            "plant.json:11:25: apiKeys[0].key: an API key must be at least 16 characters, got 3",
            "plant.json:11:40: apiKeys[0].role: must be \"operator\" or \"regulator\", got \"admin\"",
            "plant.json:11:59: apiKeys[0].units[0]: unknown unit \"U7\" (units: U1, U2)",
            "plant.json:12:3: extra: unknown field 'extra'",
        ];
        // In file order, one line per problem.
        Assert.Equal(expected.Length, lines.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith(expected[i], lines[i], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Missing_sections_are_named()
    {
        var config = Parse("{}", out var problems);
        Assert.Null(config);
        var messages = problems.Select(p => p.ToString()).ToArray();
        foreach (var field in new[] { "dataDirectory", "http", "mqtt", "units", "gateways", "apiKeys" })
        {
            Assert.Contains($"plant.json:1:1: (top level): missing field '{field}'", messages);
        }
    }

    [Fact]
    public void Invalid_json_points_at_the_syntax_error()
    {
        Assert.Null(Parse("{\n  \"plant\": \"GS\",,\n}", out var problems));
        var problem = Assert.Single(problems);
        Assert.Equal(2, problem.Line);
        Assert.StartsWith("invalid JSON", problem.Message, StringComparison.Ordinal);
    }

    private static PlantConfig? Parse(string json, out IReadOnlyList<EmissionEdge.Configuration.InputProblem> problems) =>
        PlantConfigFile.Parse("plant.json", Encoding.UTF8.GetBytes(json), "/plant", out problems);
}
