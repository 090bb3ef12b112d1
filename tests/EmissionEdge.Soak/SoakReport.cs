using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmissionEdge.Soak;

/// <summary>What <see cref="SoakVerifier.VerifyAsync"/> checks after a run.</summary>
/// <param name="DatabasePath">The stopped server's SQLite database.</param>
/// <param name="Profiles">The units' profiles as the server read them.</param>
/// <param name="Journals">The gateways' journals.</param>
/// <param name="Deliveries">What the webhook receiver accepted.</param>
/// <param name="End">The simulated end of generation.</param>
public sealed record SoakEvidence(string DatabasePath, IReadOnlyList<EmissionEdge.Compliance.Profiles.UnitProfile> Profiles, IReadOnlyList<JournalSource> Journals, IReadOnlyCollection<WebhookDelivery> Deliveries, DateTimeOffset End);

/// <summary>A fault the harness injected.</summary>
/// <param name="Kind"><c>server-kill</c>, <c>broker-restart</c> or <c>connection-cut</c>.</param>
/// <param name="Target">The gateway of a cut, or <c>server</c>.</param>
/// <param name="SimulatedAt">Simulated time it began.</param>
/// <param name="SimulatedDuration">How long the server stayed down, or the connection cut.</param>
/// <param name="Note">What happened (restart time, new port).</param>
public sealed record InjectedFault(string Kind, string Target, DateTimeOffset SimulatedAt, TimeSpan SimulatedDuration, string Note);

/// <summary>How one gateway did.</summary>
/// <param name="Gateway">Device id.</param>
/// <param name="Generated">Minutes journaled (sequence numbers 1…this).</param>
/// <param name="SamplesTaken">Samples taken.</param>
/// <param name="SamplesSkipped">Sampling instants missed.</param>
/// <param name="MinutesLost">Minutes the journal could not take.</param>
/// <param name="MaxLag">Largest lag of its clock behind the run's clock (simulated).</param>
/// <param name="Connects">Connections made through its relay.</param>
public sealed record GatewayFigures(string Gateway, long Generated, long SamplesTaken, long SamplesSkipped, long MinutesLost, TimeSpan MaxLag, long Connects);

