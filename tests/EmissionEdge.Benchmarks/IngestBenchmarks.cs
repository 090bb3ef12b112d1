using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using EmissionEdge.Compliance;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Devices;
using EmissionEdge.Ingest.Evaluation;
using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Ingest.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmissionEdge.Benchmarks;

/// <summary>
/// Records per second through the whole ingest pipeline: decode + device check + dedupe + SQLite store (WAL, file on
/// disk) + gateway health + compliance engine (hour recompute from the stored minutes) + alert re-derivation, into a
/// fresh database per iteration, in Event Hubs-sized batches of 32 messages (one transaction each). Results are per record.
/// </summary>
/// <remarks>
/// <c>CatchUp</c>: 10 units × 24 hours, each message a <c>{"batch":[…]}</c> of one unit-hour (60 records), as a gateway
/// sends after an outage (14 400 records per operation). <c>Live</c>: one record per message, each batch holding the
/// current minutes of the 10 units, as in normal operation: every record recomputes its hour and re-derives its
/// unit's alerts (10 units × 3 hours = 1 800 records per operation). <c>Synchronous</c>: <c>Full</c> (the default: every
/// commit synced to disk) or <c>Normal</c> (synced at checkpoints only), see <see cref="SqliteSynchronous"/>.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class IngestBenchmarks
{
    private const int Units = 10;
    private const int CatchUpRecords = Units * 24 * 60;
    private const int LiveRecords = Units * 3 * 60;
    private const int EventHubBatch = 32;
    private static readonly DateTime Start = new(2026, 3, 14, 16, 0, 0, DateTimeKind.Utc);
    private static readonly DateTimeOffset Enqueued = new(Start.AddDays(1));

    private List<IngestMessage[]> _batches = [];

    [Params(SqliteSynchronous.Full, SqliteSynchronous.Normal)]
    public SqliteSynchronous Synchronous { get; set; }

    private string _directory = string.Empty;
    private SqliteIngestStore? _store;
    private IngestPipeline? _pipeline;

    [GlobalSetup(Target = nameof(CatchUp))]
    public void SetupCatchUp()
    {
        var messages = new List<IngestMessage>();
        for (var u = 0; u < Units; u++)
        {
            for (var h = 0; h < CatchUpRecords / Units / 60; h++)
            {
                var records = Enumerable.Range(0, 60).Select(m => Record(u, h * 60 + m));
                messages.Add(new IngestMessage(Device(u), Encoding.UTF8.GetBytes("{\"batch\":[" + string.Join(",", records) + "]}"), Enqueued));
            }
        }

        _batches = messages.Chunk(EventHubBatch).ToList();
    }

    [GlobalSetup(Target = nameof(Live))]
    public void SetupLive()
    {
        var messages = new List<IngestMessage>();
        for (var minute = 0; minute < LiveRecords / Units; minute++)
        {
            for (var u = 0; u < Units; u++)
            {
                messages.Add(new IngestMessage(Device(u), Encoding.UTF8.GetBytes(Record(u, minute)), Enqueued));
            }
        }

        _batches = messages.Chunk(EventHubBatch).ToList();
    }

    [IterationSetup]
    public void CreatePipeline()
    {
        _directory = Directory.CreateTempSubdirectory("ee-bench-").FullName;
        _store = new SqliteIngestStore(Options.Create(new SqliteStoreOptions { DatabasePath = Path.Combine(_directory, "ingest.db"), Synchronous = Synchronous }));
        _store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        var registry = new ConfigurationDeviceRegistry(Options.Create(new DeviceRegistryOptions
        {
            Gateways = Enumerable.Range(0, Units).Select(u => new DeviceRegistryOptions.GatewayOptions { DeviceId = Device(u), Unit = Unit(u), DeviceKey = "AAECAw==" }).ToList(),
        }));
        var units = new UnitCatalog(Enumerable.Range(0, Units).Select(u => new UnitEntry(new UnitProfile(Unit(u)) { CoalLhvKjPerKg = 20900 }, "P")));
        var time = new FixedTime(Start.AddDays(1).AddMinutes(20));
        var outbox = new AlertOutbox(_store, [new LogAlertSink(NullLogger<LogAlertSink>.Instance)]);
        var feed = new IngestFeed();
        var evaluator = new UnitEvaluator(_store, new HourResultCodec(), outbox, feed, Options.Create(new IngestOptions()), ComplianceOptions.Default, time);
        _pipeline = new IngestPipeline(_store, registry, units, evaluator, feed, time, NullLogger<IngestPipeline>.Instance);
    }

    [IterationCleanup]
    public void DeleteDatabase()
    {
        _store?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = CatchUpRecords)]
    public int CatchUp() => IngestAll(CatchUpRecords);

    [Benchmark(OperationsPerInvoke = LiveRecords)]
    public int Live() => IngestAll(LiveRecords);

    private int IngestAll(int expected)
    {
        var accepted = 0;
        foreach (var batch in _batches)
        {
            foreach (var outcome in _pipeline!.IngestBatchAsync(batch, CancellationToken.None).GetAwaiter().GetResult())
            {
                accepted += outcome.Accepted;
            }
        }

        return accepted == expected ? accepted : throw new InvalidOperationException($"{accepted} of {expected} records accepted");
    }

    private static string Device(int unit) => $"gw-b{unit:D2}";

    private static string Unit(int unit) => $"B{unit:D2}";

    private static string Record(int unit, int minute)
    {
        var c = CultureInfo.InvariantCulture;
        var so2 = (18 + (minute % 7) * 0.37).ToString(c);
        var o2 = (6.5 + (minute % 5) * 0.11).ToString(c);
        return "{\"schema\":\"emissionedge.minute/1\",\"device\":\"" + Device(unit) + "\",\"unit\":\"" + Unit(unit) + "\",\"seq\":" + (minute + 1).ToString(c) +
            ",\"minute\":\"" + Start.AddMinutes(minute).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", c) + "\",\"channels\":{" +
            "\"SO2\":{\"avg\":" + so2 + ",\"min\":17.9,\"max\":21.4,\"n\":12,\"flag\":\"N\"}," +
            "\"NOx\":{\"avg\":32.4,\"min\":30.02,\"max\":35.1,\"n\":12,\"flag\":\"N\"}," +
            "\"Dust\":{\"avg\":2.15,\"min\":2.01,\"max\":2.3,\"n\":12,\"flag\":\"N\"}," +
            "\"O2\":{\"avg\":" + o2 + ",\"min\":6.4,\"max\":7.1,\"n\":12,\"flag\":\"N\"}," +
            "\"Flow\":{\"avg\":1850000,\"min\":1840000,\"max\":1860000,\"n\":12,\"flag\":\"N\"}," +
            "\"CoalFeed\":{\"avg\":210.5,\"min\":209,\"max\":212,\"n\":12,\"flag\":\"N\"}," +
            "\"GrossPower\":{\"avg\":600,\"min\":598,\"max\":602,\"n\":12,\"flag\":\"N\"}," +
            "\"AuxPower\":{\"avg\":33,\"min\":32.5,\"max\":33.5,\"n\":12,\"flag\":\"N\"}}}";
    }

    private sealed class FixedTime(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc);
    }
}
