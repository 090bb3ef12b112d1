using EmissionEdge.Cli.CommandLine;

namespace EmissionEdge.Cli.Tests.Server;

public sealed class ServeAndDemoCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(CancellationToken cancellationToken, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApplication.RunAsync(args, new CliConsole(TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr)), cancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Serve_refuses_a_bad_plant_configuration_naming_every_problem_and_starts_nothing()
    {
        var directory = Directory.CreateTempSubdirectory("ee-serve-");
        var config = Path.Combine(directory.FullName, "plant.json");
        await File.WriteAllTextAsync(config, """
            {
              "dataDirectory": "data",
              "http": { "url": "http://127.0.0.1:0" },
              "mqtt": { "hubHost": "h.local", "tlsPort": "8883" },
              "units": [ { "id": "U1" } ],
              "gateways": [ { "id": "gw-1", "unit": "U2", "key": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" } ],
              "apiKeys": []
            }
            """);

        var (code, stdout, stderr) = await Run(CancellationToken.None, "serve", "--config", config);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal(
            [
                $"{config}:4:46: mqtt.tlsPort: must be a port number 0 to 65535 (0: any free port), got \"8883\"",
                $"{config}:6:41: gateways[0].unit: unknown unit \"U2\" (units: U1)",
                $"{config}:7:14: apiKeys: needs at least one API key (the dashboard and API refuse requests without one)",
                "emissionedge serve: the plant configuration has 3 problems; nothing was started.",
            ],
            stderr.TrimEnd().Split(Environment.NewLine));
        Assert.False(Directory.Exists(Path.Combine(directory.FullName, "data")));
    }

    [Fact]
    public async Task Serve_runs_the_plant_until_cancelled_and_says_where_it_listens()
    {
        var directory = Directory.CreateTempSubdirectory("ee-serve-");
        var config = Path.Combine(directory.FullName, "plant.json");
        await File.WriteAllTextAsync(config, """
            {
              "plant": "T",
              "dataDirectory": "data",
              "http": { "url": "http://127.0.0.1:0" },
              "mqtt": { "hubHost": "h.local", "tlsPort": 0, "bindAddress": "127.0.0.1" },
              "units": [ { "id": "U1" } ],
              "gateways": [],
              "apiKeys": [ { "key": "0123456789abcdefgh", "role": "operator", "units": ["U1"] } ]
            }
            """);
        using var stop = new CancellationTokenSource();
        var stdout = new StringWriter();
        var run = CliApplication.RunAsync(["serve", "--config", config], new CliConsole(TextWriter.Synchronized(stdout), TextWriter.Null), stop.Token);
        for (var i = 0; i < 300 && !stdout.ToString().Contains("Press Ctrl+C", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        var banner = stdout.ToString();
        Assert.Contains("EmissionEdge server, plant T", banner, StringComparison.Ordinal);
        Assert.Contains("MQTT plain         off (no plainPort in the configuration)", banner, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory.FullName, "data", "certificates", "emissionedge-dev-ca.pem")));
        Assert.True(File.Exists(Path.Combine(directory.FullName, "data", "emissionedge.db")));

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Success, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("--speed", "0")]
    [InlineData("--speed", "fast")]
    [InlineData("--http-port", "70000")]
    public async Task Demo_refuses_bad_options(string option, string value)
    {
        var (code, stdout, stderr) = await Run(CancellationToken.None, "demo", option, value);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("--speed must be a number from 1 to 600", stderr, StringComparison.Ordinal);
    }
}
