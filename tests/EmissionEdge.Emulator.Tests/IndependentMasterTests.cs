using System.Globalization;
using System.Net;
using EmissionEdge.Emulator.Serving;
using EmissionEdge.Gateway.Core.Configuration;

namespace EmissionEdge.Emulator.Tests;

/// <summary>
/// The emulator interoperates with a Modbus master that is not ours: <c>mbpoll</c> (Debian package, built on libmodbus),
/// over a real pseudo-terminal pair made by socat, and over RTU-over-TCP through a socat pty↔TCP bridge.
/// </summary>
public sealed class IndependentMasterTests : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _owned = [];
    private readonly List<Task> _serving = [];

    private static EmulatedBus Bus() => new([Emulators.Marsic(Emulators.Constant(""" "SO2": 18.62, "NOx": 32.4, "O2": 8.3 """,
        """[ { "from": "0:00:00", "to": "1:00:00", "kind": "calibration" } ]""")).Emulator]);

    [Fact]
    public void Mbpoll_reads_floats_and_status_inputs_over_a_serial_pty_pair()
    {
        var pty = Own(SocatPtyPair.Start());
        var server = Own(new SerialRtuServer(pty.First, new SerialSettings(9600, 'E', 8, 1), Bus()));
        _serving.Add(server.RunAsync(_stop.Token));

        var floats = Mbpoll(pty.Second, "-t", "3:float", "-B", "-r", "1000", "-c", "1");
        Assert.Equal(18.62, Value(floats, 1000), 4);
        Assert.Equal(8.3, Value(Mbpoll(pty.Second, "-t", "3:float", "-B", "-r", "1020", "-c", "1"), 1020), 4);
        var bits = Mbpoll(pty.Second, "-t", "1", "-r", "1024", "-c", "3");
        Assert.Equal([1.0, 1.0, 1.0], new[] { Value(bits, 1024), Value(bits, 1025), Value(bits, 1026) }); // calibrating
        Assert.Equal(1.0, Value(Mbpoll(pty.Second, "-t", "1", "-r", "1004", "-c", "1"), 1004)); // values live
    }

    [Fact]
    public void Mbpoll_reads_over_rtu_over_tcp_through_a_serial_bridge()
    {
        var server = Own(new TcpRtuServer(new IPEndPoint(IPAddress.Loopback, 0), Bus()));
        _serving.Add(server.RunAsync(_stop.Token));
        var bridge = Own(SocatBridge.Start(server.LocalEndPoint));

        var output = Mbpoll(bridge.Pty, "-t", "3:float", "-B", "-r", "1012", "-c", "1");
        Assert.Equal(32.4, Value(output, 1012), 4);
        Assert.Equal(1, server.ConnectionsAccepted);
    }

    [Fact]
    public void Mbpoll_sees_exception_02_for_an_address_the_map_lacks()
    {
        var pty = Own(SocatPtyPair.Start());
        var server = Own(new SerialRtuServer(pty.First, new SerialSettings(9600, 'E', 8, 1), Bus()));
        _serving.Add(server.RunAsync(_stop.Token));
        var (_, output) = Tool.Run("mbpoll", MbpollArguments(pty.Second, "-t", "3", "-r", "1002", "-c", "2"), TimeSpan.FromSeconds(20));
        Assert.Contains("Illegal data address", output, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        Task.WaitAll([.. _serving], TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private T Own<T>(T owned)
        where T : IDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    // -m rtu, slave 1, 9600 8E1, PDU (0-based) addressing, one poll, 5 s timeout (with 1 s, a run of the whole suite,
    // where every test project shares the 2 cores, once saw the first answer through the socat bridge time out).
    private static string[] MbpollArguments(string port, params string[] what) =>
        ["-m", "rtu", "-a", "1", "-b", "9600", "-P", "even", "-d", "8", "-s", "1", "-0", "-1", "-o", "5", .. what, port];

    private static string Mbpoll(string port, params string[] what)
    {
        var (exit, output) = Tool.Run("mbpoll", MbpollArguments(port, what), TimeSpan.FromSeconds(20));
        Assert.True(exit == 0, $"mbpoll failed ({exit}): {output}");
        return output;
    }

    private static double Value(string output, int reference)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith($"[{reference}]:", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"mbpoll printed no value for [{reference}]:\n{output}");
        return double.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>socat joining a pseudo-terminal to a TCP endpoint: a serial device server in reverse.</summary>
    private sealed class SocatBridge : IDisposable
    {
        private readonly System.Diagnostics.Process _process;
        private readonly string _directory;

        private SocatBridge(System.Diagnostics.Process process, string directory, string pty)
        {
            _process = process;
            _directory = directory;
            Pty = pty;
        }

        public string Pty { get; }

        public static SocatBridge Start(IPEndPoint target)
        {
            var directory = Directory.CreateTempSubdirectory("ee-bridge-").FullName;
            var link = Path.Combine(directory, "tty");
            var start = new System.Diagnostics.ProcessStartInfo("socat") { UseShellExecute = false, RedirectStandardError = true };
            start.ArgumentList.Add($"pty,raw,echo=0,link={link}");
            start.ArgumentList.Add($"tcp:{target.Address}:{target.Port}");
            var process = System.Diagnostics.Process.Start(start)!;
            _ = process.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (!File.Exists(link) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            Assert.True(File.Exists(link), "socat did not create the bridge pty");
            return new SocatBridge(process, directory, link);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(2000);
            }

            _process.Dispose();
            Directory.Delete(_directory, true);
        }
    }
}
