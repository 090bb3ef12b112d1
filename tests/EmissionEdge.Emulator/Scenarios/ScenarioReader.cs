using System.Globalization;
using System.Text.Json;
using EmissionEdge.Gateway.Core.Acquisition;

namespace EmissionEdge.Emulator.Scenarios;

/// <summary>
/// Reads scenario files (format in README "Scenario files"). Every problem is reported, each naming the file, the
/// member path and the value; unknown members are refused so that a misspelt key never goes unnoticed.
/// </summary>
public static class ScenarioReader
{
    /// <summary>The <c>schema</c> value of the format.</summary>
    public const string Schema = "emissionedge.scenario/1";

    private static readonly string[] RootMembers = ["schema", "description", "start", "seed", "channels", "events"];
    private static readonly string[] ProfileMembers = ["points", "shape", "noise", "value"];
    private static readonly string[] PointMembers = ["at", "value"];
    private static readonly string[] EventMembers = ["from", "to", "kind", "channels", "values", "delayMs", "contact", "description"];
    private static readonly string[] TimeFormats = [@"h\:mm\:ss", @"hh\:mm\:ss", @"d\.hh\:mm\:ss"];

    /// <summary>Reads a scenario file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ScenarioException">The file cannot be read or has problems.</exception>
    public static Scenario Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ScenarioException($"cannot read scenario '{path}': {e.Message}", [e.Message]);
        }

        return Parse(text, Path.GetFileName(path));
    }

    /// <summary>Reads a scenario from JSON text.</summary>
    /// <param name="json">The text.</param>
    /// <param name="fileName">Name used in messages.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ScenarioException">The text has problems; every one is listed.</exception>
    public static Scenario Parse(string json, string fileName)
    {
        var problems = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"{fileName}: not valid JSON: {e.Message}", [$"{fileName}: not valid JSON: {e.Message}"]);
        }

        using (document)
        {
            var root = document.RootElement;
            void Report(string path, string message) => problems.Add($"{fileName}: {path}: {message}");
            if (root.ValueKind != JsonValueKind.Object)
            {
                Report("(root)", "must be an object");
                throw Fail(fileName, problems);
            }

            RejectUnknown(root, "(root)", RootMembers, Report);
            if (!root.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.String || schema.GetString() != Schema)
            {
                Report("schema", $"must be \"{Schema}\"{(root.TryGetProperty("schema", out var s) ? $", got {s.GetRawText()}" : " (missing)")}");
            }

            string description = root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : string.Empty;
            DateTimeOffset? start = null;
            if (root.TryGetProperty("start", out var startNode))
            {
                if (startNode.ValueKind == JsonValueKind.String &&
                    System.Text.RegularExpressions.Regex.IsMatch(startNode.GetString()!, @"(Z|[+-]\d\d:\d\d)$") &&
                    DateTimeOffset.TryParse(startNode.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    start = parsed;
                }
                else
                {
                    Report("start", $"{startNode.GetRawText()} is not an ISO 8601 time with Z or an offset");
                }
            }

            int seed = 1;
            if (root.TryGetProperty("seed", out var seedNode) && !seedNode.TryGetInt32(out seed))
            {
                Report("seed", $"{seedNode.GetRawText()} is not an integer");
            }

            var channels = new Dictionary<string, ChannelProfile>(StringComparer.Ordinal);
            if (root.TryGetProperty("channels", out var channelsNode))
            {
                if (channelsNode.ValueKind != JsonValueKind.Object)
                {
                    Report("channels", "must be an object of channel name → profile");
                }
                else
                {
                    foreach (var member in channelsNode.EnumerateObject())
                    {
                        var profile = ReadProfile(member.Name, member.Value, $"channels.{member.Name}", Report);
                        if (profile is not null)
                        {
                            channels[member.Name] = profile;
                        }
                    }
                }
            }

            var events = new List<ScenarioEvent>();
            if (root.TryGetProperty("events", out var eventsNode))
            {
                if (eventsNode.ValueKind != JsonValueKind.Array)
                {
                    Report("events", "must be an array");
                }
                else
                {
                    int i = 0;
                    foreach (var node in eventsNode.EnumerateArray())
                    {
                        var e = ReadEvent(node, $"events[{i++}]", Report);
                        if (e is not null)
                        {
                            events.Add(e);
                        }
                    }
                }
            }

            if (channels.Count == 0 && problems.Count == 0)
            {
                Report("channels", "lists no channel");
            }

            if (problems.Count > 0)
            {
                throw Fail(fileName, problems);
            }

            return new Scenario(description, start, seed, channels, events);
        }
    }

    /// <summary>Parses a scenario time such as <c>0:10:00</c> or <c>1.02:00:00</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="time">The time.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool TryParseTime(string text, out TimeSpan time) =>
        TimeSpan.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, out time) && time >= TimeSpan.Zero;

    private static ChannelProfile? ReadProfile(string channel, JsonElement node, string path, Action<string, string> report)
    {
        if (ChannelNames.IndexOf(channel) < 0)
        {
            report(path, $"'{channel}' is not a telemetry channel (known: {ChannelNames.List()})");
            return null;
        }

        if (node.ValueKind == JsonValueKind.Number)
        {
            return new ChannelProfile(channel, [new ProfilePoint(TimeSpan.Zero, node.GetDouble())], ProfileShape.Step, 0);
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            report(path, $"must be a number or a profile object, got {node.GetRawText()}");
            return null;
        }

        RejectUnknown(node, path, ProfileMembers, report);
        var points = new List<ProfilePoint>();
        if (node.TryGetProperty("value", out var constant))
        {
            if (constant.ValueKind != JsonValueKind.Number)
            {
                report($"{path}.value", $"{constant.GetRawText()} is not a number");
            }
            else
            {
                points.Add(new ProfilePoint(TimeSpan.Zero, constant.GetDouble()));
            }
        }

        if (node.TryGetProperty("points", out var pointsNode))
        {
            if (points.Count > 0)
            {
                report(path, "gives both \"value\" and \"points\"; keep one");
            }

            if (pointsNode.ValueKind != JsonValueKind.Array || pointsNode.GetArrayLength() == 0)
            {
                report($"{path}.points", "must be a non-empty array of {\"at\": \"h:mm:ss\", \"value\": number}");
            }
            else
            {
                int i = 0;
                foreach (var point in pointsNode.EnumerateArray())
                {
                    var p = $"{path}.points[{i++}]";
                    if (point.ValueKind != JsonValueKind.Object)
                    {
                        report(p, $"must be an object, got {point.GetRawText()}");
                        continue;
                    }

                    RejectUnknown(point, p, PointMembers, report);
                    var at = ReadTime(point, "at", p, report);
                    if (!point.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.Number)
                    {
                        report($"{p}.value", point.TryGetProperty("value", out var bad) ? $"{bad.GetRawText()} is not a number" : "missing");
                        continue;
                    }

                    if (at is { } time)
                    {
                        if (points.Count > 0 && time <= points[^1].At)
                        {
                            report($"{p}.at", $"{time:c} is not after the previous point ({points[^1].At:c})");
                        }

                        points.Add(new ProfilePoint(time, v.GetDouble()));
                    }
                }
            }
        }

        if (points.Count == 0 && !node.TryGetProperty("points", out _) && !node.TryGetProperty("value", out _))
        {
            report(path, "needs \"value\" or \"points\"");
        }

        var shape = ProfileShape.Step;
        if (node.TryGetProperty("shape", out var shapeNode))
        {
            switch (shapeNode.ValueKind == JsonValueKind.String ? shapeNode.GetString() : null)
            {
                case "step": shape = ProfileShape.Step; break;
                case "linear": shape = ProfileShape.Linear; break;
                default: report($"{path}.shape", $"{shapeNode.GetRawText()} must be \"step\" or \"linear\""); break;
            }
        }

        double noise = 0;
        if (node.TryGetProperty("noise", out var noiseNode) && (noiseNode.ValueKind != JsonValueKind.Number || (noise = noiseNode.GetDouble()) < 0))
        {
            report($"{path}.noise", $"{noiseNode.GetRawText()} must be a standard deviation ≥ 0");
            noise = 0;
        }

        return points.Count == 0 ? null : new ChannelProfile(channel, points, shape, noise);
    }

    private static ScenarioEvent? ReadEvent(JsonElement node, string path, Action<string, string> report)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            report(path, $"must be an object, got {node.GetRawText()}");
            return null;
        }

        RejectUnknown(node, path, EventMembers, report);
        var from = ReadTime(node, "from", path, report);
        var to = ReadTime(node, "to", path, report);
        if (from is { } f && to is { } t && t <= f)
        {
            report($"{path}.to", $"{t:c} is not after from ({f:c})");
        }

        ScenarioEventKind? kind = null;
        var kindText = node.TryGetProperty("kind", out var kindNode) && kindNode.ValueKind == JsonValueKind.String ? kindNode.GetString() : null;
        switch (kindText)
        {
            case "calibration": kind = ScenarioEventKind.Calibration; break;
            case "maintenance": kind = ScenarioEventKind.Maintenance; break;
            case "fault": kind = ScenarioEventKind.Fault; break;
            case "silent": kind = ScenarioEventKind.Silent; break;
            case "slow": kind = ScenarioEventKind.Slow; break;
            case "corrupt": kind = ScenarioEventKind.Corrupt; break;
            case "contact": kind = ScenarioEventKind.Contact; break;
            default:
                report($"{path}.kind", $"{(node.TryGetProperty("kind", out var k) ? k.GetRawText() : "missing")}: must be one of calibration, maintenance, fault, silent, slow, corrupt, contact");
                break;
        }

        var channels = new List<string>();
        if (node.TryGetProperty("channels", out var channelsNode))
        {
            if (channelsNode.ValueKind != JsonValueKind.Array)
            {
                report($"{path}.channels", "must be an array of channel names");
            }
            else
            {
                foreach (var c in channelsNode.EnumerateArray())
                {
                    var name = c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText();
                    if (ChannelNames.IndexOf(name) < 0)
                    {
                        report($"{path}.channels", $"'{name}' is not a telemetry channel");
                    }
                    else
                    {
                        channels.Add(name);
                    }
                }
            }
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        if (node.TryGetProperty("values", out var valuesNode))
        {
            if (valuesNode.ValueKind != JsonValueKind.Object)
            {
                report($"{path}.values", "must be an object of channel name → number");
            }
            else
            {
                foreach (var v in valuesNode.EnumerateObject())
                {
                    if (ChannelNames.IndexOf(v.Name) < 0)
                    {
                        report($"{path}.values.{v.Name}", $"'{v.Name}' is not a telemetry channel");
                    }
                    else if (v.Value.ValueKind != JsonValueKind.Number)
                    {
                        report($"{path}.values.{v.Name}", $"{v.Value.GetRawText()} is not a number");
                    }
                    else
                    {
                        values[v.Name] = v.Value.GetDouble();
                    }
                }
            }
        }

        int delay = 0;
        if (node.TryGetProperty("delayMs", out var delayNode) && (!delayNode.TryGetInt32(out delay) || delay < 0 || delay > 60000))
        {
            report($"{path}.delayMs", $"{delayNode.GetRawText()} must be an integer from 0 to 60000");
        }
        else if (kind == ScenarioEventKind.Slow && delay == 0)
        {
            report($"{path}.delayMs", "a slow event needs delayMs > 0");
        }

        string? contact = node.TryGetProperty("contact", out var contactNode) && contactNode.ValueKind == JsonValueKind.String ? contactNode.GetString() : null;
        if (kind == ScenarioEventKind.Contact && string.IsNullOrEmpty(contact))
        {
            report($"{path}.contact", "a contact event names the pin-map digital input it closes, e.g. \"di-3\"");
        }

        return from is null || to is null || kind is null || to <= from ? null : new ScenarioEvent(from.Value, to.Value, kind.Value, channels, values, delay, contact);
    }

    private static TimeSpan? ReadTime(JsonElement node, string member, string path, Action<string, string> report)
    {
        if (!node.TryGetProperty(member, out var value))
        {
            report($"{path}.{member}", "missing (a scenario time h:mm:ss from the start)");
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && TryParseTime(value.GetString()!, out var time))
        {
            return time;
        }

        report($"{path}.{member}", $"{value.GetRawText()} is not a scenario time h:mm:ss (e.g. \"0:10:00\" for ten minutes)");
        return null;
    }

    private static void RejectUnknown(JsonElement node, string path, string[] known, Action<string, string> report)
    {
        foreach (var member in node.EnumerateObject())
        {
            if (!known.Contains(member.Name, StringComparer.Ordinal))
            {
                report(path, $"unknown member '{member.Name}' (known: {string.Join(", ", known)})");
            }
        }
    }

    private static ScenarioException Fail(string fileName, List<string> problems) =>
        new($"scenario {fileName} has {problems.Count} problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}", problems);
}

/// <summary>A scenario file that cannot be used; <see cref="Exception.Message"/> lists every problem.</summary>
public sealed class ScenarioException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">All problems.</param>
    /// <param name="problems">The problems one by one.</param>
    public ScenarioException(string message, IReadOnlyList<string> problems)
        : base(message)
    {
        Problems = problems;
    }

    /// <summary>The problems one by one, each naming the file, the member and the value.</summary>
    public IReadOnlyList<string> Problems { get; }
}
