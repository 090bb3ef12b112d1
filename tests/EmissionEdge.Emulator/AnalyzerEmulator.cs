using EmissionEdge.Emulator.Modbus;
using EmissionEdge.Emulator.Scenarios;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Analyzers;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Modbus;

namespace EmissionEdge.Emulator;

/// <summary>
/// One emulated Modbus RTU analyzer: answers FC01/02 (status bits) and FC03/04 (values and status words) exactly where its
/// analyzer map (<c>hardware/analyzer-maps</c>, read with the gateway core's <see cref="AnalyzerMapReader"/>) puts them,
/// with the values and status of its <see cref="Scenario"/> at the moment of the request. Like real analyzers it answers
/// exception 02 for an address the map does not have, 03 for a bad count and 01 for any other function, and stays silent
/// for other unit ids. Serve it with <see cref="Serving.SerialRtuServer"/> or <see cref="Serving.TcpRtuServer"/>.
/// </summary>
public sealed class AnalyzerEmulator
{
    private long _answered;
    private long _silenced;
    private long _exceptions;

    /// <summary>Creates the emulator.</summary>
    /// <param name="map">A Modbus analyzer map.</param>
    /// <param name="scenario">What it shows over time.</param>
    /// <param name="unitId">Its slave address, 1–247.</param>
    /// <param name="time">Simulated time shared with the gateway (<see cref="TimeProvider.System"/> by default).</param>
    /// <param name="scenarioStart">Scenario time zero: by default the scenario's own <c>start</c>, else now.</param>
    /// <exception cref="ArgumentException">A 4–20 mA map, or a unit id outside 1–247.</exception>
    public AnalyzerEmulator(AnalyzerMap map, Scenario scenario, byte unitId, TimeProvider? time = null, DateTimeOffset? scenarioStart = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(scenario);
        if (map.IsCurrentLoop)
        {
            throw new ArgumentException($"{map.FileName} describes 4–20 mA outputs, not Modbus registers: emulate it with {nameof(Inputs.EmulatedCurrentLoops)}", nameof(map));
        }

        if (unitId < 1 || unitId > 247)
        {
            throw new ArgumentException($"unit id {unitId} is not 1–247", nameof(unitId));
        }

        Map = map;
        Scenario = scenario;
        UnitId = unitId;
        Clock = new ScenarioClock(scenario, time ?? TimeProvider.System, scenarioStart);
    }

    /// <summary>The analyzer map.</summary>
    public AnalyzerMap Map { get; }

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>The slave address.</summary>
    public byte UnitId { get; }

    /// <summary>Where in its scenario the analyzer is.</summary>
    public ScenarioClock Clock { get; }

    /// <summary>The time source.</summary>
    public TimeProvider Time => Clock.Time;

    /// <summary>The simulated time of scenario time zero.</summary>
    public DateTimeOffset ScenarioStart => Clock.Start;

    /// <summary>Scenario time now.</summary>
    public TimeSpan ScenarioTime => Clock.Elapsed;

    /// <summary>Requests answered (exceptions included).</summary>
    public long RequestsAnswered => Interlocked.Read(ref _answered);

    /// <summary>Requests left unanswered because the scenario was silent.</summary>
    public long RequestsSilenced => Interlocked.Read(ref _silenced);

    /// <summary>Exception responses sent.</summary>
    public long ExceptionsSent => Interlocked.Read(ref _exceptions);

    /// <summary>Reads a map file and a scenario file.</summary>
    /// <param name="mapPath">The analyzer map.</param>
    /// <param name="scenarioPath">The scenario, or <see langword="null"/> together with <paramref name="constantValues"/>.</param>
    /// <param name="constantValues">Constant values by channel when there is no scenario file.</param>
    /// <param name="unitId">Slave address.</param>
    /// <param name="time">Time source.</param>
    /// <returns>The emulator.</returns>
    /// <exception cref="ScenarioException">The map or scenario cannot be used; every problem is named.</exception>
    public static AnalyzerEmulator Load(string mapPath, string? scenarioPath, IReadOnlyDictionary<string, double>? constantValues, byte unitId, TimeProvider? time = null)
    {
        var map = LoadMap(mapPath);
        var scenario = scenarioPath is not null ? ScenarioReader.Load(scenarioPath) : Scenario.Constant(constantValues ?? new Dictionary<string, double>());
        return new AnalyzerEmulator(map, scenario, unitId, time);
    }

    /// <summary>Reads an analyzer map with the gateway core's reader.</summary>
    /// <param name="path">The map file.</param>
    /// <returns>The map.</returns>
    /// <exception cref="ScenarioException">The file cannot be read or is refused; every problem is named.</exception>
    public static AnalyzerMap LoadMap(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ScenarioException($"cannot read analyzer map '{path}': {e.Message}", [e.Message]);
        }

        var problems = new ProblemList();
        var map = AnalyzerMapReader.Read(text, Path.GetFileName(path), problems);
        if (map is null)
        {
            var list = Enumerable.Range(0, problems.Count).Select(i => problems[i]).ToArray();
            throw new ScenarioException($"analyzer map '{path}' is refused:{Environment.NewLine}{string.Join(Environment.NewLine, list)}", list);
        }

