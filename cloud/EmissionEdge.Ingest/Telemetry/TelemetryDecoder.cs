using System.Globalization;
using System.Text;
using System.Text.Json;
using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Ingest.Telemetry;

/// <summary>
/// Decodes telemetry contract v1 bodies (<c>telemetry.md</c>): a single record or <c>{"batch":[record, …]}</c>.
/// </summary>
/// <remarks>
/// A body that is not JSON, not an object or has a malformed <c>batch</c> fails as a whole
/// (<see cref="TelemetryFormatException"/>). Inside a batch each element is decoded on its own, so one bad
/// record rejects only itself. Unknown top-level members are ignored (forward compatibility); an unknown
/// channel name is an error, because silently dropping a measured channel would lose data.
/// <para>A batch is read in one pass of one <see cref="Utf8JsonReader"/>: each element is decoded where it stands, and an
/// element that breaks the contract is read on to its closing brace so the next one can follow.</para>
/// </remarks>
public static class TelemetryDecoder
{
    private static readonly string[] MinuteFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    private static readonly byte[] SchemaV1Utf8 = Encoding.UTF8.GetBytes(TelemetryContract.SchemaV1);

    /// <summary>Decodes a body.</summary>
    /// <param name="body">UTF-8 JSON bytes.</param>
    /// <returns>The decoded elements.</returns>
    /// <exception cref="TelemetryFormatException">The body as a whole is not a telemetry message.</exception>
    public static TelemetryMessage Decode(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var reader = new Utf8JsonReader(span, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new TelemetryFormatException("$", $"the body must be a JSON object, got {Describe(span)}");
            }

            var objectStart = (int)reader.TokenStartIndex;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Not ValueTextEquals: it throws InvalidOperationException on an escaped lone surrogate ("\ud800").
                if (PropertyName(ref reader, "$").SequenceEqual("batch"u8))
                {
                    return new TelemetryMessage(true, DecodeBatch(body, ref reader));
                }

                reader.Read();
                reader.Skip();
            }

            // Not a batch: the body is one record. Reading to the end validates the JSON as a whole.
            var objectEnd = (int)reader.BytesConsumed;
            if (reader.Read())
            {
                throw new TelemetryFormatException("$", "unexpected data after the JSON object");
            }

