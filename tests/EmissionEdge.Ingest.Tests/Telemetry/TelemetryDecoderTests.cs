using System.Text;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Ingest.Telemetry;
using EmissionEdge.Ingest.Tests.Support;

namespace EmissionEdge.Ingest.Tests.Telemetry;

public class TelemetryDecoderTests
{
    // The example of telemetry.md, verbatim apart from the mac (which must be 32 bytes of base64).
    private const string ContractExample = """
        {
          "schema": "emissionedge.minute/1",
          "device": "gw-gs01-a",
          "unit": "GS-01",
          "seq": 1042,
          "minute": "2026-11-26T00:01:00Z",
          "channels": {
            "SO2":  { "avg": 18.62, "min": 17.90, "max": 19.41, "n": 12, "flag": "N" },
            "NOx":  { "avg": 32.40, "min": 30.02, "max": 35.10, "n": 12, "flag": "N" },
            "Dust": { "avg": 2.15,  "min": 2.01,  "max": 2.30,  "n": 12, "flag": "N" },
            "O2":   { "avg": 8.30,  "min": 8.10,  "max": 8.52,  "n": 12, "flag": "N" }
          }
        }
        """;

    [Fact]
    public void Decodes_the_contract_example()
    {
        var message = TelemetryDecoder.Decode(Encoding.UTF8.GetBytes(ContractExample));

        Assert.False(message.IsBatch);
        var record = Assert.Single(message.Elements).Record!;
        Assert.Equal("gw-gs01-a", record.Device);
        Assert.Equal("GS-01", record.Unit);
        Assert.Equal(1042, record.Seq);
        Assert.Equal(new DateTime(2026, 11, 26, 0, 1, 0, DateTimeKind.Utc), record.MinuteUtc);
        Assert.Equal(DateTimeKind.Utc, record.MinuteUtc.Kind);
        Assert.Equal(new ChannelReading(18.62, 17.90, 19.41, 12, DataFlag.N), record.Minute[Channel.SO2]);
        Assert.Equal(new ChannelReading(8.30, 8.10, 8.52, 12, DataFlag.N), record.Minute[Channel.O2]);
        Assert.False(record.Minute.Has(Channel.Flow));
        Assert.Null(record.Mac);
    }

    [Fact]
    public void A_channel_without_valid_sample_keeps_its_flag_and_no_value()
    {
        var json = ContractExample.Replace("\"Dust\": { \"avg\": 2.15,  \"min\": 2.01,  \"max\": 2.30,  \"n\": 12, \"flag\": \"N\" }", "\"Dust\": { \"n\": 0, \"flag\": \"B\" }");
        var record = TelemetryDecoder.Decode(Encoding.UTF8.GetBytes(json)).Elements[0].Record!;

        Assert.True(record.Minute.Has(Channel.Dust));
        Assert.False(record.Minute[Channel.Dust].HasValue);
        Assert.Equal(DataFlag.B, record.Minute[Channel.Dust].Flag);
    }

    [Fact]
    public void A_batch_decodes_each_element_on_its_own()
    {
        var good = Support.Telemetry.Record("gw", "U", 1, Support.Telemetry.Hour);
        var bad = Support.Telemetry.Record("gw", "U", 2, Support.Telemetry.Hour.AddMinutes(1)).Replace("\"flag\":\"N\"", "\"flag\":\"X\"");
        var message = TelemetryDecoder.Decode(Support.Telemetry.Bytes(Support.Telemetry.Batch([good, bad])));

        Assert.True(message.IsBatch);
        Assert.Equal(2, message.Elements.Count);
        Assert.Equal(1, message.Elements[0].Record!.Seq);
        Assert.Null(message.Elements[1].Record);
        Assert.Contains("channels.SO2.flag", message.Elements[1].Error);
        Assert.Contains("\"X\"", message.Elements[1].Error);
        Assert.Equal(bad, Encoding.UTF8.GetString(message.Elements[1].RawBytes.Span));
    }