        return map;
    }

    /// <summary>The value a channel shows now (0 when the scenario has none for it).</summary>
    /// <param name="channel">Channel name.</param>
    /// <returns>The value.</returns>
    public double ValueShown(string channel) => Scenario.ValueAt(channel, ScenarioTime) ?? 0;

    /// <summary>The status entries active now.</summary>
    /// <returns>The entries.</returns>
    public IReadOnlyList<MapStatus> ActiveStatus()
    {
        var offset = ScenarioTime;
        return Map.Status.Where(s => IsActive(s, offset)).ToArray();
    }

    /// <summary>Works out the answer to a request addressed to this analyzer.</summary>
    /// <param name="request">The request without its CRC (unit id, function, data).</param>
    /// <returns>The answer frame with CRC and when to send it, or <see cref="RtuAnswer.None"/> (silent).</returns>
    public RtuAnswer Answer(ReadOnlySpan<byte> request)
    {
        var offset = ScenarioTime;
        if (request.Length < 2 || request[0] != UnitId)
        {
            return RtuAnswer.None;
        }

        if (Scenario.IsActive(ScenarioEventKind.Silent, offset))
        {
            Interlocked.Increment(ref _silenced);
            return RtuAnswer.None;
        }

        byte function = request[1];
        byte[] pdu = function switch
        {
            1 or 2 => ReadBits(function, request, offset),
            3 or 4 => ReadRegisters(function, request, offset),
            _ => Exception(function, 1),
        };

        var frame = new byte[pdu.Length + 3];
        frame[0] = UnitId;
        pdu.CopyTo(frame, 1);
        ModbusCrc.Append(frame, pdu.Length + 1);
        if (Scenario.IsActive(ScenarioEventKind.Corrupt, offset))
        {
            frame[^1] ^= 0x5A;
        }

        Interlocked.Increment(ref _answered);
        return new RtuAnswer(frame, Scenario.AnswerDelayAt(offset));
    }

    private byte[] ReadBits(byte function, ReadOnlySpan<byte> request, TimeSpan offset)
    {
        if (request.Length != 6)
        {
            return Exception(function, 3);
        }

        int start = (request[2] << 8) | request[3];
        int count = (request[4] << 8) | request[5];
        if (count < 1 || count > 2000)
        {
            return Exception(function, 3);
        }

        var pdu = new byte[2 + ((count + 7) / 8)];
        pdu[0] = function;
        pdu[1] = (byte)(pdu.Length - 2);
        for (int i = 0; i < count; i++)
        {
            var status = Map.Status.FirstOrDefault(s => s.Function == function && s.Bit < 0 && s.Address == start + i);
            if (status is null)
            {
                return Exception(function, 2);
            }

            bool bit = IsActive(status, offset) ? status.ActiveWhen : !status.ActiveWhen;
            if (bit)
            {
                pdu[2 + (i >> 3)] |= (byte)(1 << (i & 7));
            }
        }

        return pdu;
    }

    private byte[] ReadRegisters(byte function, ReadOnlySpan<byte> request, TimeSpan offset)
    {
        if (request.Length != 6)
        {
            return Exception(function, 3);
        }

        int start = (request[2] << 8) | request[3];
        int count = (request[4] << 8) | request[5];
        if (count < 1 || count > 125)
        {
            return Exception(function, 3);
        }

        var registers = new ushort[count];
        var covered = new bool[count];
        var scratch = new ushort[2];
        foreach (var channel in Map.Channels.Where(c => c.Function == function))
        {
            int first = channel.Address - start;
            if (first + channel.RegisterCount <= 0 || first >= count)
            {
                continue;
            }

            RegisterEncoder.Encode(channel, Scenario.ValueAt(channel.Channel, offset) ?? 0, scratch, 0);
            for (int r = 0; r < channel.RegisterCount; r++)
            {
                if (first + r >= 0 && first + r < count)
                {
                    registers[first + r] = scratch[r];
                    covered[first + r] = true;
                }
            }
        }

        foreach (var status in Map.Status.Where(s => s.Function == function && s.Bit >= 0 && s.Address >= start && s.Address < start + count))
        {
            int i = status.Address - start;
            covered[i] = true;
            bool bit = IsActive(status, offset) ? status.ActiveWhen : !status.ActiveWhen;
            if (bit)
            {
                registers[i] |= (ushort)(1 << status.Bit);
            }
            else
            {
                registers[i] &= (ushort)~(1 << status.Bit);
            }
        }

        if (covered.Any(c => !c))
        {
            return Exception(function, 2);
        }

        var pdu = new byte[2 + (2 * count)];
        pdu[0] = function;
        pdu[1] = (byte)(2 * count);
        for (int i = 0; i < count; i++)
        {
            pdu[2 + (2 * i)] = (byte)(registers[i] >> 8);
            pdu[3 + (2 * i)] = (byte)registers[i];
        }

        return pdu;
    }

    private byte[] Exception(byte function, byte code)
    {
        Interlocked.Increment(ref _exceptions);
        return [(byte)(function | 0x80), code];
    }

    private bool IsActive(MapStatus status, TimeSpan offset)
    {
        foreach (var e in Scenario.Events)
        {
            if (e.StatusFlag != status.Flag || !e.IsActiveAt(offset))
            {
                continue;
            }

            // An event naming channels concerns this analyzer's status only for channels it measures (a dust monitor
            // fault is not a gas analyzer fault).
            if (e.Channels.Count == 0 || e.Channels.Any(c => Map.FindChannel(c) is not null && status.AppliesTo(ChannelNames.IndexOf(c))))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>An emulator's answer to one request.</summary>
/// <param name="Frame">The answer with CRC, or <see langword="null"/> for no answer.</param>
/// <param name="Delay">Real time to wait before sending it.</param>
public readonly record struct RtuAnswer(byte[]? Frame, TimeSpan Delay)
{
    /// <summary>No answer.</summary>
    public static RtuAnswer None => default;
}
