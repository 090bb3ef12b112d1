using EmissionEdge.Compliance.Model;
using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Integrity;
using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Ingest.Telemetry;
using EmissionEdge.Ingest.Tests.Support;

namespace EmissionEdge.Ingest.Tests.Telemetry;

/// <summary>The canonical examples produced by the gateway core's real encoder (tests/contract/telemetry).</summary>
public sealed class ContractExampleTests
{
    private static byte[] Example(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "contract", "telemetry", name)).AsSpan().TrimEnd("\n"u8).ToArray();

    [Fact]
    public void Single_and_batch_examples_decode()
    {
        var single = TelemetryDecoder.Decode(Example("single.json")).Elements.Single().Record!;
        Assert.Equal(("gw-gs01-a", "GS-01", 1042L), (single.Device, single.Unit, single.Seq));
        Assert.Equal(new ChannelReading(8.3, 8.1, 8.52, 12, DataFlag.N), single.Minute[Channel.O2]);

        var batch = TelemetryDecoder.Decode(Example("batch.json"));
        Assert.True(batch.IsBatch);
        Assert.Equal([1042L, 1043L], batch.Elements.Select(e => e.Record!.Seq));
        Assert.Equal(ChannelReading.WithoutValue(DataFlag.D), batch.Elements[1].Record!.Minute[Channel.Dust]);

        var noValue = TelemetryDecoder.Decode(Example("no-value-channel.json")).Elements.Single().Record!;
        Assert.False(noValue.Minute[Channel.Dust].HasValue);
        Assert.Equal(DataFlag.D, noValue.Minute[Channel.Dust].Flag);
    }

    [Fact]
    public void The_mac_chain_examples_verify_with_the_contract_key()
    {
        var key = Convert.FromBase64String(PipelineHarness.ContractDeviceKey);
        var first = TelemetryDecoder.DecodeRecord(Example("mac-chain-1.json"));
        var second = TelemetryDecoder.DecodeRecord(Example("mac-chain-2.json"));

        Assert.True(MacChain.Verify(key, [], first.CanonicalBytes.Span, first.Mac));
        Assert.True(MacChain.Verify(key, first.Mac, second.CanonicalBytes.Span, second.Mac));
        Assert.False(MacChain.Verify(key, [], second.CanonicalBytes.Span, second.Mac));
    }

    [Fact]
    public async Task A_record_arriving_before_its_predecessor_is_unverified_not_broken()
    {
        using var h = new PipelineHarness(gs01SignsRecords: true);
        await h.Pipeline.IngestAsync("gw-gs01-a", Example("mac-chain-2.json"), h.Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(MacStatus.Unverified, (await h.Store.GetMinuteAsync("gw-gs01-a", 1043, CancellationToken.None))!.Integrity);
        Assert.Empty(await h.Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None));

        // The predecessor arrives: both links verify now.
        await h.Pipeline.IngestAsync("gw-gs01-a", Example("mac-chain-1.json"), h.Time.GetUtcNow(), CancellationToken.None);

        var second = await h.Store.GetMinuteAsync("gw-gs01-a", 1043, CancellationToken.None);
        Assert.Equal(MacStatus.Verified, second!.Integrity);
        Assert.NotNull(second.Canonical);
        Assert.Equal(MacStatus.Verified, (await h.Store.GetMinuteAsync("gw-gs01-a", 1042, CancellationToken.None))!.Integrity);
        Assert.Empty(await h.Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None));
    }

    [Fact]
    public async Task A_late_predecessor_that_does_not_lead_to_its_successor_breaks_the_chain()
    {
        using var h = new PipelineHarness(gs01SignsRecords: true);
        await h.Pipeline.IngestAsync("gw-gs01-a", Example("mac-chain-2.json"), h.Time.GetUtcNow(), CancellationToken.None);

        // A different seq 1042, correctly signed as a chain start, is not the record seq 1043 was chained to.
        var key = Convert.FromBase64String(PipelineHarness.ContractDeviceKey);
        var unsigned = System.Text.Encoding.UTF8.GetString(Example("single.json")).Replace("\"avg\":18.62", "\"avg\":28.62");
        var (forged, _) = Support.Telemetry.Signed(unsigned, key, []);
        await h.IngestAsync("gw-gs01-a", forged);

        Assert.Equal(MacStatus.Verified, (await h.Store.GetMinuteAsync("gw-gs01-a", 1042, CancellationToken.None))!.Integrity);
        Assert.Equal(MacStatus.Broken, (await h.Store.GetMinuteAsync("gw-gs01-a", 1043, CancellationToken.None))!.Integrity);
        var alert = Assert.Single(await h.Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None));
        Assert.Equal(AlertNotice.MacChainBrokenKind, alert.Kind);
        Assert.Contains("seq 1043", AlertNotice.FromJson(alert.Payload).Detail);
    }

    [Fact]
    public async Task The_pipeline_verifies_the_encoder_chain()
    {
        using var h = new PipelineHarness(gs01SignsRecords: true);
        var outcomes = await h.Pipeline.IngestBatchAsync(
        [
            new IngestMessage("gw-gs01-a", Example("mac-chain-1.json"), h.Time.GetUtcNow()),
            new IngestMessage("gw-gs01-a", Example("mac-chain-2.json"), h.Time.GetUtcNow()),
        ], CancellationToken.None);

        Assert.All(outcomes, o => Assert.Equal(IngestStatus.Accepted, o.Status));
        Assert.Equal(MacStatus.Verified, (await h.Store.GetMinuteAsync("gw-gs01-a", 1042, CancellationToken.None))!.Integrity);
        Assert.Equal(MacStatus.Verified, (await h.Store.GetMinuteAsync("gw-gs01-a", 1043, CancellationToken.None))!.Integrity);
        Assert.Empty(await h.Store.GetAlertsAsync("GS-01", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None));

        // Replaying the signed record is an identical replay.
        var replay = await h.Pipeline.IngestAsync("gw-gs01-a", Example("mac-chain-2.json"), h.Time.GetUtcNow(), CancellationToken.None);
        Assert.Equal(IngestStatus.Duplicate, replay.Status);

        // The unsigned examples from a signing device are rejected.
        var unsigned = await h.Pipeline.IngestAsync("gw-gs01-a", Example("single.json"), h.Time.GetUtcNow(), CancellationToken.None);
        Assert.Equal(IngestStatus.Rejected, unsigned.Status);
    }
}
