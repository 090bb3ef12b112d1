using System.Net;
using System.Net.Sockets;
using EmissionEdge.Emulator.Serving;

namespace EmissionEdge.Emulator.Tests;

/// <summary>
/// Requests built by hand from the Modbus specification (CRC-16/MODBUS worked out independently of the code), sent as raw
/// bytes over RTU-over-TCP to an emulated SICK MARSIC300; the answers are compared byte for byte.
/// </summary>
public sealed class RawFrameTests : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TcpRtuServer _server;
    private readonly Task _serving;
    private readonly Socket _socket = new(SocketType.Stream, ProtocolType.Tcp);

    public RawFrameTests()
    {
        var (emulator, _) = Emulators.Marsic(Emulators.Constant(""" "SO2": 18.62, "O2": 8.3 """,
            """[ { "from": "0:10:00", "to": "0:20:00", "kind": "calibration" } ]"""));
        _server = new TcpRtuServer(new IPEndPoint(IPAddress.Loopback, 0), new EmulatedBus([emulator]));
        _serving = _server.RunAsync(_stop.Token);
        _socket.Connect(_server.LocalEndPoint);
        _socket.ReceiveTimeout = 2000;
    }

    [Theory]
    [InlineData("01 04 03 E8 00 02 F1 BB", "01 04 04 41 94 F5 C3 A9 55")] // FC04 SO2 at 1000: float 18.62 = 0x4194F5C3, high word first
    [InlineData("01 04 03 E8 00 03 30 7B", "01 84 02 C2 C1")] // 1002 is not in the map: exception 02, illegal data address
    [InlineData("01 02 04 00 00 03 39 3B", "01 02 01 00 A1 88")] // FC02 1024–1026 zero/span check inputs: idle
    [InlineData("01 02 03 EC 00 01 78 7B", "01 02 01 01 60 48")] // FC02 1004 "values live": on (active when false)
    [InlineData("01 06 00 01 00 03 98 0B", "01 86 01 83 A0")] // FC06: the analyzer takes no writes, exception 01
    public void Answers_a_hand_built_request_byte_for_byte(string request, string answer)
    {
        Assert.Equal(answer, Exchange(request));
    }

    [Fact]
    public void Stays_silent_for_another_unit_and_for_a_bad_crc()
    {
        Send("02 04 03 E8 00 02 F1 88"); // unit 2
        Send("01 04 03 E8 00 02 F1 BC"); // CRC off by one
        Assert.Equal("01 04 04 41 94 F5 C3 A9 55", Exchange("01 04 03 E8 00 02 F1 BB"));
        Assert.Equal(2, _server.Bus.Requests); // unit 2's request and the good one; the bad CRC is not a request
        Assert.Equal(1, _server.Bus.NotAddressed);
        Assert.Equal(1, _server.Bus.Discarded);
    }

    [Fact]
    public void Answers_a_request_split_across_tcp_segments()
    {
        Send("01 04 03");
        Thread.Sleep(10);
        Assert.Equal("01 04 04 41 94 F5 C3 A9 55", Exchange("E8 00 02 F1 BB"));
    }

    public void Dispose()
    {
        _socket.Dispose();
        _stop.Cancel();
        _serving.Wait(TimeSpan.FromSeconds(5));
        _server.Dispose();
        _stop.Dispose();
    }

    private void Send(string hex) => _socket.Send(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));

    private string Exchange(string hex)
    {
        Send(hex);
        var buffer = new byte[256];
        int total = 0;
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (DateTime.UtcNow < deadline)
        {
            if (_socket.Poll(TimeSpan.FromMilliseconds(100), SelectMode.SelectRead))
            {
                total += _socket.Receive(buffer, total, buffer.Length - total, SocketFlags.None);
            }
            else if (total > 0)
            {
                break;
            }
        }

        return Convert.ToHexString(buffer, 0, total).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + " " + b);
    }
}
