using System.Text;
using EmissionEdge.Ingest.Telemetry;

namespace EmissionEdge.Ingest.Tests.Telemetry;

/// <summary>Inputs that `emissionedge fuzz --target telemetry` found crashing the decoder (they now reject only themselves, with a reason).</summary>
public class TelemetryDecoderFuzzFindingsTests
{
    private static string Record(string unitJson = "\"GS-01\"", string deviceJson = "\"gw-1\"", string flagJson = "\"N\"") =>
        "{\"schema\":\"emissionedge.minute/1\",\"device\":" + deviceJson + ",\"unit\":" + unitJson +
        ",\"seq\":1,\"minute\":\"2026-11-26T00:01:00Z\",\"channels\":{\"SO2\":{\"avg\":1,\"min\":1,\"max\":1,\"n\":12,\"flag\":" + flagJson + "}}}";

    [Fact]
    public void An_empty_flag_string_is_a_contract_error_not_an_IndexOutOfRangeException()
    {
        // Found input: a valid record whose "flag" value was replaced by the boundary value "".
        var message = TelemetryDecoder.Decode(Encoding.UTF8.GetBytes(Record(flagJson: "\"\"")));

        var element = Assert.Single(message.Elements);
        Assert.Null(element.Record);
        Assert.Equal("channels.SO2.flag: must be one of N F M S D C T B, got \"\"", element.Error);
    }

    [Fact]
    public void A_unit_that_is_not_UTF8_is_a_contract_error_of_unit_not_an_InvalidOperationException()
    {
        // Found input: one bit flipped in a non-ASCII unit name, leaving the byte 0xC3 without its continuation byte.
        var body = Encoding.UTF8.GetBytes(Record(unitJson: "\"GS-\u00e9\"")).ToList();
        var at = body.IndexOf(0xC3);
        body[at + 1] = (byte)'(';

        var element = Assert.Single(TelemetryDecoder.Decode(body.ToArray()).Elements);

        Assert.Equal("unit: holds text that is not valid UTF-8 (or an escaped lone surrogate)", element.Error);
    }

    [Fact]
    public void An_escaped_lone_surrogate_in_a_batch_rejects_only_its_record()
    {
        var body = "{\"batch\":[" + Record() + "," + Record(deviceJson: "\"gw-\\ud800\"") + "," + Record() + "]}";

        var elements = TelemetryDecoder.Decode(Encoding.UTF8.GetBytes(body)).Elements;

        Assert.Equal(3, elements.Count);
        Assert.NotNull(elements[0].Record);
        Assert.Equal("device: holds text that is not valid UTF-8 (or an escaped lone surrogate)", elements[1].Error);
        Assert.NotNull(elements[2].Record);
    }

    [Fact]
    public void A_top_level_member_name_with_a_lone_surrogate_fails_the_body_with_a_reason_not_an_InvalidOperationException()
    {
        // Found input (telemetry-seed1-input290): {"\ud800mac":"mXMM…","schema":…}: a byte deletion left a lone surrogate escape
        // before "mac"; checking the member against "batch" threw.
        var body = Record().Replace("{\"schema\"", "{\"\\ud800mac\":\"x\",\"schema\"", StringComparison.Ordinal);

        var error = Assert.Throws<TelemetryFormatException>(() => TelemetryDecoder.Decode(Encoding.UTF8.GetBytes(body)));

        Assert.Equal("$: holds text that is not valid UTF-8 (or an escaped lone surrogate)", error.Message);
    }
}
