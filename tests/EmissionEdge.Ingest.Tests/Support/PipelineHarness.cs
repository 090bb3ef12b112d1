using EmissionEdge.Compliance;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Devices;
using EmissionEdge.Ingest.Evaluation;
using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Ingest.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EmissionEdge.Ingest.Tests.Support;

/// <summary>A real pipeline over a temporary SQLite store, the real compliance engine and a fake clock.</summary>
internal sealed class PipelineHarness : IDisposable
{
    public static readonly byte[] SignedKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private readonly string _directory = Directory.CreateTempSubdirectory("ee-pipeline-").FullName;
    private readonly List<IngestNotification> _seen = [];

    /// <summary>The device key of the gateway core's contract examples (tests/contract/telemetry).</summary>
    public const string ContractDeviceKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    public PipelineHarness(params IAlertSink[] sinks)
        : this(gs01SignsRecords: false, sinks)
    {
    }

    public PipelineHarness(bool gs01SignsRecords, params IAlertSink[] sinks)
        : this((IIngestStore?)null, gs01SignsRecords, sinks)
    {
    }

    /// <summary>A harness over the given store (null: a temporary SQLite database).</summary>
    public PipelineHarness(IIngestStore? store, bool gs01SignsRecords, params IAlertSink[] sinks)
        : this(sqlite => store ?? sqlite(), gs01SignsRecords, sinks)
    {
    }

    /// <summary>A harness over the store <paramref name="createStore"/> makes, given a maker of the temporary SQLite store.</summary>
    public PipelineHarness(Func<Func<IIngestStore>, IIngestStore> createStore, bool gs01SignsRecords, params IAlertSink[] sinks)
        : this(
            createStore,
            [
                new() { DeviceId = "gw-gs01-a", Unit = "GS-01", DeviceKey = ContractDeviceKey, MacEnabled = gs01SignsRecords },
                new() { DeviceId = "gw-gs02-a", Unit = "GS-02", DeviceKey = Convert.ToBase64String(SignedKey), MacEnabled = true },
            ],
            Telemetry.Hour.AddMinutes(61).AddSeconds(5),
            sinks)
    {
    }

    /// <summary>
    /// A harness with the given gateways (one unit of plant GS each, default profile) over the store
    /// <paramref name="createStore"/> makes, its clock at <paramref name="startUtc"/>.
    /// </summary>
    public PipelineHarness(Func<Func<IIngestStore>, IIngestStore> createStore, IReadOnlyList<DeviceRegistryOptions.GatewayOptions> gateways, DateTime startUtc, params IAlertSink[] sinks)
    {
        Time = new FakeTimeProvider(startUtc);
        Store = createStore(() => new SqliteIngestStore(DatabasePath));
        Store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        Registry = new ConfigurationDeviceRegistry(Options.Create(new DeviceRegistryOptions { Gateways = [.. gateways] }));
        Units = new UnitCatalog(gateways.Select(g => new UnitEntry(new UnitProfile(g.Unit), "GS")));
        Sinks = sinks.Length > 0 ? sinks : [new LogAlertSink(NullLogger<LogAlertSink>.Instance)];
        Outbox = new AlertOutbox(Store, Sinks);
        Feed = new IngestFeed();
        Feed.Subscribe(new Recorder(_seen));
        Evaluator = new UnitEvaluator(Store, new HourResultCodec(), Outbox, Feed, Options.Create(new IngestOptions()), ComplianceOptions.Default, Time);
        Pipeline = new IngestPipeline(Store, Registry, Units, Evaluator, Feed, Time, NullLogger<IngestPipeline>.Instance);
        Closer = new HourCloser(Store, Units, Evaluator, NullLogger<HourCloser>.Instance);
        Dispatcher = new AlertDispatcher(Store, Sinks, Options.Create(new OutboxOptions { FirstRetryDelay = TimeSpan.FromSeconds(10) }), Time, NullLogger<AlertDispatcher>.Instance);
    }

    /// <summary>The file of the temporary SQLite store (when the harness made it).</summary>
    public string DatabasePath => Path.Combine(_directory, "ingest.db");

    public FakeTimeProvider Time { get; }
    public IIngestStore Store { get; }
    public IDeviceRegistry Registry { get; }
    public IUnitCatalog Units { get; }
    public IReadOnlyList<IAlertSink> Sinks { get; }
    public AlertOutbox Outbox { get; }
    public IngestFeed Feed { get; }
    public UnitEvaluator Evaluator { get; }
    public IngestPipeline Pipeline { get; }
    public HourCloser Closer { get; }
    public AlertDispatcher Dispatcher { get; }
    public IReadOnlyList<IngestNotification> Seen => _seen;

    public Task<IngestOutcome> IngestAsync(string device, string body, DateTimeOffset? enqueued = null) =>
        Pipeline.IngestAsync(device, Telemetry.Bytes(body), enqueued ?? Time.GetUtcNow(), CancellationToken.None);

    /// <summary>A full hour of GS-01 minutes (seq 1..60) with the given SO2 and O2 = 6 %.</summary>
    public static IEnumerable<string> HourOfGs01(double so2, long firstSeq = 1, DateTime? hour = null) =>
        Enumerable.Range(0, 60).Select(i => Telemetry.Record("gw-gs01-a", "GS-01", firstSeq + i, (hour ?? Telemetry.Hour).AddMinutes(i), so2: so2));

    public void Dispose()
    {
        (Store as IDisposable)?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class Recorder(List<IngestNotification> seen) : IObserver<IngestNotification>
    {
        public void OnCompleted() { }
        public void OnError(Exception error) { }
        public void OnNext(IngestNotification value) => seen.Add(value);
    }
}