            var element = body[objectStart..objectEnd];
            return new TelemetryMessage(false, [DecodeElement(element)]);
        }
        catch (JsonException ex)
        {
            throw new TelemetryFormatException("$", $"not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Decodes one record (a JSON object, as a whole body or a batch element).</summary>
    /// <param name="recordBytes">The record's bytes.</param>
    /// <returns>The decoded record.</returns>
    /// <exception cref="TelemetryFormatException">The record does not follow the contract.</exception>
    public static TelemetryRecord DecodeRecord(ReadOnlyMemory<byte> recordBytes)
    {
        try
        {
            return ReadRecord(recordBytes);
        }
        catch (JsonException ex)
        {
            throw new TelemetryFormatException("$", $"not valid JSON: {ex.Message}");
        }
    }

    private static DecodedElement DecodeElement(ReadOnlyMemory<byte> element)
    {
        try
        {
            return DecodedElement.Decoded(DecodeRecord(element));
        }
        catch (TelemetryFormatException ex)
        {
            return DecodedElement.Failed(ex.Message, element);
        }
    }

    private static List<DecodedElement> DecodeBatch(ReadOnlyMemory<byte> body, ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new TelemetryFormatException("batch", $"must be an array, got {reader.TokenType}");
        }

        var elements = new List<DecodedElement>(Math.Max(4, body.Length / 400));
        RepeatedText devices = new(), units = new();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                var element = body[start..(int)reader.BytesConsumed];
                elements.Add(DecodedElement.Failed($"batch[{elements.Count}]: must be a record object, got {Describe(element.Span)}", element));
                continue;
            }

            var depth = reader.CurrentDepth;
            try
            {
                elements.Add(DecodedElement.Decoded(ReadRecord(ref reader, body, devices, units)));
            }
            catch (TelemetryFormatException ex)
            {
                // Read on to the element's closing brace (validating the JSON as it goes), then go to the next element.
                while (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != depth)
                {
                    reader.Read();
                }

                elements.Add(DecodedElement.Failed(ex.Message, body[start..(int)reader.BytesConsumed]));
            }
        }

        if (elements.Count == 0)
        {
            throw new TelemetryFormatException("batch", "is empty");
        }

        // Validate the rest of the body (other members, closing brace) as JSON.
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return elements;
    }

    private static TelemetryRecord ReadRecord(ReadOnlyMemory<byte> recordBytes)
    {
        var reader = new Utf8JsonReader(recordBytes.Span, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new TelemetryFormatException("$", $"a record must be a JSON object, got {Describe(recordBytes.Span)}");
        }

        return ReadRecord(ref reader, recordBytes);
    }

    /// <summary>Reads the record whose opening brace is the reader's current token, up to and including its closing brace.</summary>
    /// <param name="reader">A reader over <paramref name="source"/>, at the record's <see cref="JsonTokenType.StartObject"/>.</param>
    /// <param name="source">The bytes the reader reads (the record alone, or the whole batch body).</param>
    /// <param name="devices">Reuses the <c>device</c> string of the previous record of a batch, when there is one.</param>
    /// <param name="units">Reuses the <c>unit</c> string of the previous record of a batch, when there is one.</param>
    private static TelemetryRecord ReadRecord(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, RepeatedText? devices = null, RepeatedText? units = null)
    {
        var recordStart = (int)reader.TokenStartIndex;
        string? schema = null, device = null, unit = null;
        long? seq = null;
        DateTime? minute = null;
        Span<ChannelReading> channels = stackalloc ChannelReading[Channels.Count];
        var channelsSeen = false;
        byte[]? mac = null;
        int macStart = -1, macEnd = -1;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = PropertyName(ref reader, "$");
            if (name.SequenceEqual("schema"u8))
            {
                reader.Read();
                if (schema is not null)
                {
                    throw new TelemetryFormatException("schema", "appears twice");
                }

                // The expected value as it is normally sent is recognised without allocating a string.
                schema = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual(SchemaV1Utf8)
                    ? TelemetryContract.SchemaV1
                    : ReadCurrentString(ref reader, "schema");
            }
            else if (name.SequenceEqual("device"u8))
            {
                device = ReadString(ref reader, "device", device, devices);
            }
            else if (name.SequenceEqual("unit"u8))
            {
                unit = ReadString(ref reader, "unit", unit, units);
            }
            else if (name.SequenceEqual("seq"u8))
            {
                reader.Read();
                if (seq is not null)
                {
                    throw new TelemetryFormatException("seq", "appears twice");
                }

                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value) || value < 0)
                {
                    throw new TelemetryFormatException("seq", $"must be a non-negative integer, got {TokenText(ref reader)}");
                }

                seq = value;
            }
            else if (name.SequenceEqual("minute"u8))
            {
                minute = ReadMinute(ref reader, minute is not null);
            }
            else if (name.SequenceEqual("channels"u8))
            {
                if (channelsSeen)
                {
                    throw new TelemetryFormatException("channels", "appears twice");
                }

                ReadChannels(ref reader, channels);
                channelsSeen = true;
            }
            else if (name.SequenceEqual("mac"u8))
            {
                macStart = (int)reader.TokenStartIndex - recordStart;
                var text = ReadString(ref reader, "mac", mac is null ? null : string.Empty);
                macEnd = (int)reader.BytesConsumed - recordStart;
                mac = new byte[TelemetryContract.MacLength];
                if (!Convert.TryFromBase64String(text, mac, out var written) || written != TelemetryContract.MacLength)
                {
                    throw new TelemetryFormatException("mac", $"must be the base64 of {TelemetryContract.MacLength} bytes, got \"{Truncate(text)}\"");
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!string.Equals(schema, TelemetryContract.SchemaV1, StringComparison.Ordinal))
        {
            throw new TelemetryFormatException("schema", schema is null ? "is missing" : $"must be \"{TelemetryContract.SchemaV1}\", got \"{Truncate(schema)}\"");
        }

        Require(device, "device");
        Require(unit, "unit");
        if (seq is null)
        {
            throw new TelemetryFormatException("seq", "is missing");
        }

        if (minute is null)
        {
            throw new TelemetryFormatException("minute", "is missing");
        }

        if (!channelsSeen)
        {
            throw new TelemetryFormatException("channels", "is missing");
        }

        var record = new MinuteRecord(unit!, minute.Value);
        for (var i = 0; i < channels.Length; i++)
        {
            if (channels[i].IsPresent)
            {
                record[(Channel)i] = channels[i];
            }
        }

        var recordBytes = source[recordStart..(int)reader.BytesConsumed];
        var canonical = mac is null ? recordBytes : WithoutMember(recordBytes, macStart, macEnd);
        return new TelemetryRecord(device!, seq.Value, record, mac, recordBytes, canonical);
    }

    /// <summary>The current property name as UTF-8 (unescaped when the JSON escaped it).</summary>
    /// <param name="reader">The reader, at a property name.</param>
    /// <param name="field">The object the name is in, for the message when the escaped name cannot be decoded.</param>
    private static ReadOnlySpan<byte> PropertyName(ref Utf8JsonReader reader, string field) =>
        reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(Text(ref reader, field)) : reader.ValueSpan;

    /// <summary>
    /// The current string token or property name as text. <see cref="Utf8JsonReader.GetString"/> throws
    /// <see cref="InvalidOperationException"/>, not <see cref="JsonException"/>, for bytes that are not UTF-8 and for an escaped
    /// lone surrogate (<c>"\ud800"</c>): that is a contract error of <paramref name="field"/>, not a crash of the pipeline.
    /// </summary>
    private static string Text(ref Utf8JsonReader reader, string field)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new TelemetryFormatException(field, "holds text that is not valid UTF-8 (or an escaped lone surrogate)");
        }
    }

    /// <summary>Reads the <c>channels</c> object into <paramref name="readings"/> (indexed by channel, all "not present" on entry).</summary>
    private static void ReadChannels(ref Utf8JsonReader reader, scoped Span<ChannelReading> readings)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new TelemetryFormatException("channels", $"must be an object, got {reader.TokenType}");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!TryReadChannel(ref reader, out var channel, out var name))
            {
                throw new TelemetryFormatException($"channels.{name}", "is not a channel of the contract (SO2, NOx, NO, NO2, Dust, O2, H2O, Temp, Pressure, Flow, CoalFeed, GrossPower, AuxPower)");
            }

            if (readings[(int)channel].IsPresent)
            {
                throw new TelemetryFormatException($"channels.{name}", "appears twice");
            }

            readings[(int)channel] = ReadReading(ref reader, name);
        }
    }

    private static readonly byte[][] ChannelNamesUtf8 = Channels.All.Select(c => Encoding.UTF8.GetBytes(Channels.Name(c))).ToArray();

    private static bool TryReadChannel(ref Utf8JsonReader reader, out Channel channel, out string name)
    {
        var text = PropertyName(ref reader, "channels");
        for (var i = 0; i < ChannelNamesUtf8.Length; i++)
        {
            if (text.SequenceEqual(ChannelNamesUtf8[i]))
            {
                channel = (Channel)i;
                name = Channels.Name(channel);
                return true;
            }
        }

        channel = default;
        name = Text(ref reader, "channels");
        return false;
    }

    private static ChannelReading ReadReading(ref Utf8JsonReader reader, string name)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new TelemetryFormatException($"channels.{name}", $"must be an object, got {reader.TokenType}");
        }

        double? avg = null, min = null, max = null;
        var samples = 0;
        DataFlag? flag = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = PropertyName(ref reader, $"channels.{name}");
            if (member.SequenceEqual("avg"u8))
            {
                avg = ReadNumber(ref reader, name, "avg");
            }
            else if (member.SequenceEqual("min"u8))
            {
                min = ReadNumber(ref reader, name, "min");
            }
            else if (member.SequenceEqual("max"u8))
            {
                max = ReadNumber(ref reader, name, "max");
            }
            else if (member.SequenceEqual("n"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out samples) || samples < 0)
                {
                    throw new TelemetryFormatException($"channels.{name}.n", $"must be a non-negative integer, got {TokenText(ref reader)}");
                }
            }
            else if (member.SequenceEqual("flag"u8))
            {
                reader.Read();
                if (!TryReadFlag(ref reader, $"channels.{name}.flag", out var parsed))
                {
                    throw new TelemetryFormatException($"channels.{name}.flag", $"must be one of N F M S D C T B, got {TokenText(ref reader)}");
                }

                flag = parsed;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (flag is null)
        {
            throw new TelemetryFormatException($"channels.{name}.flag", "is missing");
        }

        if (avg is null && min is null && max is null)
        {
            return ChannelReading.WithoutValue(flag.Value, samples);
        }

        if (avg is null || min is null || max is null)
        {
            throw new TelemetryFormatException($"channels.{name}", "avg, min and max come together or not at all");
        }

        return new ChannelReading(avg.Value, min.Value, max.Value, samples, flag.Value);
    }

    /// <summary>Reads a one-letter flag string; the unescaped single byte is the common case.</summary>
    private static bool TryReadFlag(ref Utf8JsonReader reader, string field, out DataFlag flag)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            flag = default;
            return false;
        }

        if (reader.ValueIsEscaped)
        {
            return DataFlags.TryParse(Text(ref reader, field), out flag);
        }

        if (reader.ValueSpan.Length == 1)
        {
            return DataFlags.TryParse((char)reader.ValueSpan[0], out flag);
        }

        // "" and longer strings ("NN"); the empty one must not be indexed.
        flag = default;
        return false;
    }

    private static double ReadNumber(ref Utf8JsonReader reader, string channel, string member)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw new TelemetryFormatException($"channels.{channel}.{member}", $"must be a number, got {TokenText(ref reader)}");
        }

        return value;
    }

    private static string ReadString(ref Utf8JsonReader reader, string field, string? previous, RepeatedText? repeated = null)
    {
        reader.Read();
        if (previous is not null)
        {
            throw new TelemetryFormatException(field, "appears twice");
        }

        return ReadCurrentString(ref reader, field, repeated);
    }

    private static string ReadCurrentString(ref Utf8JsonReader reader, string field, RepeatedText? repeated = null)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new TelemetryFormatException(field, $"must be a string, got {TokenText(ref reader)}");
        }

        return repeated is null ? Text(ref reader, field) : repeated.Read(ref reader, field);
    }

    /// <summary>
    /// The last value of one member across the records of a batch (a batch is one gateway's, so <c>device</c> and
    /// <c>unit</c> repeat): the same bytes give the same string instead of a new one per record.
    /// </summary>
    private sealed class RepeatedText
    {
        private string? _text;
        private byte[]? _utf8;

        public string Read(ref Utf8JsonReader reader, string field)
        {
            if (reader.ValueIsEscaped)
            {
                return Text(ref reader, field);
            }

            if (_utf8 is null || !reader.ValueSpan.SequenceEqual(_utf8))
            {
                _text = Text(ref reader, field);
                _utf8 = reader.ValueSpan.ToArray();
            }

            return _text!;
        }
    }

    private static DateTime ReadMinute(ref Utf8JsonReader reader, bool seen)
    {
        reader.Read();
        if (seen)
        {
            throw new TelemetryFormatException("minute", "appears twice");
        }

        // Fast path: an ISO 8601 time ending in Z ("2026-11-26T00:01:00Z"), as the gateway encodes it.
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && reader.ValueSpan is [.., (byte)'Z'] &&
            reader.TryGetDateTime(out var fast) && fast.Kind == DateTimeKind.Utc)
        {
            if (fast.Ticks % TimeSpan.TicksPerMinute != 0)
            {
                throw new TelemetryFormatException("minute", $"must be the start of a minute, got \"{Text(ref reader, "minute")}\"");
            }

            return fast;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new TelemetryFormatException("minute", $"must be a string, got {TokenText(ref reader)}");
        }

        return ParseMinute(Text(ref reader, "minute"));
    }

    private static DateTime ParseMinute(string text)
    {
        if (!DateTime.TryParseExact(text, MinuteFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var minute))
        {
            throw new TelemetryFormatException("minute", $"must be an ISO 8601 UTC time ending in Z, got \"{Truncate(text)}\"");
        }

        if (minute.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new TelemetryFormatException("minute", $"must be the start of a minute, got \"{text}\"");
        }

        return minute;
    }

    private static void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new TelemetryFormatException(field, value is null ? "is missing" : "is empty");
        }
    }

    /// <summary>The record without the member spanning [start, end), together with the comma that separated it.</summary>
    private static ReadOnlyMemory<byte> WithoutMember(ReadOnlyMemory<byte> record, int start, int end)
    {
        var span = record.Span;
        var cutStart = start;
        var cutEnd = end;
        var before = start - 1;
        while (before >= 0 && IsWhiteSpace(span[before]))
        {
            before--;
        }

        if (before >= 0 && span[before] == (byte)',')
        {
            cutStart = before;
        }
        else
        {
            var after = end;
            while (after < span.Length && IsWhiteSpace(span[after]))
            {
                after++;
            }

            if (after < span.Length && span[after] == (byte)',')
            {
                cutEnd = after + 1;
            }
        }

        var result = new byte[span.Length - (cutEnd - cutStart)];
        span[..cutStart].CopyTo(result);
        span[cutEnd..].CopyTo(result.AsSpan(cutStart));
        return result;
    }

    private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static string TokenText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => QuotedText(ref reader),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => reader.TokenType.ToString(),
    };

    /// <summary>A string token quoted for a message; it is what is wrong, so text that cannot be decoded is said so rather than thrown.</summary>
    private static string QuotedText(ref Utf8JsonReader reader)
    {
        try
        {
            return $"\"{Truncate(reader.GetString() ?? string.Empty)}\"";
        }
        catch (InvalidOperationException)
        {
            return "text that is not valid UTF-8";
        }
    }

    private static string Describe(ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty ? "an empty body" : $"\"{Truncate(Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 40)]))}\"";

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
