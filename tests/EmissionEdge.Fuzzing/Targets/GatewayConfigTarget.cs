using System.Text;
using System.Text.Json;
using CsCheck;
using EmissionEdge.Fuzzing.Mutation;
using EmissionEdge.Fuzzing.Running;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Journal;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Fuzzing.Targets;

/// <summary>
/// The gateway's configuration loader: <see cref="GatewayConfigReader.Read"/> with the analyzer maps and the pin map it
/// names (so <c>AnalyzerMapReader</c> and <c>PinMapReader</c> run too), all from <c>hardware/</c>. An input is one
/// byte naming the file that is fuzzed (0: the configuration; otherwise an analyzer map or the pin map) followed by that
/// file's content; the other files stay as in the repository. Valid inputs are the repository's configurations with
/// device id, unit, sampling interval, journal size, MAC, slave address, timeout and retries set to random allowed
/// values, which must be read back. A rejection is the list of problems; each must name its file.
/// </summary>
public sealed class GatewayConfigTarget : FuzzTarget
{
    private static readonly string[] Configs = SampleFiles.Under("gateway-configs/");
    private static readonly string[] Referenced = [.. SampleFiles.Under("analyzer-maps/"), .. SampleFiles.Under("pinmaps/")];
    private static readonly byte[][] ConfigBytes = Configs.Select(SampleFiles.Bytes).ToArray();
    private static readonly byte[][] ReferencedBytes = Referenced.Select(SampleFiles.Bytes).ToArray();
    private static readonly Dictionary<string, string> Files = Referenced.Zip(ReferencedBytes).ToDictionary(f => "../" + f.First, f => Encoding.UTF8.GetString(f.Second));
    private static readonly string FirstConfigText = Encoding.UTF8.GetString(ConfigBytes[0]);
    private static readonly JsonTree[] ConfigTrees = ConfigBytes.Select(JsonTree.Parse).ToArray();
    private static readonly JsonTree[] ReferencedTrees = ReferencedBytes.Select(JsonTree.Parse).ToArray();
    private static readonly int SevenDaysBytes = JournalLayout.HeaderSize + (JournalLayout.SevenDaysOfMinutes * JournalLayout.RecordSize);

