using System.Globalization;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;

using EmissionEdge.Configuration.Json;

namespace EmissionEdge.Configuration.Units;

/// <summary>
/// Reads <c>units.json</c>: <c>{"units":[{"id":"U1","class":"existing", …}]}</c> into unit profiles. Every field but
/// <c>id</c> is optional; unknown fields are refused by name, and every problem points at its line and column.
/// </summary>
public static class UnitsFile
{
    private static readonly string[] UnitFields =
    [
        "id", "class", "o2Reference", "limits", "coalLimit", "basis", "o2Basis", "ambientPressurePa", "o2CutOff",
        "standardCoalKjPerKg", "coalLhvKjPerKg", "dailyCoalLhvKjPerKg",
    ];

    /// <summary>Parses the file's bytes.</summary>
    /// <param name="fileName">The file name used in problems.</param>
    /// <param name="utf8">The file content.</param>
    /// <param name="problems">Every problem found.</param>
    /// <returns>The profiles in file order; meaningful only when <paramref name="problems"/> is empty.</returns>
    public static IReadOnlyList<UnitProfile> Parse(string fileName, byte[] utf8, out IReadOnlyList<InputProblem> problems)
    {
        var found = new List<InputProblem>();
        problems = found;
        var units = new List<UnitProfile>();
        var root = PositionedJson.ParseFile(fileName, utf8, found);
        if (root is null)
        {
            return units;
        }

        var reader = new Reader(fileName, found);
        if (!reader.Expect(root, JsonNodeKind.Object, "the file", "an object {\"units\": [...]}"))
        {
            return units;
        }

        reader.RejectUnknown(root, ["units"], "top level");
        var list = root.Properties.FirstOrDefault(p => p.Name == "units");
        if (list is null)
        {
            reader.Problem(root, "missing field 'units'");
            return units;
        }

        if (!reader.Expect(list.Value, JsonNodeKind.Array, "units", "an array"))
        {
            return units;
        }

        var ids = new Dictionary<string, JsonNodeAt>(StringComparer.Ordinal);
        foreach (var item in list.Value.Items)
        {
            var unit = reader.Unit(item);
            if (unit is null)
            {
                continue;
            }

            if (ids.TryGetValue(unit.Id, out var first))
            {
                reader.Problem(item, $"unit id '{unit.Id}' is defined twice (first at line {first.Line})");
                continue;
            }

            ids[unit.Id] = item;
            units.Add(unit);
        }

        return units;
    }

    /// <summary>
    /// Reads one unit object embedded in another document (the <c>units</c> of the server's plant configuration), with
    /// the same fields and checks as an entry of <c>units.json</c>. Problems carry the JSON path of the value.
    /// </summary>
    /// <param name="fileName">The file name used in problems.</param>
    /// <param name="node">The unit object.</param>
    /// <param name="problems">Where problems are added.</param>
    /// <returns>The profile, or <see langword="null"/> when the unit has a problem.</returns>
    public static UnitProfile? ReadUnit(string fileName, JsonNodeAt node, List<InputProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new Reader(fileName, problems, WithPaths: true).Unit(node);
    }

    private sealed class Reader(string fileName, List<InputProblem> problems, bool WithPaths = false)
    {
        public void Problem(JsonNodeAt at, string message) => problems.Add(new InputProblem(fileName, at.Line, at.Column, message, PathOf(at.Path)));

        private string? PathOf(string path) => WithPaths ? path : null;

        private string? PathOf(JsonNodeAt parent, string name) => WithPaths ? $"{parent.Path}.{name}" : null;

        public bool Expect(JsonNodeAt node, JsonNodeKind kind, string what, string expected)
        {
            if (node.Kind == kind)
            {
                return true;
            }

            Problem(node, $"{what} must be {expected}, got {node.Display}");
            return false;
        }

