using EmissionEdge.Emulator.Serving;
using EmissionEdge.Gateway.Host;
using EmissionEdge.Gateway.Host.Time;
using EmissionEdge.Server.Hosting;

namespace EmissionEdge.Demo;

/// <summary>One unit of the running demo: its emulator's RTU server and its gateway.</summary>
/// <param name="Unit">The unit id.</param>
/// <param name="Scenario">What happens to it.</param>
/// <param name="Rtu">The analyzer emulator's RTU-over-TCP server.</param>
/// <param name="Gateway">The PC-hosted gateway.</param>
public sealed record DemoUnit(string Unit, string Scenario, TcpRtuServer Rtu, HostedGateway Gateway);

/// <summary>The running demo. Dispose to stop gateways, emulators and server, in that order.</summary>
public sealed class RunningDemo : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<DemoUnit> _units = [];
    private readonly List<Task> _running = [];

    internal RunningDemo(AcceleratedTimeProvider clock, DateTime eventHourUtc)
    {
        Clock = clock;
        EventHourUtc = eventHourUtc;
    }

    /// <summary>The shared simulated clock.</summary>
    public AcceleratedTimeProvider Clock { get; }

    /// <summary>UTC start of the hour in which the scenarios' events happen.</summary>
    public DateTime EventHourUtc { get; }

    /// <summary>The server.</summary>
    public RunningServer Server { get; internal set; } = null!;

    /// <summary>The units.</summary>
    public IReadOnlyList<DemoUnit> Units => _units;

    internal void Add(DemoUnit unit)
    {
        _units.Add(unit);
        _running.Add(unit.Rtu.RunAsync(_stop.Token));
        _running.Add(unit.Gateway.RunAsync(_stop.Token));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Stopping: a gateway or RTU server that ends with cancellation is done.
        }

        foreach (var unit in _units)
        {
            unit.Gateway.Dispose();
            unit.Rtu.Dispose();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
