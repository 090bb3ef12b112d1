using System.Globalization;
using System.Text.Json;
using CsCheck;
using EmissionEdge.Fuzzing.Mutation;
using EmissionEdge.Fuzzing.Running;
using EmissionEdge.Server.Configuration;

namespace EmissionEdge.Fuzzing.Targets;

/// <summary>
/// The local server's plant configuration through <see cref="PlantConfigFile.Parse"/>. Valid inputs are the
/// repository's sample with the plant name, data directory, MQTT TLS port, hour grace, close interval and the first
/// gateway's key set to random allowed values, which must be read back. A rejection is the list of problems; each must
/// name the file, a line and column from 1, and say what is wrong.
/// </summary>
public sealed class PlantConfigTarget : FuzzTarget
{
    private static readonly JsonTree Sample = JsonTree.Parse(SampleFiles.Bytes("plant.json"));
    private static readonly string BaseDirectory = Path.Combine(Path.GetTempPath(), "emissionedge-fuzz-plant");

    private static readonly Gen<FuzzCase> Valid = Gen.Select(
        Gen.Char["abcdefghijklmnopqrstuvwxyzGS-01电厂é"].Array[1, 20].Select(c => new string(c)),
        Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_"].Array[1, 20].Select(c => "./" + new string(c)),
        Gen.Int[0, 65535], Gen.Int[0, 24 * 60], Gen.Int[1, 3600], Gen.Byte.Array[16, 64],
        (plant, data, port, grace, every, key) =>
        {
            var c = CultureInfo.InvariantCulture;
            var tree = Sample.Clone();
            JsonEdit.Set(tree, "plant", JsonSerializer.Serialize(plant));
            JsonEdit.Set(tree, "dataDirectory", JsonSerializer.Serialize(data));
            JsonEdit.Set(tree, "mqtt.tlsPort", port.ToString(c));
            JsonEdit.Set(tree, "ingest.hourGraceMinutes", grace.ToString(c));
            JsonEdit.Set(tree, "ingest.closeHoursEverySeconds", every.ToString(c));
            JsonEdit.Set(tree, "gateways[0].key", "\"" + Convert.ToBase64String(key) + "\"");
            return new FuzzCase(tree.ToUtf8(2), "valid", new Expected(plant, data, port, grace, every, Convert.ToBase64String(key)));
        });

    /// <inheritdoc />
    public override string Name => "plant";

    /// <inheritdoc />
    public override string Description => "local server plant configuration reader (units, gateways, regulators, API keys, ingest)";

    /// <inheritdoc />
    public override Gen<FuzzCase> Cases { get; } = MutatedCases.Json(Valid);

    /// <inheritdoc />
    public override FuzzOutcome Execute(FuzzCase input)
    {
        var config = PlantConfigFile.Parse("plant.json", input.Bytes, BaseDirectory, out var problems);
        ConfigurationChecks.CheckProblems(problems, "plant.json");
        FuzzPropertyException.Check((config is null) == (problems.Count > 0), () => $"configuration {(config is null ? "refused" : "accepted")} with {problems.Count} problems");
        if (input.Expected is Expected e)
        {
            FuzzPropertyException.Check(config is not null, () => $"a valid configuration was refused: {string.Join("; ", problems)}");
            FuzzPropertyException.Check(config!.Plant == e.Plant && config.DataDirectory == Path.GetFullPath(Path.Combine(BaseDirectory, e.DataDirectory)) &&
                config.Mqtt.TlsPort == e.TlsPort && config.Ingest.HourGracePeriod == TimeSpan.FromMinutes(e.GraceMinutes) &&
                config.Ingest.CloseHoursEvery == TimeSpan.FromSeconds(e.EverySeconds) && config.Gateways[0].Key == e.Key,
                () => $"configuration read back with other values than {e}");
        }

        return Verdict(input, problems.Count > 0 ? problems[0].ToString() : null, config is not null);
    }

    private sealed record Expected(string Plant, string DataDirectory, int TlsPort, int GraceMinutes, int EverySeconds, string Key);
}
