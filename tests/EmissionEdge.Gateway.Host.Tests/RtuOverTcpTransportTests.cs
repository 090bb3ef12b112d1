using System.Net;
using EmissionEdge.Emulator;
using EmissionEdge.Emulator.Scenarios;
using EmissionEdge.Emulator.Serving;
using EmissionEdge.Gateway.Core.Modbus;
using EmissionEdge.Gateway.Host.Time;
using EmissionEdge.Gateway.Host.Transports;
using Microsoft.Extensions.Time.Testing;

namespace EmissionEdge.Gateway.Host.Tests;

/// <summary>The core's Modbus RTU master over the host's RTU-over-TCP transport, against the analyzer emulator's TCP server.</summary>
public sealed class RtuOverTcpTransportTests : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TcpRtuServer _server;
    private readonly Task _serving;

    public RtuOverTcpTransportTests()
    {
        var map = AnalyzerEmulator.LoadMap(Repository.File("hardware/analyzer-maps/sick-marsic300.json"));
        var scenario = ScenarioReader.Parse("""{ "schema": "emissionedge.scenario/1", "channels": { "SO2": 18.62, "O2": 8.3 }, "events": [] }""", "test.json");
        var emulator = new AnalyzerEmulator(map, scenario, 1, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero)));
        _server = new TcpRtuServer(new IPEndPoint(IPAddress.Loopback, 0), new EmulatedBus([emulator]));
        _serving = _server.RunAsync(_stop.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _server.Dispose();
        _stop.Dispose();
    }

    [Fact]
    public void The_master_reads_the_emulated_analyzer_over_tcp()
    {
        using var transport = new RtuOverTcpTransport("127.0.0.1", _server.LocalEndPoint.Port);
        var master = new ModbusRtuMaster(transport, TimeProviderClock.Real, timeoutMilliseconds: 1000, retries: 1);
        var registers = new ushort[2];

        Assert.Equal(ModbusStatus.Ok, master.ReadInputRegisters(1, 1000, 2, registers, 0));
        Assert.Equal(18.62f, BitConverter.Int32BitsToSingle((registers[0] << 16) | registers[1])); // float, high word first
        Assert.Equal(ModbusStatus.Exception, master.ReadInputRegisters(1, 1000, 3, registers, 0)); // 1002 is not in the map
        Assert.Equal(2, master.LastExceptionCode);
        Assert.Equal(1, transport.Connects);
    }

    [Fact]
    public void Nobody_listening_is_a_timeout_not_a_crash()
    {
        using var transport = new RtuOverTcpTransport("127.0.0.1", FreePort());
        var master = new ModbusRtuMaster(transport, TimeProviderClock.Real, timeoutMilliseconds: 200, retries: 0);
        Assert.Equal(ModbusStatus.Timeout, master.ReadInputRegisters(1, 1000, 2, new ushort[2], 0));
        Assert.Contains("127.0.0.1", transport.LastError, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
