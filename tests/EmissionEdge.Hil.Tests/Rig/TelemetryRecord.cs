using System.Globalization;
using System.Text.Json;
using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Hil.Tests.Rig;

/// <summary>One channel of a received minute record, as the telemetry contract writes it.</summary>
internal sealed record ReceivedChannel(double? Avg, double? Min, double? Max, int N, char Flag);

/// <summary>One minute record decoded from a telemetry message (telemetry.md, schema emissionedge.minute/1).</summary>
internal sealed record TelemetryRecord(string Device, string Unit, long Seq, DateTime MinuteUtc, IReadOnlyDictionary<string, ReceivedChannel> Channels, string? Mac)
{
    public ReceivedChannel this[string channel] => Channels[channel];

    /// <summary>Decodes a message body: one record or <c>{"batch": [...]}</c>; anything off the contract throws.</summary>
    public static IReadOnlyList<TelemetryRecord> Decode(ReadOnlySpan<byte> body)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        var root = document.RootElement;
        return root.TryGetProperty("batch", out var batch)
            ? batch.EnumerateArray().Select(DecodeOne).ToArray()
            : [DecodeOne(root)];
    }

    /// <summary>The record as the compliance engine takes it.</summary>
    public MinuteRecord ToMinuteRecord()
    {
        var record = new MinuteRecord(Unit, MinuteUtc);
        foreach (var (name, c) in Channels)
        {
            if (!EmissionEdge.Compliance.Model.Channels.TryParse(name, out var channel))
            {
                throw new InvalidDataException($"seq {Seq}: unknown channel '{name}'");
            }

            var flag = Enum.Parse<DataFlag>(c.Flag.ToString());
            record[channel] = c.Avg is { } avg ? new ChannelReading(avg, c.Min!.Value, c.Max!.Value, c.N, flag) : ChannelReading.WithoutValue(flag, c.N);
        }

        return record;
    }

    private static TelemetryRecord DecodeOne(JsonElement e)
    {
        Assert.Equal("emissionedge.minute/1", e.GetProperty("schema").GetString());
        var minute = DateTime.ParseExact(e.GetProperty("minute").GetString()!, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var channels = new Dictionary<string, ReceivedChannel>(StringComparer.Ordinal);
        foreach (var c in e.GetProperty("channels").EnumerateObject())
        {
            double? Get(string name) => c.Value.TryGetProperty(name, out var v) ? v.GetDouble() : null;
            channels[c.Name] = new ReceivedChannel(Get("avg"), Get("min"), Get("max"), c.Value.GetProperty("n").GetInt32(), c.Value.GetProperty("flag").GetString()!.Single());
        }

        return new TelemetryRecord(
            e.GetProperty("device").GetString()!,
            e.GetProperty("unit").GetString()!,
            e.GetProperty("seq").GetInt64(),
            minute,
            channels,
            e.TryGetProperty("mac", out var mac) ? mac.GetString() : null);
    }
}