        public void RejectUnknown(JsonNodeAt node, IReadOnlyCollection<string> known, string where)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in node.Properties)
            {
                if (!known.Contains(property.Name))
                {
                    problems.Add(new InputProblem(fileName, property.Line, property.Column, $"unknown field '{property.Name}' in {where} (known: {string.Join(", ", known)})", PathOf(node, property.Name)));
                }
                else if (!seen.Add(property.Name))
                {
                    problems.Add(new InputProblem(fileName, property.Line, property.Column, $"field '{property.Name}' given twice in {where}", PathOf(node, property.Name)));
                }
            }
        }

        public UnitProfile? Unit(JsonNodeAt node)
        {
            if (!Expect(node, JsonNodeKind.Object, "a unit", "an object"))
            {
                return null;
            }

            var before = problems.Count;
            var idProperty = node.Properties.FirstOrDefault(p => p.Name == "id");
            string? id = null;
            if (idProperty is null)
            {
                Problem(node, "unit without 'id'");
            }
            else if (idProperty.Value.Kind != JsonNodeKind.String || string.IsNullOrWhiteSpace(idProperty.Value.Text))
            {
                Problem(idProperty.Value, $"id must be a non-empty string, got {idProperty.Value.Display}");
            }
            else
            {
                id = idProperty.Value.Text!;
            }

            var where = id is null ? "a unit" : $"unit '{id}'";
            RejectUnknown(node, UnitFields, where);
            var profile = new UnitProfile(id ?? "?");
            foreach (var (name, _, _, value) in node.Properties)
            {
                switch (name)
                {
                    case "class":
                        profile = value.Text switch
                        {
                            "existing" when value.Kind == JsonNodeKind.String => profile with { Class = UnitClass.Existing },
                            "new" when value.Kind == JsonNodeKind.String => profile with { Class = UnitClass.New },
                            _ => Fail(value, $"class of {where} must be \"existing\" or \"new\", got {value.Display}", profile),
                        };
                        break;
                    case "o2Reference":
                        if (Number(value, name, where) is { } o2Reference)
                        {
                            profile = profile with { O2ReferencePercent = o2Reference };
                        }

                        break;
                    case "coalLimit":
                        if (Decimal(value, name, where) is { } coalLimit)
                        {
                            profile = profile with { CoalLimit = coalLimit };
                        }

                        break;
                    case "ambientPressurePa":
                        if (Number(value, name, where) is { } ambient)
                        {
                            profile = profile with { AmbientPressurePa = ambient };
                        }

                        break;
                    case "o2CutOff":
                        if (Number(value, name, where) is { } cutOff)
                        {
                            profile = profile with { O2CutOffPercent = cutOff };
                        }

                        break;
                    case "standardCoalKjPerKg":
                        if (Number(value, name, where) is { } standardCoal)
                        {
                            profile = profile with { StandardCoalKjPerKg = standardCoal };
                        }

                        break;
                    case "coalLhvKjPerKg":
                        if (Number(value, name, where) is { } lhv)
                        {
                            profile = profile with { CoalLhvKjPerKg = lhv };
                        }

                        break;
                    case "o2Basis":
                        profile = value.Text switch
                        {
                            "dry" when value.Kind == JsonNodeKind.String => profile with { O2Moisture = Moisture.Dry },
                            "wet" when value.Kind == JsonNodeKind.String => profile with { O2Moisture = Moisture.Wet },
                            _ => Fail(value, $"o2Basis of {where} must be \"dry\" or \"wet\", got {value.Display}", profile),
                        };
                        break;
                    case "basis":
                        profile = profile with { ChannelBasis = Basis(value, where) };
                        break;
                    case "limits":
                        profile = profile with { Limits = Limits(value, where) };
                        break;
                    case "dailyCoalLhvKjPerKg":
                        profile = profile with { DailyCoalLhvKjPerKg = DailyLhv(value, where) };
                        break;
                }
            }

            if (problems.Count == before)
            {
                foreach (var problem in profile.Validate())
                {
                    Problem(node, $"{where}: {problem}");
                }
            }

            return problems.Count == before ? profile : null;
        }

        private UnitProfile Fail(JsonNodeAt at, string message, UnitProfile profile)
        {
            Problem(at, message);
            return profile;
        }

        private double? Number(JsonNodeAt value, string name, string where)
        {
            if (value.Kind == JsonNodeKind.Number && double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                return number;
            }

            Problem(value, $"{name} of {where} must be a number, got {value.Display}");
            return null;
        }

        private decimal? Decimal(JsonNodeAt value, string name, string where)
        {
            if (value.Kind == JsonNodeKind.Number && decimal.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            Problem(value, $"{name} of {where} must be a number, got {value.Display}");
            return null;
        }

        private DateOnly? Date(JsonNodeAt value, string name, string where)
        {
            if (value.Kind == JsonNodeKind.String && DateOnly.TryParseExact(value.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            Problem(value, $"{name} of {where} must be a date \"yyyy-MM-dd\", got {value.Display}");
            return null;
        }

        private Dictionary<Channel, MeasurementBasis> Basis(JsonNodeAt node, string where)
        {
            var basis = new Dictionary<Channel, MeasurementBasis>();
            if (!Expect(node, JsonNodeKind.Object, $"basis of {where}", "an object such as {\"SO2\": \"wet-actual\"}"))
            {
                return basis;
            }

            foreach (var (name, line, column, value) in node.Properties)
            {
                if (!Channels.TryParse(name, out var channel) || channel is not (Channel.SO2 or Channel.NOx or Channel.NO or Channel.NO2 or Channel.Dust or Channel.Flow))
                {
                    problems.Add(new InputProblem(fileName, line, column, $"unknown field '{name}' in basis of {where} (known: SO2, NOx, NO, NO2, Dust, Flow)", PathOf(node, name)));
                }
                else if (value.Kind != JsonNodeKind.String || !MeasurementBasis.TryParse(value.Text, out var channelBasis))
                {
                    Problem(value, $"basis of {name} in {where} must be \"dry-standard\", \"dry-actual\", \"wet-standard\" or \"wet-actual\", got {value.Display}");
                }
                else if (!basis.TryAdd(channel, channelBasis))
                {
                    problems.Add(new InputProblem(fileName, line, column, $"field '{name}' given twice in basis of {where}", PathOf(node, name)));
                }
            }

            return basis;
        }

        private List<PollutantLimit> Limits(JsonNodeAt node, string where)
        {
            var limits = new List<PollutantLimit>();
            if (!Expect(node, JsonNodeKind.Array, $"limits of {where}", "an array of {\"pollutant\", \"value\", \"from\"}"))
            {
                return limits;
            }

            foreach (var item in node.Items)
            {
                if (!Expect(item, JsonNodeKind.Object, $"a limit of {where}", "an object {\"pollutant\", \"value\", \"from\"}"))
                {
                    continue;
                }

                RejectUnknown(item, ["pollutant", "value", "from"], $"a limit of {where}");
                Pollutant? pollutant = null;
                decimal? limitValue = null;
                var from = DateOnly.MinValue;
                foreach (var (name, _, _, value) in item.Properties)
                {
                    switch (name)
                    {
                        case "pollutant":
                            if (value.Kind == JsonNodeKind.String && Pollutants.TryParse(value.Text, out var parsed))
                            {
                                pollutant = parsed;
                            }
                            else
                            {
                                Problem(value, $"pollutant of a limit of {where} must be \"Dust\", \"SO2\" or \"NOx\", got {value.Display}");
                            }

                            break;
                        case "value":
                            limitValue = Decimal(value, "value of a limit", where);
                            break;
                        case "from":
                            from = Date(value, "from of a limit", where) ?? from;
                            break;
                    }
                }

                if (pollutant is null && item.Properties.All(p => p.Name != "pollutant"))
                {
                    Problem(item, $"a limit of {where} needs 'pollutant'");
                }

                if (limitValue is null && item.Properties.All(p => p.Name != "value"))
                {
                    Problem(item, $"a limit of {where} needs 'value'");
                }

                if (pollutant is { } p && limitValue is { } v)
                {
                    limits.Add(new PollutantLimit(p, v, from));
                }
            }

            return limits;
        }

        private Dictionary<DateOnly, double> DailyLhv(JsonNodeAt node, string where)
        {
            var days = new Dictionary<DateOnly, double>();
            if (!Expect(node, JsonNodeKind.Object, $"dailyCoalLhvKjPerKg of {where}", "an object such as {\"2026-03-15\": 21100}"))
            {
                return days;
            }

            foreach (var (name, line, column, value) in node.Properties)
            {
                if (!DateOnly.TryParseExact(name, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    problems.Add(new InputProblem(fileName, line, column, $"dailyCoalLhvKjPerKg of {where}: '{name}' is not a date \"yyyy-MM-dd\"", PathOf(node, name)));
                }
                else if (Number(value, $"dailyCoalLhvKjPerKg[{name}]", where) is { } lhv && !days.TryAdd(day, lhv))
                {
                    problems.Add(new InputProblem(fileName, line, column, $"dailyCoalLhvKjPerKg of {where}: day '{name}' given twice", PathOf(node, name)));
                }
            }

            return days;
        }
    }
}
