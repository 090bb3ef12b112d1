using EmissionEdge.Compliance.Time;
using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Devices;
using EmissionEdge.Ingest.Evaluation;
using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Ingest.Storage.Sqlite;
using EmissionEdge.Ingest.Tests.Support;

namespace EmissionEdge.Ingest.Tests.Evaluation;

/// <summary>
/// The evaluator keeps each unit's minutes, hours and alerts in memory (<see cref="UnitStateCache"/>) and evaluates the
/// units of a batch in parallel: the store must end exactly as it does when everything is read back from the store and
/// each unit is evaluated on its own, and anything that changed the store behind the evaluator's back must be seen.
/// </summary>
public sealed class UnitStateCacheTests : IDisposable
{
    private static readonly DateTime H0 = Support.Telemetry.Hour;
    private static readonly string[] UnitNames = ["U1", "U2", "U3"];
    private readonly List<Plant> _plants = [];

    public void Dispose()
    {
        foreach (var plant in _plants)
        {
            plant.Dispose();
        }
    }

    [Fact]
    public async Task Random_batches_leave_the_same_hours_alerts_and_deliveries_with_the_cache_without_it_and_unit_by_unit()
    {
        var cached = NewPlant(hideStamp: false);
        var uncached = NewPlant(hideStamp: true);
        var oneByOne = NewPlant(hideStamp: false);
        var random = new Random(20261127);
        for (var step = 0; step < 60; step++)
        {
            var batch = new List<IngestMessage>();
            foreach (var u in Enumerable.Range(0, UnitNames.Length).Where(_ => random.NextDouble() < 0.7))
            {
                // A run of minutes somewhere in 30 hours: late data, replays (seq follows the minute, so a replay is a
                // duplicate unless the SO2 changed, which is a conflict), gaps, and hours over the SO2 limit.
                var first = random.Next(0, 30 * 60);
                var count = random.Next(1, 90);
                var so2 = random.NextDouble() < 0.3 ? 30 + random.Next(0, 40) : 20;
                var records = Enumerable.Range(first, count).Select(m => Support.Telemetry.Record(Device(u), UnitNames[u], m + 1, H0.AddMinutes(m), so2: so2));
                batch.Add(new IngestMessage(Device(u), Support.Telemetry.Bytes(Support.Telemetry.Batch(records)), cached.Time.GetUtcNow()));
            }

            await cached.Pipeline.IngestBatchAsync(batch, CancellationToken.None);
            await uncached.Pipeline.IngestBatchAsync(batch, CancellationToken.None);
            await oneByOne.IngestUnitByUnitAsync(batch);

            if (random.NextDouble() < 0.25)
            {
                var minutes = random.Next(10, 240);
                foreach (var plant in new[] { cached, uncached, oneByOne })
                {
                    plant.Time.Advance(TimeSpan.FromMinutes(minutes));
                    await plant.Closer.CloseDueHoursAsync(CancellationToken.None);
                }
            }
        }

        var expected = await uncached.DescribeAsync();
        Assert.Contains("exceedance", expected); // the scenario raised exceedance and data-gap alerts, withdrew some
        Assert.Contains("data-gap", expected);
        Assert.Contains("withdrawn", expected);
        Assert.Equal(expected, await cached.DescribeAsync());
        Assert.Equal(expected, await oneByOne.DescribeAsync());
        Assert.Equal(uncached.Notifications, cached.Notifications);
    }

    [Fact]
    public async Task An_alert_another_connection_changed_is_read_again_before_the_next_version()
    {
        var plant = NewPlant(hideStamp: false);
        await plant.IngestHourAsync(0, so2: 60); // exceeding: alert v1
        var alert = Assert.Single(await plant.Store.GetAlertsAsync("U1", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None), a => a.Kind == "exceedance");
        Assert.Equal(1, alert.Version);

        // Someone else (another process on the same file) stores version 5 of it.
        using (var other = new SqliteIngestStore(plant.DatabasePath))
        {
            var notice = AlertNotice.FromJson(alert.Payload) with { Version = 5 };
            await other.SaveAlertAsync(alert with { Version = 5, Payload = notice.ToJson() }, [], CancellationToken.None);
        }

        await plant.IngestHourAsync(1, so2: 60); // the exceedance lengthens: the next version follows the stored one
        var lengthened = Assert.Single(await plant.Store.GetAlertsAsync("U1", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None), a => a.Kind == "exceedance");
        Assert.Equal(6, lengthened.Version);
    }

