using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Fuzzing.Mutation;
using EmissionEdge.Fuzzing.Running;
using EmissionEdge.Ingest.Telemetry;

namespace EmissionEdge.Fuzzing.Targets;

/// <summary>
/// Telemetry contract v1 bodies through <see cref="TelemetryDecoder.Decode"/>. Valid inputs are records and batches with
/// random devices, units (non-ASCII included), sequence numbers up to <see cref="long.MaxValue"/>, minutes, channels with
/// and without values, flags and MACs; they must decode to exactly those values. A rejection is a
/// <see cref="TelemetryFormatException"/> whose message starts with the field it names, or a batch element with an error.
/// The canonical bytes of every accepted record with a MAC must be JSON without the <c>mac</c> member.
/// </summary>
public sealed class TelemetryTarget : FuzzTarget
{
    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly Gen<string> Names = Gen.Frequency(
        (6, Gen.Char["abcdefghijklmnopqrstuvwxyzGS0123456789-"].Array[1, 20].Select(c => "gw-" + new string(c))),
        (1, Gen.OneOf("中文", "设备", "é", "ñ", "😀", "-", "1").Array[1, 8].Select(parts => string.Concat(parts))));

    private static readonly Gen<ChannelReading> Reading = Gen.Frequency(
        (6, Gen.Select(Gen.Double[-1e6, 1e6], Gen.Double[-1e6, 1e6], Gen.Double[-1e6, 1e6], Gen.Int[0, 100], Gen.Enum<DataFlag>(),
            (a, b, c, n, f) => new ChannelReading(a, b, c, n, f))),
        (1, Gen.Select(Gen.Double, Gen.Int.Positive, Gen.Enum<DataFlag>(), (v, n, f) => new ChannelReading(double.IsFinite(v) ? v : 0, 0, -0.0, n, f))),
        (2, Gen.Select(Gen.Enum<DataFlag>(), Gen.Int[0, 12], (f, n) => ChannelReading.WithoutValue(f, n))));

    private static readonly Gen<ExpectedRecord> Records = Gen.Select(
        Names, Names, Gen.Frequency((8, Gen.Long[0, 10_000_000]), (1, Gen.Long[0, long.MaxValue])), Gen.Int[0, 60_000_000],
        Gen.Select(Gen.Int[0, Channels.Count - 1], Reading).Array[0, 14], Gen.Frequency((2, Gen.Const((byte[]?)null)), (1, Gen.Byte.Array[32].Select(b => (byte[]?)b))),
        Gen.Int[0, 3],
        (device, unit, seq, minutes, readings, mac, style) =>
        {
            var record = new MinuteRecord(unit, Epoch.AddMinutes(minutes));
            foreach (var (channel, reading) in readings)
            {
                record[(Channel)channel] = reading;
            }

            return new ExpectedRecord(device, seq, record, mac, style);
        });

    private static readonly Gen<FuzzCase> Valid = Gen.Frequency(
        (3, Records.Select(r => new FuzzCase(Encoding.UTF8.GetBytes(Json(r)), "valid record", new[] { r }))),
        (1, Records.Array[1, 6].Select(rs => new FuzzCase(Encoding.UTF8.GetBytes("{\"batch\":[" + string.Join(",", rs.Select(Json)) + "]}"), "valid batch", rs))));

    /// <inheritdoc />
    public override string Name => "telemetry";

    /// <inheritdoc />
    public override string Description => "telemetry contract v1 decoder (single records and batches)";

    /// <inheritdoc />
    public override Gen<FuzzCase> Cases { get; } = MutatedCases.Json(Valid);

