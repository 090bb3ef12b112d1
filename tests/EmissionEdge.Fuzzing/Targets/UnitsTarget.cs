using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Configuration;
using EmissionEdge.Configuration.Units;
using EmissionEdge.Fuzzing.Mutation;
using EmissionEdge.Fuzzing.Running;

namespace EmissionEdge.Fuzzing.Targets;

/// <summary>
/// <c>units.json</c> through <see cref="UnitsFile.Parse"/>. Valid inputs are files of 1–6 units with distinct ids
/// (non-ASCII included), class, O2 reference, coal heating value, ambient pressure and O2 basis, which must be read
/// back; mutations start from them and from the repository's sample. A rejection is the list of
/// <see cref="InputProblem"/>s; each must name the file, a line and column from 1, and say what is wrong.
/// </summary>
public sealed class UnitsTarget : FuzzTarget
{
    private static readonly byte[] Sample = SampleFiles.Bytes("units.json");

    private static readonly Gen<ExpectedUnit> Unit = Gen.Select(
        Gen.Frequency((4, Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"].Array[1, 12]), (1, Gen.OneOf("机组", "一", "二", "é", "ñ", "😀").Array[1, 6].Select(parts => string.Concat(parts).ToCharArray()))).Select(c => new string(c)),
        Gen.Bool, Gen.Double[0, 20], Gen.Double[10_000, 40_000], Gen.Double[80_000, 110_000], Gen.Bool,
        (id, isNew, o2, lhv, ambient, wetO2) => new ExpectedUnit(id, isNew, o2, lhv, ambient, wetO2));

    private static readonly Gen<FuzzCase> Valid = Gen.Frequency(
        (1, Gen.Const(new FuzzCase(Sample, "valid sample", Array.Empty<ExpectedUnit>()))),
        (6, Unit.Array[1, 6].Select(units =>
        {
            var distinct = units.DistinctBy(u => u.Id).ToArray();
            var c = CultureInfo.InvariantCulture;
            var items = distinct.Select(u =>
                $"{{\"id\":{JsonSerializer.Serialize(u.Id)},\"class\":\"{(u.IsNew ? "new" : "existing")}\",\"o2Reference\":{u.O2Reference.ToString("R", c)}," +
                $"\"coalLhvKjPerKg\":{u.CoalLhv.ToString("R", c)},\"ambientPressurePa\":{u.AmbientPa.ToString("R", c)},\"o2Basis\":\"{(u.WetO2 ? "wet" : "dry")}\"}}");
            return new FuzzCase(Encoding.UTF8.GetBytes("{\"units\":[" + string.Join(",\n", items) + "]}"), "valid", distinct);
        })));

    /// <inheritdoc />
    public override string Name => "units";

    /// <inheritdoc />
    public override string Description => "units.json reader (unit profiles of the compliance engine)";

    /// <inheritdoc />
    public override Gen<FuzzCase> Cases { get; } = MutatedCases.Json(Valid);

    /// <inheritdoc />
    public override FuzzOutcome Execute(FuzzCase input)
    {
        var units = UnitsFile.Parse("units.json", input.Bytes, out var problems);
        ConfigurationChecks.CheckProblems(problems, "units.json");
        if (input.Expected is ExpectedUnit[] { Length: > 0 } expected)
        {
            FuzzPropertyException.Check(problems.Count == 0 && units.Count == expected.Length, () => $"valid units refused: {string.Join("; ", problems)}");
            for (var i = 0; i < expected.Length; i++)
            {
                var (got, want) = (units[i], expected[i]);
                FuzzPropertyException.Check(got.Id == want.Id && got.Class == (want.IsNew ? UnitClass.New : UnitClass.Existing) && got.O2ReferencePercent == want.O2Reference &&
                    got.CoalLhvKjPerKg == want.CoalLhv && got.AmbientPressurePa == want.AmbientPa && got.O2Moisture == (want.WetO2 ? Moisture.Wet : Moisture.Dry),
                    () => $"unit {i} read back with other values than {want}");
            }
        }

        return Verdict(input, problems.Count > 0 ? problems[0].ToString() : null, problems.Count == 0);
    }

    private sealed record ExpectedUnit(string Id, bool IsNew, double O2Reference, double CoalLhv, double AmbientPa, bool WetO2);
}

/// <summary>Checks shared by the cloud configuration targets.</summary>
internal static class ConfigurationChecks
{
    /// <summary>Every problem names the file, a position from line 1 column 1, and a message.</summary>
    public static void CheckProblems(IReadOnlyList<InputProblem> problems, string fileName)
    {
        foreach (var p in problems)
        {
            FuzzPropertyException.Check(p.File == fileName && p.Line >= 1 && p.Column >= 1 && !string.IsNullOrWhiteSpace(p.Message),
                () => $"problem without file, position or message: {p}");
        }
    }
}