/// <summary>The outcome of a soak run: counts, injected faults and every violation found.</summary>
public sealed class SoakReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>Gateways run.</summary>
    public int Gateways { get; set; }

    /// <summary>Simulated start.</summary>
    public DateTimeOffset SimulatedStart { get; set; }

    /// <summary>Simulated end of generation.</summary>
    public DateTimeOffset SimulatedEnd { get; set; }

    /// <summary>Time scale.</summary>
    public double TimeScale { get; set; }

    /// <summary>Seed.</summary>
    public int Seed { get; set; }

    /// <summary>Sampling interval, simulated seconds.</summary>
    public int SamplingIntervalSeconds { get; set; }

    /// <summary>Real duration of the whole run (start to verified).</summary>
    public TimeSpan RealDuration { get; set; }

    /// <summary>Minute records the gateways generated (journaled).</summary>
    public long RecordsGenerated { get; set; }

    /// <summary>Minute records in the store.</summary>
    public long RecordsStored { get; set; }

    /// <summary>Generated records stored once with identical content (unit, minute, readings, mac).</summary>
    public long RecordsIdentical { get; set; }

    /// <summary>(device, seq) stored more than once (the store's primary key should make this 0).</summary>
    public long RecordsDuplicated { get; set; }

    /// <summary>Generated records missing from the store.</summary>
    public long RecordsMissing { get; set; }

    /// <summary>Stored records whose content differs from the generated one.</summary>
    public long RecordsDiffering { get; set; }

    /// <summary>Stored records the gateways never generated.</summary>
    public long RecordsUnexpected { get; set; }

    /// <summary>Generated records that could no longer be read from the journal to compare (overwritten or torn).</summary>
    public long RecordsUnreadableInJournal { get; set; }

    /// <summary>Stored minutes by mac chain status (Verified, Unverified, Broken, NotSigned).</summary>
    public Dictionary<string, long> Integrity { get; set; } = [];

    /// <summary>Unit-hours recomputed with the compliance engine (as <c>evaluate</c>) and compared with the stored result.</summary>
    public long HoursCompared { get; set; }

    /// <summary>Stored hour results differing from the recomputation.</summary>
    public long HoursMismatched { get; set; }

    /// <summary>Hours with minutes but no stored result.</summary>
    public long HoursMissing { get; set; }

    /// <summary>Hours ending before the end of the run that were not closed.</summary>
    public long HoursNotClosed { get; set; }

    /// <summary>Compared hours in which a pollutant exceeded its limit.</summary>
    public long HoursExceeding { get; set; }

    /// <summary>Alerts in the store, by kind.</summary>
    public Dictionary<string, long> AlertsByKind { get; set; } = [];

    /// <summary>Alert versions (alert id, version) that must reach the regulator.</summary>
    public long AlertVersions { get; set; }

    /// <summary>Webhook outbox entries.</summary>
    public long OutboxEntries { get; set; }

    /// <summary>Alert versions without exactly one webhook outbox entry.</summary>
    public long OutboxMissingOrDuplicated { get; set; }

    /// <summary>Webhook outbox entries not delivered when the server stopped.</summary>
    public long OutboxUndelivered { get; set; }

    /// <summary>POSTs the receiver accepted (raw, re-deliveries included).</summary>
    public long WebhookPostsAccepted { get; set; }

    /// <summary>POSTs the receiver refused with 503 (to exercise retries).</summary>
    public long WebhookPostsRefused { get; set; }

    /// <summary>Distinct (alert id, version) received: the receiver's idempotency key.</summary>
    public long WebhookDistinct { get; set; }

    /// <summary>Accepted POSTs repeating a key already received (re-deliveries), deduplicated by the receiver.</summary>
    public long WebhookRedeliveries { get; set; }

    /// <summary>Outbox entries never received.</summary>
    public long WebhookMissing { get; set; }

    /// <summary>Received keys with no outbox entry, or a body differing from the outbox payload.</summary>
    public long WebhookUnexpected { get; set; }

    /// <summary>POSTs whose signature did not verify.</summary>
    public long WebhookBadSignatures { get; set; }

    /// <summary>Gateways whose clock fell behind the run's by more than the threshold, or that missed samples.</summary>
    public List<string> GatewaysBehind { get; set; } = [];

    /// <summary>Per gateway figures.</summary>
    public List<GatewayFigures> GatewayFigures { get; set; } = [];

    /// <summary>Faults injected, in order.</summary>
    public List<InjectedFault> Faults { get; set; } = [];

    /// <summary>Every violation found (first 200 with details).</summary>
    public List<string> Violations { get; set; } = [];

    /// <summary>Violations found in all (<see cref="Violations"/> keeps details of the first 200).</summary>
    public long ViolationCount { get; set; }

    /// <summary>Whether the run found no violation.</summary>
    public bool Passed => ViolationCount == 0;

    /// <summary>What the verifier checked (the stopped server's database, the journals, the webhook's deliveries), so it can be run again.</summary>
    [JsonIgnore]
    public SoakEvidence? Evidence { get; set; }

    /// <summary>Adds a violation.</summary>
    /// <param name="text">What is wrong, naming the record, hour or alert.</param>
    public void Violation(string text)
    {
        ViolationCount++;
        if (Violations.Count < 200)
        {
            Violations.Add(text);
        }
    }

    /// <summary>The report as JSON.</summary>
    /// <returns>Indented JSON.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The report for people.</summary>
    /// <returns>Several lines.</returns>
    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Soak: {Gateways} gateways, {SimulatedStart:yyyy-MM-ddTHH:mm}Z → {SimulatedEnd:yyyy-MM-ddTHH:mm}Z simulated ({(SimulatedEnd - SimulatedStart).TotalHours:0.#} h) at {TimeScale}× (sampling every {SamplingIntervalSeconds} s), seed {Seed}, {RealDuration.TotalMinutes:0.0} min real");
        text.AppendLine(c, $"Faults: {Faults.Count(f => f.Kind == "server-kill")} server SIGKILLs, {Faults.Count(f => f.Kind == "broker-restart")} broker restarts, {Faults.Count(f => f.Kind == "connection-cut")} connection cuts (longest {(Faults.Where(f => f.Kind == "connection-cut").Select(f => f.SimulatedDuration).DefaultIfEmpty().Max().TotalMinutes):0} min)");
        text.AppendLine(c, $"Records: generated {RecordsGenerated}, stored {RecordsStored}, identical {RecordsIdentical}, duplicated {RecordsDuplicated}, missing {RecordsMissing}, differing {RecordsDiffering}, unexpected {RecordsUnexpected}, unreadable in journal {RecordsUnreadableInJournal}");
        text.AppendLine(c, $"Mac chain: {string.Join(", ", Integrity.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}");
        text.AppendLine(c, $"Hours: compared {HoursCompared}, mismatched {HoursMismatched}, missing {HoursMissing}, not closed {HoursNotClosed}, exceeding a limit {HoursExceeding}");
        text.AppendLine(c, $"Alerts: {string.Join(", ", AlertsByKind.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}; versions {AlertVersions}, webhook outbox entries {OutboxEntries} (missing or duplicated {OutboxMissingOrDuplicated}, undelivered {OutboxUndelivered})");
        text.AppendLine(c, $"Webhook: POSTs accepted {WebhookPostsAccepted} (refused with 503 on purpose {WebhookPostsRefused}), distinct (alert id, version) {WebhookDistinct}, re-deliveries deduplicated {WebhookRedeliveries}, missing {WebhookMissing}, unexpected or differing {WebhookUnexpected}, bad signatures {WebhookBadSignatures}");
        var samples = GatewayFigures.Sum(g => g.SamplesTaken);
        var skipped = GatewayFigures.Sum(g => g.SamplesSkipped);
        var lag = GatewayFigures.Select(g => g.MaxLag).DefaultIfEmpty().Max();
        text.AppendLine(c, $"Gateways: {samples} samples taken, {skipped} skipped, {GatewayFigures.Sum(g => g.MinutesLost)} minutes lost, largest clock lag {lag.TotalSeconds:0} s simulated; fell behind: {(GatewaysBehind.Count == 0 ? "none" : string.Join(", ", GatewaysBehind))}");
        text.AppendLine("Fault log (simulated time):");
        foreach (var fault in Faults)
        {
            text.AppendLine(c, $"  {fault.SimulatedAt:yyyy-MM-ddTHH:mm:ss}Z  {fault.Kind,-15} {fault.Target,-10} {fault.SimulatedDuration.TotalMinutes,6:0.0} min  {fault.Note}");
        }

        text.AppendLine(Passed ? "PASSED: no violation" : $"FAILED: {ViolationCount} violation(s)");
        foreach (var violation in Violations)
        {
            text.AppendLine(c, $"  {violation}");
        }

        return text.ToString();
    }
}
