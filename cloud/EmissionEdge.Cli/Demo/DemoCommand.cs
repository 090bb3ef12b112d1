using System.Globalization;
using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Compliance.Time;
using EmissionEdge.Demo;
using EmissionEdge.Ingest.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace EmissionEdge.Cli.Demo;

/// <summary>
/// <c>emissionedge demo</c>: runs the built-in demo plant (server, four analyzer emulators, four PC-hosted gateways) on an
/// accelerated clock, prints the dashboard URL and API keys, reports alerts as they are raised, and stops on Ctrl+C.
/// </summary>
public sealed class DemoCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "demo";

    /// <inheritdoc />
    public string Summary => "Run a demo plant of four units with emulated analyzers and gateways; open the dashboard it prints.";

    /// <inheritdoc />
    public CommandSpec Spec { get; } = new(
        [
            new OptionSpec("--speed", "<factor>", "Simulated seconds per real second (default 60: an hour per minute)."),
            new OptionSpec("--http-port", "<port>", "Dashboard port on 127.0.0.1 (default 8080; 0: any free port)."),
            new OptionSpec("--data", "<directory>", "Data directory, emptied at start (default: emissionedge-demo in the temp directory)."),
        ],
        [],
        """
        The simulated clock starts 10 minutes before a China hour that began two hours ago ("the event hour") and runs
        --speed times faster; the server, emulators and gateways share it. In that hour DM-02's SO2 exceeds its limit
        (and stays high), DM-03 calibrates for 35 minutes and DM-04 loses its analyzer line for 80 minutes; DM-01 burns
        coal at 335 gce/kWh against a limit of 320 throughout. At 60x the event hour is judged after about 70 s and its
        alerts follow 15 simulated minutes later.
        """);

    /// <inheritdoc />
    public async Task<int> ExecuteAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        var defaults = new DemoOptions();
        if (!TryNumber(arguments.Value("--speed"), defaults.Speed, 1, 600, out var speed) ||
            !TryNumber(arguments.Value("--http-port"), defaults.HttpPort, 0, 65535, out var port))
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: --speed must be a number from 1 to 600 and --http-port a port from 0 to 65535");
            return ExitCodes.BadInput;
        }

        var options = new DemoOptions { Speed = speed, HttpPort = (int)port, DataDirectory = arguments.Value("--data") ?? defaults.DataDirectory };
        RunningDemo demo;
        try
        {
            demo = await DemoPlant.StartAsync(options, null, cancellationToken);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"{CliApplication.ProgramName} {Name}: cannot start: {e.Message}" +
                (e.Message.Contains("address", StringComparison.OrdinalIgnoreCase) ? " (try --http-port 0)" : string.Empty));
            return ExitCodes.BadInput;
        }

        await using (demo)
        {
            using var alerts = demo.Server.App.Services.GetRequiredService<IngestPipeline>().Feed.Subscribe(new AlertPrinter(console.Out));
            await console.Out.WriteAsync(Banner(demo, speed));
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            await console.Out.WriteLineAsync("Stopping the demo…");
        }

        return ExitCodes.Success;
    }

    private static string Banner(RunningDemo demo, double speed)
    {
        var c = CultureInfo.InvariantCulture;
        var eventHour = ChinaTime.ToLocal(demo.EventHourUtc).ToString("HH:mm", c);
        var judgedAfter = (DemoPlant.EventHourOffset + TimeSpan.FromHours(1)) / speed;
        var units = string.Join(Environment.NewLine, demo.Units.Select(u => $"    {u.Unit}  {u.Scenario}"));
        return string.Create(c, $"""

            EmissionEdge demo plant {DemoPlant.Plant}: 4 units, 4 analyzer emulators, 4 gateways, one server

              Dashboard      {demo.Server.DashboardUrl}
              API keys       operator   {DemoPlant.OperatorKey}
                             regulator  {DemoPlant.RegulatorKey}  (can acknowledge alerts)
              Clock          simulated, {speed:0.#}x, started {ChinaTime.Format(demo.Clock.Start.UtcDateTime)}; the event hour starts at {eventHour} China time
                             and is judged about {judgedAfter.TotalSeconds:0} s from now
              MQTT           TLS on 127.0.0.1:{demo.Server.Broker.TlsPort}, CA {demo.Server.Broker.CaCertificatePath}

            {units}

            Alerts are printed below as they are raised. Press Ctrl+C to stop.

            """);
    }

    private static bool TryNumber(string? text, double fallback, double min, double max, out double value)
    {
        value = fallback;
        return text is null || (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }

    /// <summary>Prints alerts as they are raised, closed or withdrawn (the pipeline's feed), so the console tells the story too.</summary>
    private sealed class AlertPrinter(TextWriter output) : IObserver<IngestNotification>
    {
        public void OnNext(IngestNotification value)
        {
            // New, ended and withdrawn alerts; not every update of a running one.
            if (value is AlertChanged { Notice: var n } && n.Status != "updated")
            {
                var what = n.Pollutant is null ? n.Kind : $"{n.Kind} {n.Pollutant}";
                var peak = n.Peak is { } p ? string.Create(CultureInfo.InvariantCulture, $", peak {p}") : string.Empty;
                output.WriteLine($"  alert {n.Status,-9} {n.Unit}  {what} since {ChinaTime.Format(n.StartUtc)}{peak}");
            }
        }

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
