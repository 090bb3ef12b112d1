using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Configuration;
using EmissionEdge.Configuration.Json;
using EmissionEdge.Configuration.Units;

namespace EmissionEdge.Server.Configuration;

/// <summary>
/// Reads the plant configuration JSON. Every problem is reported at once, each as
/// <c>file:line:column: path: message</c> naming the field path and the value, e.g.
/// <c>plant.json:14:18: gateways[0].unit: unknown unit "U9" (units: U1, U2)</c>. Unknown fields are refused by name.
/// </summary>
public static partial class PlantConfigFile
{
    /// <summary>Smallest accepted API key and webhook secret, characters.</summary>
    public const int MinSecretLength = 16;

    /// <summary>Smallest accepted device key, bytes (IoT Hub generates 32).</summary>
    public const int MinDeviceKeyBytes = 16;

    private static readonly string[] TopFields = ["plant", "dataDirectory", "http", "mqtt", "units", "gateways", "regulators", "apiKeys", "ingest"];

    /// <summary>Reads and checks a plant configuration file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="problems">Every problem found (also a file that cannot be read).</param>
    /// <returns>The configuration, or <see langword="null"/> when there are problems.</returns>
    public static PlantConfig? Load(string path, out IReadOnlyList<InputProblem> problems)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems = [new InputProblem(path, 1, 1, $"cannot read the plant configuration: {e.Message}")];
            return null;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Parse(path, bytes, directory, out problems);
    }

    /// <summary>Parses and checks plant configuration JSON.</summary>
    /// <param name="fileName">The file name used in problems.</param>
    /// <param name="utf8">The content.</param>
    /// <param name="baseDirectory">Directory that relative paths (<c>dataDirectory</c>, <c>mqtt.certificatePath</c>) are relative to.</param>
    /// <param name="problems">Every problem found.</param>
    /// <returns>The configuration, or <see langword="null"/> when there are problems.</returns>
    public static PlantConfig? Parse(string fileName, byte[] utf8, string baseDirectory, out IReadOnlyList<InputProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        var found = new List<InputProblem>();
        problems = found;
        var root = PositionedJson.ParseFile(fileName, utf8, found);
        if (root is null)
        {
            return null;
        }

        var r = new Reader(fileName, found);
        if (root.Kind != JsonNodeKind.Object)
        {
            r.Problem(root, $"the plant configuration must be a JSON object, got {root.Display}");
            return null;
        }

        r.RejectUnknown(root, TopFields);
        var plant = r.OptionalString(root, "plant") ?? "plant";
        var dataDirectory = r.FilePath(root, "dataDirectory", r.RequiredString(root, "dataDirectory"));
        var http = Http(r, r.RequiredObject(root, "http"));
        var mqtt = Mqtt(r, r.RequiredObject(root, "mqtt"), baseDirectory);
        var units = Units(r, fileName, root);

        // Ids of units with a problem of their own still count as known, so references to them are not reported too.
        var unitIds = (root.Property("units")?.Value.Items ?? [])
            .Select(item => item.Property("id")?.Value is { Kind: JsonNodeKind.String, Text: { Length: > 0 } id } ? id : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var gateways = Gateways(r, r.Array(root, "gateways", required: true), unitIds);
        var regulators = Regulators(r, r.Array(root, "regulators", required: false), unitIds);
        var apiKeys = ApiKeys(r, r.Array(root, "apiKeys", required: true), unitIds);
        var ingest = Ingest(r, root.Property("ingest")?.Value);

        if (found.Count > 0)
        {
            found.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
            return null;
        }

        var data = Path.GetFullPath(Path.Combine(baseDirectory, dataDirectory!));
        return new PlantConfig(plant, data, http!, mqtt!, units, gateways, regulators, apiKeys, ingest);
    }

    private static HttpSettings? Http(Reader r, JsonNodeAt? node)
    {
        if (node is null)
        {
            return null;
        }

        r.RejectUnknown(node, ["url"]);
        var text = r.RequiredString(node, "url");
        if (text is null)
        {
            return null;
        }

        var at = node.Property("url")!.Value;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || url.AbsolutePath != "/")
        {
            r.Problem(at, $"must be an absolute http:// URL without a path such as \"http://127.0.0.1:8080\" (put a TLS reverse proxy in front for https), got {at.Display}");
            return null;
        }

        return new HttpSettings(url);
    }

    private static MqttSettings? Mqtt(Reader r, JsonNodeAt? node, string baseDirectory)
    {
        if (node is null)
        {
            return null;
        }

        r.RejectUnknown(node, ["hubHost", "tlsPort", "plainPort", "bindAddress", "certificatePath", "certificatePassword"]);
        var hubHost = r.RequiredString(node, "hubHost");
        if (hubHost is not null && Uri.CheckHostName(hubHost) == UriHostNameType.Unknown)
        {
            r.Problem(node.Property("hubHost")!.Value, $"must be a host name such as \"emissionedge.local\", got \"{hubHost}\"");
        }

        var tlsPort = r.Port(node, "tlsPort") ?? 8883;
        var plainPort = r.Port(node, "plainPort");
        if (plainPort is { } plain && plain != 0 && plain == tlsPort)
        {
            r.Problem(node.Property("plainPort")!.Value, $"must differ from tlsPort, got {plain}");
        }

        var bind = r.OptionalString(node, "bindAddress") ?? "0.0.0.0";
        if (!IPAddress.TryParse(bind, out _))
        {
            r.Problem(node.Property("bindAddress")!.Value, $"must be an IP address such as \"0.0.0.0\" or \"127.0.0.1\", got \"{bind}\"");
        }

        var certificate = r.FilePath(node, "certificatePath", r.OptionalString(node, "certificatePath"));
        if (certificate is not null)
        {
            certificate = Path.GetFullPath(Path.Combine(baseDirectory, certificate));
            if (!File.Exists(certificate))
            {
                r.Problem(node.Property("certificatePath")!.Value, $"no such file \"{certificate}\"");
            }
        }

        var password = r.OptionalString(node, "certificatePassword");
        return hubHost is null ? null : new MqttSettings(hubHost, tlsPort, plainPort, bind, certificate, password);
    }

    private static List<UnitProfile> Units(Reader r, string fileName, JsonNodeAt root)
    {
        var units = new List<UnitProfile>();
        var list = r.Array(root, "units", required: true);
        if (list is null)
        {
            return units;
        }

        if (list.Items.Count == 0)
        {
            r.Problem(list, "needs at least one unit");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            var unit = UnitsFile.ReadUnit(fileName, item, r.Problems);
            if (unit is null)
            {
                continue;
            }

            if (!seen.Add(unit.Id))
            {
                r.Problem(item.Property("id")!.Value, $"unit id \"{unit.Id}\" is defined twice");
                continue;
            }

            units.Add(unit);
        }

        return units;
    }

    private static List<GatewaySettings> Gateways(Reader r, JsonNodeAt? list, HashSet<string> units)
    {
        var gateways = new List<GatewaySettings>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in r.Objects(list))
        {
            r.RejectUnknown(item, ["id", "unit", "key", "mac"]);
            var id = r.RequiredString(item, "id");
            if (id is not null && !DeviceIdPattern().IsMatch(id))
            {
                r.Problem(item.Property("id")!.Value, $"a device id is 1 to 128 of A-Z a-z 0-9 - . _ : (it is the MQTT client id and part of the topic), got \"{id}\"");
            }
            else if (id is not null && !seen.Add(id))
            {
                r.Problem(item.Property("id")!.Value, $"device id \"{id}\" is defined twice");
            }

            var unit = r.UnitReference(item, "unit", units);
            var key = r.RequiredString(item, "key");
            if (key is not null)
            {
                var bytes = new byte[key.Length];
                if (!Convert.TryFromBase64String(key, bytes, out var length))
                {
                    r.Problem(item.Property("key")!.Value, $"must be the device key in base64, got \"{key}\"");
                }
                else if (length < MinDeviceKeyBytes)
                {
                    r.Problem(item.Property("key")!.Value, $"the device key must be at least {MinDeviceKeyBytes} bytes (IoT Hub generates 32), got {length}");
                }
            }

            var mac = r.OptionalBool(item, "mac") ?? false;
            if (id is not null && unit is not null && key is not null)
            {
                gateways.Add(new GatewaySettings(id, unit, key, mac));
            }
        }

        return gateways;
    }

    private static List<RegulatorSettings> Regulators(Reader r, JsonNodeAt? list, HashSet<string> units)
    {
        var regulators = new List<RegulatorSettings>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in r.Objects(list))
        {
            r.RejectUnknown(item, ["name", "units", "webhook", "secret"]);
            var name = r.RequiredString(item, "name");
            if (name is not null && !names.Add(name))
            {
                r.Problem(item.Property("name")!.Value, $"regulator \"{name}\" is defined twice");
            }

            var covered = r.UnitList(item, "units", units);
            Uri? webhook = null;
            if (r.OptionalString(item, "webhook") is { } text)
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out webhook) || (webhook.Scheme != Uri.UriSchemeHttps && webhook.Scheme != Uri.UriSchemeHttp))
                {
                    r.Problem(item.Property("webhook")!.Value, $"must be an absolute https:// URL, got \"{text}\"");
                    webhook = null;
                }
            }

            var secret = r.OptionalString(item, "secret");
            if (webhook is not null && secret is null)
            {
                r.Problem(item, $"regulator \"{name}\" has a webhook but no 'secret' to sign it with");
            }
            else if (secret is not null && secret.Length < MinSecretLength)
            {
                r.Problem(item.Property("secret")!.Value, $"must be at least {MinSecretLength} characters, got {secret.Length}");
            }

            if (name is not null && covered is not null)
            {
                regulators.Add(new RegulatorSettings(name, covered, webhook, secret));
            }
        }

        return regulators;
    }

    private static List<ApiKeySettings> ApiKeys(Reader r, JsonNodeAt? list, HashSet<string> units)
    {
        var keys = new List<ApiKeySettings>();
        if (list is { Kind: JsonNodeKind.Array, Items.Count: 0 })
        {
            r.Problem(list, "needs at least one API key (the dashboard and API refuse requests without one)");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in r.Objects(list))
        {
            r.RejectUnknown(item, ["key", "role", "units", "name"]);
            var key = r.RequiredString(item, "key");
            if (key is not null && key.Length < MinSecretLength)
            {
                r.Problem(item.Property("key")!.Value, $"an API key must be at least {MinSecretLength} characters, got {key.Length}");
            }
            else if (key is not null && !seen.Add(key))
            {
                r.Problem(item.Property("key")!.Value, "this API key is given twice");
            }

            ApiRole? role = null;
            var roleText = r.RequiredString(item, "role");
            if (roleText is "operator")
            {
                role = ApiRole.Operator;
            }
            else if (roleText is "regulator")
            {
                role = ApiRole.Regulator;
            }
            else if (roleText is not null)
            {
                r.Problem(item.Property("role")!.Value, $"must be \"operator\" or \"regulator\", got \"{roleText}\"");
            }

            var covered = r.UnitList(item, "units", units);
            var name = r.OptionalString(item, "name") ?? $"{roleText} key {keys.Count + 1}";
            if (key is not null && role is { } known && covered is not null)
            {
                keys.Add(new ApiKeySettings(key, known, covered, name));
            }
        }

        return keys;
    }

    private static IngestSettings Ingest(Reader r, JsonNodeAt? node)
    {
        if (node is null)
        {
            return IngestSettings.Default;
        }

        if (node.Kind != JsonNodeKind.Object)
        {
            r.Problem(node, $"must be an object {{\"hourGraceMinutes\", \"closeHoursEverySeconds\", \"catchUpTimeoutMinutes\"}}, got {node.Display}");
            return IngestSettings.Default;
        }

        r.RejectUnknown(node, ["hourGraceMinutes", "closeHoursEverySeconds", "catchUpTimeoutMinutes"]);
        var grace = r.Number(node, "hourGraceMinutes", 0, 24 * 60) ?? IngestSettings.Default.HourGracePeriod.TotalMinutes;
        var every = r.Number(node, "closeHoursEverySeconds", 1, 3600) ?? IngestSettings.Default.CloseHoursEvery.TotalSeconds;
        var catchUp = r.Number(node, "catchUpTimeoutMinutes", 0, 24 * 60) ?? IngestSettings.Default.CatchUpTimeout.TotalMinutes;
        return new IngestSettings(TimeSpan.FromMinutes(grace), TimeSpan.FromSeconds(every)) { CatchUpTimeout = TimeSpan.FromMinutes(catchUp) };
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex DeviceIdPattern();

    /// <summary>Typed access to fields that records a problem, naming path and value, for each wrong one.</summary>
    private sealed class Reader(string fileName, List<InputProblem> problems)
    {
        public List<InputProblem> Problems => problems;

        public void Problem(JsonNodeAt at, string message) =>
            problems.Add(new InputProblem(fileName, at.Line, at.Column, message, at.Path.Length == 0 ? "(top level)" : at.Path));

        public void RejectUnknown(JsonNodeAt node, string[] known)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in node.Properties)
            {
                var path = node.Path.Length == 0 ? property.Name : $"{node.Path}.{property.Name}";
                if (!known.Contains(property.Name))
                {
                    problems.Add(new InputProblem(fileName, property.Line, property.Column, $"unknown field '{property.Name}' (known: {string.Join(", ", known)})", path));
                }
                else if (!seen.Add(property.Name))
                {
                    problems.Add(new InputProblem(fileName, property.Line, property.Column, $"field '{property.Name}' given twice", path));
                }
            }
        }

        public string? RequiredString(JsonNodeAt node, string name)
        {
            var property = node.Property(name);
            if (property is null)
            {
                Problem(node, $"missing field '{name}'");
                return null;
            }

            return String(property.Value);
        }

        public string? OptionalString(JsonNodeAt node, string name) =>
            node.Property(name) is { } property ? String(property.Value) : null;

        /// <summary>
        /// <paramref name="text"/> when it can be a path; a problem and <see langword="null"/> when it holds a character no path
        /// may hold (NUL), which <see cref="Path.GetFullPath(string)"/> would throw on.
        /// </summary>
        public string? FilePath(JsonNodeAt node, string name, string? text)
        {
            if (text is not null && text.AsSpan().IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
            {
                Problem(node.Property(name)!.Value, $"must be a path, got \"{text.Replace("\0", "\\0", StringComparison.Ordinal)}\" with a NUL character");
                return null;
            }

            return text;
        }

        public bool? OptionalBool(JsonNodeAt node, string name)
        {
            var value = node.Property(name)?.Value;
            switch (value?.Kind)
            {
                case null:
                    return null;
                case JsonNodeKind.True:
                    return true;
                case JsonNodeKind.False:
                    return false;
                default:
                    Problem(value, $"must be true or false, got {value.Display}");
                    return null;
            }
        }

        public JsonNodeAt? RequiredObject(JsonNodeAt node, string name)
        {
            var property = node.Property(name);
            if (property is null)
            {
                Problem(node, $"missing field '{name}'");
                return null;
            }

            if (property.Value.Kind != JsonNodeKind.Object)
            {
                Problem(property.Value, $"must be an object, got {property.Value.Display}");
                return null;
            }

            return property.Value;
        }

        public JsonNodeAt? Array(JsonNodeAt node, string name, bool required)
        {
            var property = node.Property(name);
            if (property is null)
            {
                if (required)
                {
                    Problem(node, $"missing field '{name}'");
                }

                return null;
            }

            if (property.Value.Kind != JsonNodeKind.Array)
            {
                Problem(property.Value, $"must be an array, got {property.Value.Display}");
                return null;
            }

            return property.Value;
        }

        public IEnumerable<JsonNodeAt> Objects(JsonNodeAt? list)
        {
            foreach (var item in list?.Items ?? [])
            {
                if (item.Kind == JsonNodeKind.Object)
                {
                    yield return item;
                }
                else
                {
                    Problem(item, $"must be an object, got {item.Display}");
                }
            }
        }

        public int? Port(JsonNodeAt node, string name)
        {
            if (node.Property(name)?.Value is not { } value)
            {
                return null;
            }

            if (value.Kind == JsonNodeKind.Number && int.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
            {
                return port;
            }

            Problem(value, $"must be a port number 0 to 65535 (0: any free port), got {value.Display}");
            return null;
        }

        public double? Number(JsonNodeAt node, string name, double min, double max)
        {
            if (node.Property(name)?.Value is not { } value)
            {
                return null;
            }

            if (value.Kind == JsonNodeKind.Number && double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            {
                return number;
            }

            Problem(value, $"must be a number from {min} to {max}, got {value.Display}");
            return null;
        }

        public string? UnitReference(JsonNodeAt node, string name, HashSet<string> units)
        {
            var unit = RequiredString(node, name);
            if (unit is not null && !units.Contains(unit))
            {
                Problem(node.Property(name)!.Value, $"unknown unit \"{unit}\" (units: {string.Join(", ", units.Order(StringComparer.Ordinal))})");
                return null;
            }

            return unit;
        }

        public List<string>? UnitList(JsonNodeAt node, string name, HashSet<string> units)
        {
            var list = Array(node, name, required: true);
            if (list is null)
            {
                return null;
            }

            if (list.Items.Count == 0)
            {
                Problem(list, "needs at least one unit id");
                return null;
            }

            var result = new List<string>();
            var ok = true;
            foreach (var item in list.Items)
            {
                var unit = String(item);
                if (unit is null)
                {
                    ok = false;
                }
                else if (!units.Contains(unit))
                {
                    Problem(item, $"unknown unit \"{unit}\" (units: {string.Join(", ", units.Order(StringComparer.Ordinal))})");
                    ok = false;
                }
                else if (!result.Contains(unit))
                {
                    result.Add(unit);
                }
            }

            return ok ? result : null;
        }

        private string? String(JsonNodeAt value)
        {
            if (value.Kind == JsonNodeKind.String && !string.IsNullOrWhiteSpace(value.Text))
            {
                return value.Text;
            }

            Problem(value, $"must be a non-empty string, got {value.Display}");
            return null;
        }
    }
}