    /// <inheritdoc />
    public override FuzzOutcome Execute(FuzzCase input)
    {
        TelemetryMessage message;
        try
        {
            message = TelemetryDecoder.Decode(input.Bytes);
        }
        catch (TelemetryFormatException e)
        {
            FuzzPropertyException.Check(e.Field.Length > 0 && e.Message.StartsWith(e.Field + ": ", StringComparison.Ordinal) && e.Message.Length > e.Field.Length + 2,
                () => $"rejection does not name its field: field '{e.Field}', message '{e.Message}'");
            return Verdict(input, e.Message, false);
        }

        string? firstError = null;
        foreach (var element in message.Elements)
        {
            FuzzPropertyException.Check((element.Record is null) != (element.Error is null), () => "a batch element has both or neither a record and an error");
            if (element.Error is not null)
            {
                FuzzPropertyException.Check(element.Error.Length > 0, () => "a batch element was refused with an empty error");
                firstError ??= element.Error;
            }
            else if (element.Record!.Mac is not null)
            {
                CheckCanonical(element.Record);
            }
        }

        if (input.Expected is ExpectedRecord[] expected)
        {
            FuzzPropertyException.Check(message.Elements.Count == expected.Length, () => $"{expected.Length} records sent, {message.Elements.Count} decoded");
            for (var i = 0; i < expected.Length; i++)
            {
                var got = message.Elements[i].Record;
                var want = expected[i];
                FuzzPropertyException.Check(got is not null, () => $"record {i} refused: {message.Elements[i].Error}");
                FuzzPropertyException.Check(got!.Device == want.Device && got.Seq == want.Seq && got.Minute.SameContentAs(want.Record) &&
                    (got.Mac ?? []).AsSpan().SequenceEqual(want.Mac ?? []),
                    () => $"record {i} decoded to other values: sent {Json(want)}");
            }
        }

        return Verdict(input, firstError, firstError is null);
    }

    private static void CheckCanonical(TelemetryRecord record)
    {
        try
        {
            using var document = JsonDocument.Parse(record.CanonicalBytes);
            FuzzPropertyException.Check(!document.RootElement.EnumerateObject().Any(p => p.NameEquals("mac")), () => "the canonical bytes still hold a mac member");
        }
        catch (JsonException e)
        {
            throw new FuzzPropertyException($"the canonical bytes (record without mac) are not JSON: {e.Message}: {Encoding.UTF8.GetString(record.CanonicalBytes.Span)}");
        }
    }

    /// <summary>The record as the gateway would send it, in one of four member orders and spacings.</summary>
    private static string Json(ExpectedRecord r)
    {
        var c = CultureInfo.InvariantCulture;
        var channels = new List<string>();
        foreach (var channel in Channels.All)
        {
            if (!r.Record.Has(channel))
            {
                continue;
            }

            var reading = r.Record[channel];
            var values = reading.HasValue
                ? $"\"avg\":{reading.Average.ToString("R", c)},\"min\":{reading.Minimum.ToString("R", c)},\"max\":{reading.Maximum.ToString("R", c)},"
                : string.Empty;
            channels.Add($"\"{Channels.Name(channel)}\":{{{values}\"n\":{reading.Samples},\"flag\":\"{DataFlags.Letter(reading.Flag)}\"}}");
        }

        var members = new List<string>
        {
            "\"schema\":\"emissionedge.minute/1\"",
            "\"device\":" + JsonSerializer.Serialize(r.Device),
            "\"unit\":" + JsonSerializer.Serialize(r.Record.Unit),
            "\"seq\":" + r.Seq.ToString(c),
            "\"minute\":\"" + r.Record.MinuteUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", c) + "\"",
            "\"channels\":{" + string.Join(",", channels) + "}",
        };
        if (r.Mac is not null)
        {
            members.Insert(r.Style % (members.Count + 1), "\"mac\":\"" + Convert.ToBase64String(r.Mac) + "\"");
        }

        if (r.Style == 3)
        {
            members.Add("\"future\":{\"x\":[1,2,{\"y\":null}]}");
            members.Reverse();
        }

        return "{" + string.Join(r.Style == 1 ? ", " : ",", members) + "}";
    }

    /// <summary>A generated record: what was sent.</summary>
    private sealed record ExpectedRecord(string Device, long Seq, MinuteRecord Record, byte[]? Mac, int Style);
}
