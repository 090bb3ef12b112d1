using System.Text.Json;
using EmissionEdge.Cli.CommandLine;

namespace EmissionEdge.Cli.Tests.Evaluate;

public sealed class EvaluateCommandTests : IDisposable
{
    private const string OneUnit = """{"units":[{"id":"U1","class":"existing","o2Reference":6,"coalLhvKjPerKg":20900}]}""";
    private const string Header = "unit,minute,SO2,SO2_flag,O2\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("emissionedge-evaluate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApplication.RunAsync(args, new CliConsole(stdout, stderr), CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<(int Code, string Out, string[] Lines)> Evaluate(string units, string minutes)
    {
        var (code, stdout, stderr) = await Run("evaluate", "--units", Write("units.json", units), "--minutes", Write("minutes.csv", minutes));
        return (code, stdout, stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private async Task<string> SingleProblem(string units, string minutes)
    {
        var (code, stdout, lines) = await Evaluate(units, minutes);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        return Assert.Single(lines);
    }

    [Fact]
    public async Task Sample_data_set_gives_the_documented_report()
    {
        var samples = SampleDataTests.SamplesDirectory;
        var (code, stdout, stderr) = await Run("evaluate", "--units", Path.Combine(samples, "units.json"), "--minutes", Path.Combine(samples, "minutes.csv"));
        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(stderr);
        Assert.Contains("\"start\": \"2026-03-15T10:00:00+08:00\"", stdout); // readable, not \u002B-escaped

        using var report = JsonDocument.Parse(stdout);
        var root = report.RootElement;
        Assert.Equal(["asOf", "hours", "days", "months", "coal", "alerts"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-03-16T00:00:00+08:00", root.GetProperty("asOf").GetString());

        var hours = root.GetProperty("hours").EnumerateArray().ToList();
        Assert.Equal(
            ["unit", "start", "pollutant", "validMinutes", "valid", "flag", "average", "correctedAverage", "limit", "exceeds", "massKg"],
            hours[0].EnumerateObject().Select(p => p.Name));
        JsonElement Hour(string unit, string start, string pollutant) => hours.Single(h =>
            h.GetProperty("unit").GetString() == unit && h.GetProperty("start").GetString() == start && h.GetProperty("pollutant").GetString() == pollutant);

        var exceeding = Hour("GS-01", "2026-03-15T10:00:00+08:00", "SO2");
        Assert.True(exceeding.GetProperty("valid").GetBoolean());
        Assert.True(exceeding.GetProperty("exceeds").GetBoolean());
        Assert.Equal(35m, exceeding.GetProperty("limit").GetDecimal());
        Assert.True(exceeding.GetProperty("correctedAverage").GetDecimal() > 35m);

        var calibration = Hour("GS-01", "2026-03-15T14:00:00+08:00", "SO2");
        Assert.Equal(40, calibration.GetProperty("validMinutes").GetInt32());
        Assert.False(calibration.GetProperty("valid").GetBoolean());
        Assert.Equal("C", calibration.GetProperty("flag").GetString());
        Assert.Equal(JsonValueKind.Null, calibration.GetProperty("exceeds").ValueKind);

        // GS-02 has no NOx column values: NOx comes from NO and NO2, and its dust limit is the stricter 5
        var derived = Hour("GS-02", "2026-03-15T00:00:00+08:00", "NOx");
        Assert.Equal(60, derived.GetProperty("validMinutes").GetInt32());
        Assert.Equal(5m, Hour("GS-02", "2026-03-15T00:00:00+08:00", "Dust").GetProperty("limit").GetDecimal());
        Assert.Equal(24 * 3 * 2 + 19 * 3, hours.Count); // GS-03 sent nothing for five hours

        var alerts = root.GetProperty("alerts").EnumerateArray().ToList();
        var exceedance = Assert.Single(alerts, a => a.GetProperty("kind").GetString() == "exceedance");
        Assert.Equal("GS-01", exceedance.GetProperty("unit").GetString());
        Assert.Equal("SO2", exceedance.GetProperty("pollutant").GetString());
        Assert.Equal("2026-03-15T10:00:00+08:00", exceedance.GetProperty("start").GetString());
        Assert.Equal("2026-03-15T11:00:00+08:00", exceedance.GetProperty("end").GetString());
        Assert.Equal(exceeding.GetProperty("correctedAverage").GetDecimal(), exceedance.GetProperty("peak").GetDecimal());
        var gaps = alerts.Where(a => a.GetProperty("kind").GetString() == "data-gap").ToList();
        Assert.Equal(3, gaps.Count);
        Assert.All(gaps, g => Assert.Equal("2026-03-15T03:00:00+08:00", g.GetProperty("start").GetString()));

        var coal = root.GetProperty("coal").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "month").ToList();
        Assert.Equal(["GS-01", "GS-02"], coal.Select(c => c.GetProperty("unit").GetString()));
        Assert.All(coal, c => Assert.Equal("2026-03", c.GetProperty("period").GetString()));
        Assert.All(coal, c => Assert.False(c.GetProperty("closed").GetBoolean()));
        Assert.False(coal[0].GetProperty("exceeds").GetBoolean()); // existing unit, 320
        Assert.True(coal[1].GetProperty("exceeds").GetBoolean());  // new unit, 300
        Assert.DoesNotContain(alerts, a => a.GetProperty("kind").GetString() == "coal"); // March is not closed
    }

    [Fact]
    public async Task A_valid_small_file_is_evaluated_with_flags_and_offsets()
    {
        var rows = string.Concat(Enumerable.Range(0, 60).Select(m => $"U1,2026-03-15T09:{m:00}:00+08:00,{(m < 16 ? "" : "20")},{(m < 16 ? "C" : "")},6\n"));
        var (code, stdout, lines) = await Evaluate(OneUnit, Header + rows);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(lines);
        using var report = JsonDocument.Parse(stdout);
        var hour = Assert.Single(report.RootElement.GetProperty("hours").EnumerateArray());
        Assert.Equal("2026-03-15T09:00:00+08:00", hour.GetProperty("start").GetString());
        Assert.Equal(44, hour.GetProperty("validMinutes").GetInt32());
        Assert.Equal("C", hour.GetProperty("flag").GetString());
    }

    [Fact]
    public async Task Unknown_column_is_named_with_its_position()
    {
        var line = await SingleProblem(OneUnit, "unit,minute,SO3\nU1,2026-03-15T01:00:00Z,20\n");
        Assert.EndsWith("minutes.csv:1:13: unknown column 'SO3' (expected unit, minute, SO2, NOx, NO, NO2, Dust, O2, H2O, Temp, Pressure, Flow, CoalFeed, GrossPower, AuxPower or <channel>_flag)", line);
    }

    [Fact]
    public async Task Duplicate_column_is_refused() =>
        Assert.EndsWith("minutes.csv:1:17: duplicate column 'SO2' (first at column 13)", await SingleProblem(OneUnit, "unit,minute,SO2,SO2\nU1,2026-03-15T01:00:00Z,20,21\n"));

    [Fact]
    public async Task Bad_number_is_named_with_line_column_and_value() =>
        Assert.EndsWith("minutes.csv:3:25: SO2: not a number '2O.5'", await SingleProblem(OneUnit, Header + "U1,2026-03-15T01:00:00Z,20,,6\nU1,2026-03-15T01:01:00Z,2O.5,,6\n"));

    [Fact]
    public async Task Bad_time_is_named() =>
        Assert.EndsWith("minutes.csv:2:4: minute: not an ISO 8601 time '2026-03-15T25:00:00Z'", await SingleProblem(OneUnit, Header + "U1,2026-03-15T25:00:00Z,20,,6\n"));

    [Fact]
    public async Task Time_without_zone_is_refused() =>
        Assert.EndsWith("minutes.csv:2:4: minute: not an ISO 8601 time with Z or an offset '2026-03-15T01:00:00'", await SingleProblem(OneUnit, Header + "U1,2026-03-15T01:00:00,20,,6\n"));

    [Fact]
    public async Task Minute_not_on_a_whole_minute_is_refused() =>
        Assert.EndsWith("minutes.csv:2:4: minute: not on a whole minute '2026-03-15T01:00:30Z'", await SingleProblem(OneUnit, Header + "U1,2026-03-15T01:00:30Z,20,,6\n"));

    [Fact]
    public async Task Bad_flag_letter_is_refused() =>
        Assert.EndsWith("minutes.csv:2:28: SO2_flag: bad flag letter 'X' (expected one of N F M S D C T B)", await SingleProblem(OneUnit, Header + "U1,2026-03-15T01:00:00Z,20,X,6\n"));

    [Fact]
    public async Task Unknown_unit_is_refused() =>
        Assert.EndsWith("minutes.csv:2:1: unit: unknown unit 'U7' (not in units.json)", await SingleProblem(OneUnit, Header + "U7,2026-03-15T01:00:00Z,20,,6\n"));

    [Fact]
    public async Task A_normal_flag_without_value_is_refused() =>
        Assert.EndsWith("minutes.csv:2:26: SO2_flag: flag 'N' needs a value in column SO2", await SingleProblem(OneUnit, Header + "U1,2026-03-15T01:00:00Z,,N,6\n"));

    [Fact]
    public async Task A_row_with_the_wrong_number_of_fields_is_refused() =>
        Assert.EndsWith("minutes.csv:2:1: expected 5 fields as in the header, got 4", await SingleProblem(OneUnit, Header + "U1,2026-03-15T01:00:00Z,20,6\n"));

    [Fact]
    public async Task Unknown_field_in_units_json_is_named()
    {
        var units = "{\"units\":[\n  {\"id\":\"U1\",\"o2Ref\":6}\n]}";
        var line = await SingleProblem(units, Header);
        Assert.Contains("units.json:2:14: unknown field 'o2Ref' in unit 'U1'", line);
    }

    [Fact]
    public async Task Bad_values_in_units_json_are_each_named_with_position()
    {
        var units = "{\"units\":[{\"id\":\"U1\",\"class\":\"old\",\"o2Reference\":\"six\",\"basis\":{\"SO2\":\"moist\"}}]}";
        var (code, stdout, lines) = await Evaluate(units, Header);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.EndsWith("units.json:1:30: class of unit 'U1' must be \"existing\" or \"new\", got \"old\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("o2Reference of unit 'U1' must be a number, got \"six\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("basis of SO2 in unit 'U1' must be", StringComparison.Ordinal) && l.Contains("\"moist\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Out_of_range_profile_values_and_duplicate_ids_are_refused()
    {
        var units = "{\"units\":[{\"id\":\"U1\",\"o2Reference\":21},{\"id\":\"U2\"},{\"id\":\"U2\"}]}";
        var (code, _, lines) = await Evaluate(units, Header);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(lines, l => l.Contains("o2Reference must be at least 0 and below 21 %, got 21", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("unit id 'U2' is defined twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_json_points_at_the_error()
    {
        var line = await SingleProblem("{\"units\":[\n{\"id\": \"U1\",}\n]}", Header);
        Assert.Contains("units.json:2:", line);
        Assert.Contains("invalid JSON", line);
    }

    [Fact]
    public async Task At_most_twenty_problems_are_listed_and_the_rest_are_counted()
    {
        var rows = string.Concat(Enumerable.Range(0, 25).Select(m => $"U1,2026-03-15T01:{m:00}:00Z,bad,,6\n"));
        var (code, stdout, lines) = await Evaluate(OneUnit, Header + rows);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Equal(21, lines.Length);
        Assert.All(lines.Take(20), l => Assert.Matches(@"minutes\.csv:\d+:\d+: SO2: not a number 'bad'$", l));
        Assert.EndsWith("5 more problems not shown (25 in all)", lines[20]);
    }

    [Fact]
    public async Task Missing_file_is_exit_code_2()
    {
        var (code, stdout, stderr) = await Run("evaluate", "--units", Path.Combine(_dir, "none.json"), "--minutes", Path.Combine(_dir, "none.csv"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Contains("none.json", stderr);
    }

    [Fact]
    public async Task Help_describes_the_formats()
    {
        var (code, stdout, _) = await Run("evaluate", "--help");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Usage: emissionedge evaluate --units <units.json> --minutes <minutes.csv>", stdout);
        Assert.Contains("dailyCoalLhvKjPerKg", stdout);
        Assert.Contains("<channel>_flag", stdout);
    }
}