    private static readonly Gen<Expected> Values = Gen.Select(
        Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.%_*?!(),:=@$'"].Array[1, 128].Select(c => new string(c)),
        Gen.Frequency((4, Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"].Array[1, 16]), (1, Gen.Char["机组一二éñ"].Array[1, 6])).Select(c => new string(c)),
        // Interval, timeout and retries kept where the reads of the samples' analyzers (up to 7 requests) fit one sampling interval even when nothing answers.
        Gen.Int[4, 5], Gen.Int[SevenDaysBytes, 16 * 1024 * 1024], Gen.Bool, Gen.Int[1, 247], Gen.Int[50, 250], Gen.Int[0, 1],
        (device, unit, interval, journal, mac, slave, timeout, retries) => new Expected(device, unit, interval, journal, mac, (byte)slave, timeout, retries));

    private static readonly Gen<FuzzCase> Valid = Gen.Select(Gen.Int[0, Configs.Length - 1], Values, (which, v) =>
    {
        var tree = ConfigTrees[which].Clone();
        JsonEdit.Set(tree, "deviceId", JsonSerializer.Serialize(v.DeviceId));
        JsonEdit.Set(tree, "unit", JsonSerializer.Serialize(v.Unit));
        JsonEdit.Set(tree, "samplingIntervalSeconds", v.Interval.ToString(System.Globalization.CultureInfo.InvariantCulture));
        JsonEdit.Set(tree, "journal.sizeBytes", v.JournalBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        JsonEdit.Set(tree, "mac", v.Mac ? "true" : "false");
        JsonEdit.Set(tree, "analyzers[0].unitId", v.Slave.ToString(System.Globalization.CultureInfo.InvariantCulture));
        JsonEdit.Set(tree, "analyzers[0].timeoutMs", v.TimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        JsonEdit.Set(tree, "analyzers[0].retries", v.Retries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new FuzzCase([0, .. tree.ToUtf8(2)], "valid " + Configs[which], v);
    });

    private static readonly Gen<FuzzCase> ConfigCases = MutatedCases.Json(Valid.Select(c => c with { Bytes = c.Bytes[1..] }))
        .Select(c => c with { Bytes = [0, .. c.Bytes] });

    /// <inheritdoc />
    public override string Name => "gateway-config";

    /// <inheritdoc />
    public override string Description => "gateway configuration, analyzer map and pin map readers";

    /// <inheritdoc />
    public override Gen<FuzzCase> Cases { get; } = new PcgGen<FuzzCase>(pcg =>
    {
        if (pcg.Next(3) != 0)
        {
            return ConfigCases.Generate(pcg, null, out _);
        }

        // One referenced file mutated, the configuration as in the repository.
        var which = (int)pcg.Next((uint)Referenced.Length);
        var original = ReferencedBytes[which];
        var mutated = pcg.Next(3) == 0
            ? ByteMutations.Mutate(pcg, original, original, out var what)
            : JsonMutations.Mutate(pcg, ReferencedTrees[which], out what);
        return new FuzzCase([(byte)(which + 1), .. mutated], Referenced[which] + ": " + what);
    });

    /// <inheritdoc />
    public override FuzzOutcome Execute(FuzzCase input)
    {
        var bytes = input.Bytes.Length == 0 ? [0] : input.Bytes;
        var which = bytes[0] % (Referenced.Length + 1);
        var content = Encoding.UTF8.GetString(bytes, 1, bytes.Length - 1);
        var files = new Dictionary<string, string>(Files);
        var configText = FirstConfigText;
        if (which == 0)
        {
            configText = content;
        }
        else
        {
            // Every analyzer map is fuzzed in the place of the Modbus analyzer's map, except the 4–20 mA one, which keeps its own place.
            var name = Referenced[which - 1];
            var path = name.StartsWith("analyzer-maps/", StringComparison.Ordinal) && name != "analyzer-maps/generic-4-20ma.json"
                ? "../analyzer-maps/sick-marsic300.json"
                : "../" + name;
            files[path] = content;
        }

        var problems = new ProblemList();
        var config = GatewayConfigReader.Read(configText, "gateway.json", new MemoryFiles(files), problems);
        FuzzPropertyException.Check((config is null) == (problems.Count > 0), () => $"config {(config is null ? "refused" : "accepted")} with {problems.Count} problems");
        for (var i = 0; i < problems.Count; i++)
        {
            var problem = problems[i];
            FuzzPropertyException.Check(problem.StartsWith("gateway.json: ", StringComparison.Ordinal) || files.Keys.Any(f => problem.StartsWith(f + ": ", StringComparison.Ordinal)),
                () => $"problem does not name its file: '{problem}'");
        }

        if (input.Expected is Expected e)
        {
            FuzzPropertyException.Check(config is not null, () => $"a valid configuration was refused: {problems}");
            var a = config!.Analyzers[0];
            FuzzPropertyException.Check(config.DeviceId == e.DeviceId && config.Unit == e.Unit && config.SamplingIntervalSeconds == e.Interval &&
                config.JournalSizeBytes == e.JournalBytes && config.MacEnabled == e.Mac && a.UnitId == e.Slave && a.TimeoutMilliseconds == e.TimeoutMs && a.Retries == e.Retries,
                () => $"configuration read back with other values than {e}");
        }

        return Verdict(input, problems.Count > 0 ? problems[0] : null, config is not null);
    }

    /// <summary>The generated values of a valid configuration.</summary>
    private sealed record Expected(string DeviceId, string Unit, int Interval, int JournalBytes, bool Mac, byte Slave, int TimeoutMs, int Retries);

    /// <summary>Files by the path written in the configuration.</summary>
    private sealed class MemoryFiles(Dictionary<string, string> files) : ITextFiles
    {
        public bool TryReadText(string path, out string text, out string error)
        {
            if (files.TryGetValue(path, out text!))
            {
                error = string.Empty;
                return true;
            }

            text = string.Empty;
            error = $"cannot read '{path}': no such file";
            return false;
        }
    }
}