    [Fact]
    public async Task Hours_and_alerts_of_a_unit_of_work_that_rolled_back_are_not_kept()
    {
        var plant = NewPlant(hideStamp: false);
        await plant.IngestHourAsync(0, so2: 20); // the unit is known to the cache

        // The exceeding hour is written, then its alert write fails: the whole batch rolls back.
        plant.Faulty.FailNextAlertWrite = true;
        await Assert.ThrowsAsync<IOException>(() => plant.IngestHourAsync(1, so2: 60));
        Assert.Null(await plant.Store.GetHourAsync("U1", H0.AddHours(1), CancellationToken.None));

        // Redelivered: the hour and its alert are stored as new, not skipped as already known.
        await plant.IngestHourAsync(1, so2: 60);
        Assert.Equal(60, (await plant.Store.GetHourAsync("U1", H0.AddHours(1), CancellationToken.None))!.MinutesReceived);
        var alert = Assert.Single(await plant.Store.GetAlertsAsync("U1", DateTime.MinValue, DateTime.MaxValue, CancellationToken.None), a => a.Kind == "exceedance");
        Assert.Equal(1, alert.Version);
        Assert.NotEmpty(await plant.Store.GetDeliveriesAsync(alert.AlertId, CancellationToken.None));
    }

    [Fact]
    public async Task Minutes_stored_behind_the_evaluators_back_are_aggregated()
    {
        var plant = NewPlant(hideStamp: false);
        await plant.IngestAsync(0, Enumerable.Range(0, 30)); // minutes 0-29 of the hour: the unit's minutes are kept

        // Minutes 30-44 stored directly (as a tool or a second pipeline would), then minute 45 through the pipeline.
        var direct = plant.Pipeline.Screen(new IngestMessage(Device(0), Support.Telemetry.Bytes(Support.Telemetry.Batch(Enumerable.Range(30, 15).Select(m => Support.Telemetry.Record(Device(0), "U1", m + 1, H0.AddMinutes(m))))), plant.Time.GetUtcNow()));
        await plant.Store.AddMinutesAsync(direct.Records.Select(r => r.Minute).ToArray(), CancellationToken.None);
        await plant.IngestAsync(0, [45]);

        Assert.Equal(46, (await plant.Store.GetHourAsync("U1", H0, CancellationToken.None))!.MinutesReceived);
    }

    [Fact]
    public void A_notice_with_UTC_times_reads_back_from_its_JSON_as_an_equal_notice_with_the_same_JSON()
    {
        // What lets the cache keep the notice it wrote instead of parsing the stored payload again.
        var notice = new AlertNotice
        {
            AlertId = "a1", Version = 3, Status = "updated", Unit = "U1", Plant = null, Kind = "exceedance", Pollutant = "SO2",
            StartUtc = H0, EndUtc = H0.AddHours(3).AddTicks(1234567), Peak = 41.50m, Count = 3, Detail = "é \"quoted\"",
            UpdatedUtc = H0.AddMinutes(61).AddTicks(7),
        };
        var read = AlertNotice.FromJson(notice.ToJson());
        Assert.Equal(notice, read);
        Assert.Equal(notice.ToJson(), read.ToJson());
    }

    private Plant NewPlant(bool hideStamp)
    {
        var plant = new Plant(hideStamp);
        _plants.Add(plant);
        return plant;
    }

    private static string Device(int unit) => $"gw-{UnitNames[unit].ToLowerInvariant()}";

    /// <summary>Three unsigned units on a <see cref="PipelineHarness"/> whose SQLite store can fail writes or hide its stamp.</summary>
    private sealed class Plant : IDisposable
    {
        private readonly PipelineHarness _h;