    [Fact]
    public void A_bad_element_in_the_middle_of_a_batch_rejects_only_itself()
    {
        var records = Enumerable.Range(0, 5).Select(i => Support.Telemetry.Record("gw", "U", i + 1, Support.Telemetry.Hour.AddMinutes(i))).ToArray();
        records[1] = records[1].Replace("\"SO2\":", "\"SOX\":"); // fails at a member name, its value unread
        records[2] = records[2].Replace("\"channels\":{", "\"channels\":[{").Replace("}}}", "}}]}"); // fails at a nested array
        records[3] = records[3].Replace("\"flag\":\"N\"}}", "\"flag\":\"N\"}},\"extra\":{\"a\":[1,{\"b\":2}]}").Replace("\"seq\":4", "\"seq\":-4"); // fails early, nested objects follow

        var message = TelemetryDecoder.Decode(Support.Telemetry.Bytes(Support.Telemetry.Batch(records)));

        Assert.Equal(5, message.Elements.Count);
        Assert.Equal([1L, 5L], message.Elements.Where(e => e.Record is not null).Select(e => e.Record!.Seq));
        Assert.StartsWith("channels.SOX:", message.Elements[1].Error);
        Assert.StartsWith("channels:", message.Elements[2].Error);
        Assert.StartsWith("seq:", message.Elements[3].Error);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(records[i], Encoding.UTF8.GetString(message.Elements[i].RawBytes.Span));
        }
    }

    [Fact]
    public void Each_record_of_a_batch_keeps_its_own_device_and_unit()
    {
        var records = new[]
        {
            Support.Telemetry.Record("gw-1", "U-1", 1, Support.Telemetry.Hour),
            Support.Telemetry.Record("gw-1", "U-1", 2, Support.Telemetry.Hour.AddMinutes(1)),
            Support.Telemetry.Record("gw-2", "U-1", 3, Support.Telemetry.Hour.AddMinutes(2)),
            Support.Telemetry.Record("gw-2", "U-2", 4, Support.Telemetry.Hour.AddMinutes(3)).Replace("\"gw-2\"", "\"gw\\u002d2\""),
            Support.Telemetry.Record("gw-1", "U-2", 5, Support.Telemetry.Hour.AddMinutes(4)),
        };

        var message = TelemetryDecoder.Decode(Support.Telemetry.Bytes(Support.Telemetry.Batch(records)));

        Assert.Equal(
            [("gw-1", "U-1"), ("gw-1", "U-1"), ("gw-2", "U-1"), ("gw-2", "U-2"), ("gw-1", "U-2")],
            message.Elements.Select(e => (e.Record!.Device, e.Record.Unit)));
    }

    [Fact]
    public void Invalid_json_inside_one_batch_element_fails_the_whole_body()
    {
        var good = Support.Telemetry.Record("gw", "U", 1, Support.Telemetry.Hour);
        var broken = Support.Telemetry.Record("gw", "U", 2, Support.Telemetry.Hour.AddMinutes(1)).Replace("\"seq\":2", "\"seq\":-x");

        var ex = Assert.Throws<TelemetryFormatException>(() => TelemetryDecoder.Decode(Support.Telemetry.Bytes(Support.Telemetry.Batch([good, broken]))));
        Assert.Equal("$", ex.Field);
        Assert.Contains("not valid JSON", ex.Message);
    }

    [Fact]
    public void Escaped_names_and_values_decode_as_their_text()
    {
        var json = Support.Telemetry.Record("gw", "U", 1, Support.Telemetry.Hour)
            .Replace("\"schema\":\"emissionedge.minute/1\"", "\"sch\\u0065ma\":\"emissionedge.minute\\/1\"")
            .Replace("\"SO2\":{\"avg\"", "\"S\\u004f2\":{\"\\u0061vg\"")
            .Replace("\"flag\":\"N\"}}", "\"flag\":\"\\u0054\"}}");

        var record = TelemetryDecoder.DecodeRecord(Encoding.UTF8.GetBytes(json));

        Assert.Equal(18.62, record.Minute[Channel.SO2].Average);
        Assert.Equal(DataFlag.T, record.Minute[Channel.O2].Flag);
    }

    [Theory]
    [InlineData("not json", "$")]
    [InlineData("[1,2]", "$")]
    [InlineData("{\"batch\":{}}", "batch")]
    [InlineData("{\"batch\":[]}", "batch")]
    [InlineData("{\"schema\":\"emissionedge.minute/1\"", "$")]
    public void A_body_that_is_not_a_message_fails_as_a_whole(string body, string field)
    {
        var ex = Assert.Throws<TelemetryFormatException>(() => TelemetryDecoder.Decode(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(field, ex.Field);
    }

    [Theory]
    [InlineData("\"schema\":\"emissionedge.minute/1\"", "\"schema\":\"emissionedge.minute/2\"", "schema", "emissionedge.minute/2")]
    [InlineData("\"seq\":7", "\"seq\":-7", "seq", "-7")]
    [InlineData("\"seq\":7", "\"seq\":\"7\"", "seq", "\"7\"")]
    [InlineData("\"minute\":\"2026-11-26T00:00:00Z\"", "\"minute\":\"2026-11-26T00:00:30Z\"", "minute", "00:00:30")]
    [InlineData("\"minute\":\"2026-11-26T00:00:00Z\"", "\"minute\":\"2026-11-26T08:00:00+08:00\"", "minute", "+08:00")]
    [InlineData("\"SO2\":", "\"SOX\":", "channels.SOX", "not a channel")]
    [InlineData("\"n\":12,\"flag\":\"N\"},\"NOx\"", "\"n\":12},\"NOx\"", "channels.SO2.flag", "missing")]
    [InlineData("\"avg\":32.4,", "", "channels.NOx", "avg, min and max")]
    [InlineData("\"unit\":\"U\",", "", "unit", "missing")]
    public void A_record_that_breaks_the_contract_names_the_field_and_value(string from, string to, string field, string mention)
    {
        var json = Support.Telemetry.Record("gw", "U", 7, Support.Telemetry.Hour).Replace(from, to);
        Assert.NotEqual(Support.Telemetry.Record("gw", "U", 7, Support.Telemetry.Hour), json);

        var ex = Assert.Throws<TelemetryFormatException>(() => TelemetryDecoder.DecodeRecord(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(field, ex.Field);
        Assert.Contains(mention, ex.Message);
    }

    [Theory]
    [InlineData("last")]
    [InlineData("spaced")]
    [InlineData("first")]
    public void Canonical_bytes_are_the_record_as_sent_without_the_mac_member(string position)
    {
        var record = Support.Telemetry.Record("gw", "U", 1, Support.Telemetry.Hour);
        var mac = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var (json, canonical) = position switch
        {
            "last" => (record[..^1] + $",\"mac\":\"{mac}\"}}", record),
            "spaced" => (record[..^1] + $" , \"mac\" : \"{mac}\" }}", record[..^1] + "  }"), // only the member and its comma go
            _ => ($"{{\"mac\":\"{mac}\"," + record[1..], record),
        };

        var decoded = TelemetryDecoder.DecodeRecord(Encoding.UTF8.GetBytes(json));

        Assert.Equal(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), decoded.Mac);
        Assert.Equal(canonical, Encoding.UTF8.GetString(decoded.CanonicalBytes.Span));
        Assert.Equal(json, Encoding.UTF8.GetString(decoded.RawBytes.Span));
    }
}
