using EmissionEdge.Cli.CommandLine;

namespace EmissionEdge.Cli.Tests.Commands;

/// <summary><c>emulate</c> and <c>gateway run</c> refuse bad options before starting anything: exit 2, every problem named with its value.</summary>
public sealed class EmulateAndGatewayRunOptionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ee-cli-run-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string RepositoryPath(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "EmissionEdge.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir.FullName, relative);
    }

    private static string Config => RepositoryPath("hardware/gateway-configs/reference.json");

    private static string Map => RepositoryPath("hardware/analyzer-maps/sick-marsic300.json");

    private string KeyFile()
    {
        var path = Path.Combine(_folder, "device.key");
        File.WriteAllText(path, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
        return path;
    }

    /// <summary>Runs the command with a short cancellation: a command that wrongly started serving would be stopped, and exit 0.</summary>
    private static async Task<(int Code, string Out, string[] Errors)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var code = await CliApplication.RunAsync(args, new CliConsole(stdout, stderr), stop.Token);
        return (code, stdout.ToString(), stderr.ToString().TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public async Task Gateway_run_names_each_bad_option_and_its_value()
    {
        var (code, stdout, errors) = await Run("gateway", "run", "--config", Config, "--device-key-file", KeyFile(),
            "--rtu-tcp", "nohost", "--time-scale", "0.5", "--broker", "h:99999", "--journal-torn-write-pause", "0");

        Assert.Equal((ExitCodes.BadInput, ""), (code, stdout));
        Assert.Equal(
            [
                "emissionedge gateway run: --time-scale '0.5' is not a number from 1 to 3600",
                "emissionedge gateway run: --rtu-tcp: 'nohost' is not host:port",
                "emissionedge gateway run: no link for 'rs485-1' (used by analyzer gas): give --serial, --rtu-tcp or --link rs485-1=<port>",
                "emissionedge gateway run: --broker: port '99999' of 'h:99999' is not a number from 1 to 65535",
                "emissionedge gateway run: --journal-torn-write-pause '0' is not a number of milliseconds from 1 to 60000",
            ],
            errors);
    }

    [Theory]
    [InlineData("--link", "rs485-9=tcp://127.0.0.1:5020", "--link 'rs485-9=tcp://127.0.0.1:5020': no analyzer of the configuration is on 'rs485-9' (used: rs485-1)")]
    [InlineData("--start", "2026-01-01T00:00:00", "--start needs --time-scale (without it the time is the real time)")]
    [InlineData("--link", "rs485-1", "--link 'rs485-1' is not <uart>=<port|tcp://host:port>")]
    public async Task Gateway_run_refuses_a_bad_link_or_time_option(string option, string value, string expected)
    {
        var (code, _, errors) = await Run("gateway", "run", "--config", Config, "--device-key-file", KeyFile(), option, value);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"emissionedge gateway run: {expected}", errors);
    }

    [Fact]
    public async Task Gateway_run_refuses_tls_options_with_plain_and_two_links_for_one_bus()
    {
        var (code, _, errors) = await Run("gateway", "run", "--config", Config, "--device-key-file", KeyFile(),
            "--serial", "/dev/null", "--rtu-tcp", "127.0.0.1:5020", "--plain", "--ca", "ca.pem");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("emissionedge gateway run: give --serial or --rtu-tcp, not both", errors);
        Assert.Contains("emissionedge gateway run: --plain has no TLS: --ca and --insecure-dev-cert do not apply", errors);
    }

    [Fact]
    public async Task Gateway_run_without_the_key_file_on_this_pc_is_refused()
    {
        var (code, _, errors) = await Run("gateway", "run", "--config", Config, "--rtu-tcp", "127.0.0.1:5020");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(["emissionedge gateway run: the configuration names the device key file 'I:\\device.key' (a path on the device): give the key file on this PC"], errors);
    }

    [Fact]
    public async Task Emulate_names_each_bad_option_and_its_value()
    {
        var (code, stdout, errors) = await Run("emulate", "--map", Map, "--rtu-tcp", "127.0.0.1:0",
            "--set", "SO2=abc", "--set", "Foo=1", "--unit-id", "300", "--status-every", "0", "--line", "9600,9Z1");

        Assert.Equal((ExitCodes.BadInput, ""), (code, stdout));
        Assert.Equal(
            [
                "emissionedge emulate: --set 'SO2=abc' is not <channel>=<number>, e.g. SO2=18.62",
                "emissionedge emulate: --set 'Foo=1': 'Foo' is not a telemetry channel (known: SO2, NOx, NO, NO2, Dust, O2, H2O, Temp, Pressure, Flow, CoalFeed, GrossPower, AuxPower)",
                "emissionedge emulate: --unit-id '300' is not a slave address from 1 to 247",
                "emissionedge emulate: --line '9600,9Z1' is not <baud>,<data bits><parity N/E/O><stop bits>, e.g. 9600,8E1",
                "emissionedge emulate: --status-every '0' is not a whole number of seconds ≥ 1",
            ],
            errors);
    }

    [Fact]
    public async Task Emulate_needs_one_place_to_serve_and_one_source_of_values()
    {
        var (code, _, errors) = await Run("emulate", "--map", Map);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(
            [
                "emissionedge emulate: give exactly one of --serial <port> and --rtu-tcp <host:port>",
                "emissionedge emulate: give exactly one of --scenario <file> and --set <channel=value> (repeatable)",
            ],
            errors);
    }

    [Fact]
    public async Task Emulate_refuses_an_rtu_tcp_address_that_is_not_ip_and_port()
    {
        var (code, _, errors) = await Run("emulate", "--map", Map, "--rtu-tcp", "localhost:x", "--set", "SO2=1");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(["emissionedge emulate: --rtu-tcp 'localhost:x' is not <ip-address>:<port> (port 'x' of 'localhost:x' is not a number from 0 to 65535)"], errors);
    }

    [Fact]
    public async Task Emulate_of_a_missing_map_names_the_file()
    {
        var missing = Path.Combine(_folder, "none.json");
        var (code, _, errors) = await Run("emulate", "--map", missing, "--rtu-tcp", "127.0.0.1:0", "--set", "SO2=1");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(missing, string.Join("\n", errors), StringComparison.Ordinal);
    }
}