        public Plant(bool hideStamp)
        {
            var gateways = UnitNames.Select((u, i) => new DeviceRegistryOptions.GatewayOptions { DeviceId = Device(i), Unit = u, DeviceKey = "AAECAw==" }).ToArray();
            _h = new PipelineHarness(sqlite => new FaultyStore(sqlite()) { HideChangeStamp = hideStamp }, gateways, H0.AddHours(30));
        }

        public string DatabasePath => _h.DatabasePath;

        public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => _h.Time;

        public FaultyStore Faulty => (FaultyStore)_h.Store;

        public IIngestStore Store => _h.Store;

        public IngestPipeline Pipeline => _h.Pipeline;

        public HourCloser Closer => _h.Closer;

        /// <summary>The live feed as text (what each notification says, in order).</summary>
        public IReadOnlyList<string> Notifications => [.. _h.Seen.Select(n => n switch
        {
            HourEvaluated h => $"hour {h.Hour.Unit} {h.Hour.HourStartUtc:o} {h.Hour.Payload} {h.Revised}",
            AlertChanged a => $"alert {a.Notice.AlertId} v{a.Notice.Version} {a.Notice.Status}",
            _ => n.GetType().Name,
        })];

        public Task IngestHourAsync(int hour, double so2) =>
            Pipeline.IngestAsync(Device(0), Support.Telemetry.Bytes(Support.Telemetry.Batch(Enumerable.Range(hour * 60, 60).Select(m => Support.Telemetry.Record(Device(0), "U1", m + 1, H0.AddMinutes(m), so2: so2)))), Time.GetUtcNow(), CancellationToken.None);

        public Task IngestAsync(int unit, IEnumerable<int> minutes) =>
            Pipeline.IngestAsync(Device(unit), Support.Telemetry.Bytes(Support.Telemetry.Batch(minutes.Select(m => Support.Telemetry.Record(Device(unit), UnitNames[unit], m + 1, H0.AddMinutes(m))))), Time.GetUtcNow(), CancellationToken.None);

        /// <summary>
        /// The batch as the pipeline stored it before units were evaluated together: in one unit of work, minutes, then
        /// per unit (ordinal order) its changed hours recomputed and, when any changed, its alerts re-derived from the
        /// earliest; the evaluator is not told of the minutes (it must notice the store changed).
        /// </summary>
        public Task IngestUnitByUnitAsync(IReadOnlyList<IngestMessage> batch) => Store.RunInTransactionAsync(async ct =>
        {
            var minutes = batch.Select(Pipeline.Screen).SelectMany(s => s.Records).Select(r => r.Minute).ToArray();
            var results = await Store.AddMinutesAsync(minutes, ct);
            var changed = minutes.Where((_, k) => results[k] == MinuteAddResult.Added)
                .Select(m => (m.Record.Unit, Hour: ChinaTime.HourStartUtc(m.Record.MinuteUtc))).Distinct();
            foreach (var unitHours in changed.GroupBy(h => h.Unit, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var unit = _h.Units.Find(unitHours.Key)!;
                var hours = await _h.Evaluator.RecomputeHoursAsync(unit, unitHours.Select(h => h.Hour).Order().ToArray(), close: false, ct);
                if (hours.Count > 0)
                {
                    await _h.Evaluator.ReconcileAlertsAsync(unit, hours[0].HourStartUtc, ct);
                }
            }

            return true;
        }, CancellationToken.None);

        /// <summary>Every stored hour, alert and delivery of every unit, as text.</summary>
        public async Task<string> DescribeAsync()
        {
            var lines = new List<string>();
            foreach (var unit in UnitNames)
            {
                lines.AddRange((await Store.GetHoursAsync(unit, DateTime.MinValue, DateTime.MaxValue, CancellationToken.None)).Select(h => h.ToString()));
                foreach (var alert in await Store.GetAlertsAsync(unit, DateTime.MinValue, DateTime.MaxValue, CancellationToken.None))
                {
                    lines.Add(alert.ToString());
                    lines.AddRange((await Store.GetDeliveriesAsync(alert.AlertId, CancellationToken.None)).Select(d => d.ToString()));
                }
            }

            return string.Join('\n', lines);
        }

        public void Dispose() => _h.Dispose();
    }
}
