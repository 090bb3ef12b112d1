using BenchmarkDotNet.Attributes;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Modbus;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Benchmarks.Gateway;

/// <summary>
/// One sampling cycle of the reference gateway (hardware/gateway-configs/reference.json): 7 Modbus
/// requests to a MARSIC300 answered in memory (no line time), 4 current loops, 4 contacts, flags and
/// minute aggregation. Measures the core's CPU cost and allocation per cycle.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class SamplingCycleBenchmarks
{
    private GatewaySampler _sampler = null!;
    private long _ticks;

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRoot();
        var folder = Path.Combine(root, "hardware", "gateway-configs");
        var problems = new ProblemList();
        var config = GatewayConfigReader.Read(File.ReadAllText(Path.Combine(folder, "reference.json")), "reference.json", new Files(folder), problems)
            ?? throw new InvalidOperationException(problems.ToString());
        _sampler = new GatewaySampler(config, [new InstantAnalyzer(), null], new Loops(), new Contacts(), new Clock());
        _ticks = new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc).Ticks;
    }

    /// <summary>One cycle, advancing 4 s of sample time.</summary>
    [Benchmark]
    public bool SampleOnce()
    {
        _ticks += 4 * TimeSpan.TicksPerSecond;
        return _sampler.Sample(_ticks);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "EmissionEdge.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private sealed class Files(string folder) : ITextFiles
    {
        public bool TryReadText(string path, out string text, out string error)
        {
            text = File.ReadAllText(Path.Combine(folder, path));
            error = string.Empty;
            return true;
        }
    }

    /// <summary>Answers FC02/FC04 reads at once from preallocated buffers: live values, no alarms.</summary>
    private sealed class InstantAnalyzer : IModbusTransport
    {
        private readonly byte[] _answer = new byte[260];
        private int _length;
        private int _position;

        public int BitsPerCharacter => 11;
        public int BaudRate => 9600;

        public void DiscardInput() => _position = _length;

        public void Write(byte[] buffer, int offset, int count)
        {
            byte fc = buffer[offset + 1];
            int start = (buffer[offset + 2] << 8) | buffer[offset + 3];
            int n = (buffer[offset + 4] << 8) | buffer[offset + 5];
            _answer[0] = buffer[offset];
            _answer[1] = fc;
            int p = 3;
            if (fc == 2)
            {
                int bytes = (n + 7) / 8;
                for (int i = 0; i < bytes; i++)
                {
                    _answer[p + i] = 0;
                }

                for (int i = 0; i < n; i++)
                {
                    if (start + i == 1004)
                    {
                        _answer[p + (i / 8)] |= (byte)(1 << (i % 8));
                    }
                }

                _answer[2] = (byte)bytes;
                p += bytes;
            }
            else
            {
                _answer[2] = (byte)(2 * n);
                for (int i = 0; i < n; i += 2)
                {
                    // 18.5f = 0x41940000, high word first
                    _answer[p++] = 0x41;
                    _answer[p++] = 0x94;
                    _answer[p++] = 0x00;
                    _answer[p++] = 0x00;
                }
            }

            _length = ModbusCrc.Append(_answer, p);
            _position = 0;
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
        {
            int n = Math.Min(count, _length - _position);
            Array.Copy(_answer, _position, buffer, offset, n);
            _position += n;
            return n;
        }
    }

    private sealed class Loops : ICurrentLoopInputs
    {
        public bool TryReadMilliamps(int input, out double milliamps)
        {
            milliamps = 12.0 + input;
            return true;
        }
    }

    private sealed class Contacts : IStatusInputs
    {
        public bool TryReadClosed(int input, out bool closed)
        {
            closed = input == 3; // the normally closed fault relay is healthy
            return true;
        }
    }

    private sealed class Clock : IClock
    {
        private long _ms;
        public long UtcTicks => 0;
        public long MonotonicMilliseconds => _ms;
        public void Delay(int milliseconds) => _ms += milliseconds;
    }
}
