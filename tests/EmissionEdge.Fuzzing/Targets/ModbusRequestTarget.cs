using CsCheck;
using EmissionEdge.Emulator;
using EmissionEdge.Emulator.Modbus;
using EmissionEdge.Emulator.Scenarios;
using EmissionEdge.Fuzzing.Mutation;
using EmissionEdge.Fuzzing.Running;
using EmissionEdge.Gateway.Core.Analyzers;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Modbus;
using System.Text;

namespace EmissionEdge.Fuzzing.Targets;

/// <summary>
/// The analyzer emulator's request side: a byte stream through <see cref="RtuRequestFramer"/> (reads of varying size,
/// then a silence) and every request it frames through <see cref="AnalyzerEmulator.Answer"/> of an emulated SICK
/// MARSIC300 (slave 1). Valid inputs are reads of the registers and inputs the map defines, which must be answered
/// with data. Every answer must carry a correct CRC, the emulator's address, and the request's function (or its
/// exception form with code 1–3). Rejections: an exception answer (its code named), a frame dropped by the framer
/// (bad CRC or cut off), a request for another slave.
/// </summary>
public sealed class ModbusRequestTarget : FuzzTarget
{
    private static readonly AnalyzerMap Map = ReadMap();

    private static readonly (byte Function, ushort Address, ushort Count)[] Covered =
    [
        .. Map.Channels.Select(c => ((byte)c.Function, (ushort)c.Address, (ushort)c.RegisterCount)),
        .. Map.Status.Where(s => s.Bit < 0).Select(s => ((byte)s.Function, (ushort)s.Address, (ushort)1)),
    ];

    private static readonly Gen<FuzzCase> Valid = Gen.Int[0, Covered.Length - 1].Array[1, 4].Select(picks =>
    {
        var stream = picks.SelectMany(p =>
        {
            var (function, address, count) = Covered[p];
            return ModbusFrames.WithCrc(1, function, (byte)(address >> 8), (byte)address, (byte)(count >> 8), (byte)count);
        }).ToArray();
        return new FuzzCase(stream, $"valid, {picks.Length} requests", picks.Length);
    });

    private static readonly Gen<FuzzCase> Requests = Gen.Select(Gen.Byte, Gen.Byte, Gen.UShort, Gen.UShort, Gen.Byte.Array[0, 20])
        .Select((unit, function, address, count, extra) => new FuzzCase(
            ModbusFrames.WithCrc([(byte)(unit % 3), function, (byte)(address >> 8), (byte)address, (byte)(count >> 8), (byte)count, .. extra]), "any request with a good CRC"));

    /// <inheritdoc />
    public override string Name => "modbus-request";

    /// <inheritdoc />
    public override string Description => "analyzer emulator: RTU request framer and request handling";

    /// <inheritdoc />
    public override Gen<FuzzCase> Cases { get; } = new PcgGen<FuzzCase>(pcg =>
    {
        var sample = Valid.Generate(pcg, null, out _);
        return pcg.Next(10) switch
        {
            0 or 1 => sample,
            2 or 3 or 4 => Requests.Generate(pcg, null, out _),
            _ => MutatedCases.Bytes(pcg, Valid, sample),
        };
    });

    /// <inheritdoc />
    public override FuzzOutcome Execute(FuzzCase input)
    {
        var emulator = new AnalyzerEmulator(Map, Scenario.Constant(new Dictionary<string, double> { ["SO2"] = 18.62, ["O2"] = 8.3 }), 1, TimeProvider.System);
        var framer = new RtuRequestFramer();
        var step = 1 + (input.Bytes.Length % 17);
        var answers = 0;
        string? reason = null;
        for (var offset = 0; offset < input.Bytes.Length; offset += step)
        {
            foreach (var request in framer.Feed(input.Bytes, offset, Math.Min(step, input.Bytes.Length - offset)))
            {
                reason ??= Answer(emulator, request, ref answers);
            }
        }

        if (framer.Silence() is { } last)
        {
            reason ??= Answer(emulator, last, ref answers);
        }

        if (framer.Discarded > 0)
        {
            reason ??= "frame dropped: bad CRC or cut off";
        }

        if (answers == 0)
        {
            reason ??= "no request addressed to this analyzer";
        }

        if (input.Expected is int requests)
        {
            FuzzPropertyException.Check(reason is null && answers == requests, () => $"{requests} valid requests, {answers} answered with data: {reason}");
        }

        return Verdict(input, reason, reason is null);
    }

    /// <summary>Checks the answer to one request; returns the rejection it amounts to, or <see langword="null"/> for data.</summary>
    private static string? Answer(AnalyzerEmulator emulator, byte[] request, ref int answers)
    {
        var answer = emulator.Answer(request);
        if (answer.Frame is null)
        {
            FuzzPropertyException.Check(request.Length < 2 || request[0] != 1, () => $"no answer to a request for this slave: {Convert.ToHexString(request)}");
            return "request for another slave";
        }

        var frame = answer.Frame;
        FuzzPropertyException.Check(ModbusFrames.CrcOk(frame) && frame[0] == 1, () => $"answer with a bad CRC or address: {Convert.ToHexString(frame)}");
        if (frame[1] == (request[1] | 0x80) && frame.Length == 5)
        {
            FuzzPropertyException.Check(frame[2] is >= 1 and <= 3, () => $"exception code {frame[2]} is not 1–3");
            return $"exception {frame[2]} ({ModbusStatusText.ExceptionName(frame[2])})";
        }

        FuzzPropertyException.Check(frame[1] == request[1] && frame.Length == frame[2] + 5, () => $"answer {Convert.ToHexString(frame)} does not fit request {Convert.ToHexString(request)}");
        answers++;
        return null;
    }

    private static AnalyzerMap ReadMap()
    {
        var problems = new ProblemList();
        return AnalyzerMapReader.Read(Encoding.UTF8.GetString(SampleFiles.Bytes("analyzer-maps/sick-marsic300.json")), "sick-marsic300.json", problems)
            ?? throw new InvalidOperationException(problems.ToString());
    }
}
