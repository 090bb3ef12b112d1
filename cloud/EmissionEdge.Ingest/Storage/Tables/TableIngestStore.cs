using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace EmissionEdge.Ingest.Storage.Tables;

/// <summary>
/// The cloud store: Azure Table Storage (Azure.Data.Tables). Tables and keys:
/// <list type="table">
/// <item><term>minuteseq</term><description>PK device, RK seq (19 digits): the dedupe index, with the content hash.</description></item>
/// <item><term>minutes</term><description>PK unit, RK minute ticks | device | seq: the unit's minutes in time order.</description></item>
/// <item><term>hours</term><description>PK unit, RK hour-start ticks.</description></item>
/// <item><term>alerts</term><description>PK unit, RK alert id.</description></item>
/// <item><term>outbox</term><description>PK alert id, RK version | destination.</description></item>
/// <item><term>deadletters</term><description>PK UTC day (yyyyMMdd), RK recorded ticks | id; raw bytes split over 64 KB properties.</description></item>
/// <item><term>gateways</term><description>PK "gateway", RK device: gateway health.</description></item>
/// </list>
/// Keys are escaped with <see cref="Uri.EscapeDataString(string)"/> (Table keys may not hold / \ # ?).
/// </summary>
public sealed class TableIngestStore : IIngestStore
{
    private const int MaxBinaryProperty = 64 * 1024;
    private const int MaxRawChunks = 15;
    private const string HealthPartition = "gateway";

    private readonly TableClient _minuteSeq;
    private readonly TableClient _minutes;
    private readonly TableClient _hours;
    private readonly TableClient _alerts;
    private readonly TableClient _outbox;
    private readonly TableClient _deadLetters;
    private readonly TableClient _gateways;

    /// <summary>Creates the store from options.</summary>
    /// <param name="options">Connection string and table prefix.</param>
    public TableIngestStore(IOptions<TableStoreOptions> options)
        : this(new TableServiceClient(options.Value.ConnectionString), options.Value.TablePrefix)
    {
    }

    /// <summary>Creates the store on a service client.</summary>
    /// <param name="service">The Table service.</param>
    /// <param name="tablePrefix">Prefix of the table names (letters and digits).</param>
    public TableIngestStore(TableServiceClient service, string tablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (string.IsNullOrEmpty(tablePrefix) || !char.IsAsciiLetter(tablePrefix[0]) || !tablePrefix.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"table prefix must be letters and digits starting with a letter, got '{tablePrefix}'", nameof(tablePrefix));
        }

        _minuteSeq = service.GetTableClient(tablePrefix + "minuteseq");
        _minutes = service.GetTableClient(tablePrefix + "minutes");
        _hours = service.GetTableClient(tablePrefix + "hours");
        _alerts = service.GetTableClient(tablePrefix + "alerts");
        _outbox = service.GetTableClient(tablePrefix + "outbox");
        _deadLetters = service.GetTableClient(tablePrefix + "deadletters");
        _gateways = service.GetTableClient(tablePrefix + "gateways");
    }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        foreach (var table in new[] { _minuteSeq, _minutes, _hours, _alerts, _outbox, _deadLetters, _gateways })
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MinuteAddResult>> AddMinutesAsync(IReadOnlyList<StoredMinute> minutes, CancellationToken cancellationToken)
    {
        var results = new MinuteAddResult[minutes.Count];
        for (var i = 0; i < minutes.Count; i++)
        {
            var m = minutes[i];
            var index = new TableEntity(Key(m.Device), SeqKey(m.Seq)) { ["Hash"] = m.ContentHash, ["MinuteRowKey"] = MinuteRowKey(m), ["Unit"] = m.Record.Unit };
            try
            {
                await _minuteSeq.AddEntityAsync(index, cancellationToken).ConfigureAwait(false);
                results[i] = MinuteAddResult.Added;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                var existing = await _minuteSeq.GetEntityAsync<TableEntity>(index.PartitionKey, index.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!existing.Value.GetBinary("Hash").AsSpan().SequenceEqual(m.ContentHash))
                {
                    results[i] = MinuteAddResult.Conflict;
                    continue;
                }

                // An identical replay. Writing the minute again (same keys, same content) repairs a crash that
                // happened between the index and the minute on the first delivery.
                results[i] = MinuteAddResult.Duplicate;
            }

            await _minutes.UpsertEntityAsync(ToEntity(m), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <inheritdoc />
    public async Task<StoredMinute?> GetMinuteAsync(string device, long seq, CancellationToken cancellationToken)
    {
        var index = await _minuteSeq.GetEntityIfExistsAsync<TableEntity>(Key(device), SeqKey(seq), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!index.HasValue)
        {
            return null;
        }

        // The index entity names the minute's row: a point read.
        var minute = await _minutes.GetEntityIfExistsAsync<TableEntity>(
            Key(index.Value!.GetString("Unit")), index.Value.GetString("MinuteRowKey"), cancellationToken: cancellationToken).ConfigureAwait(false);
        return minute.HasValue ? FromMinuteEntity(minute.Value!) : null;
    }

    /// <inheritdoc />
    public async Task UpdateIntegrityAsync(string device, long seq, MacStatus integrity, CancellationToken cancellationToken)
    {
        var index = await _minuteSeq.GetEntityIfExistsAsync<TableEntity>(Key(device), SeqKey(seq), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!index.HasValue)
        {
            return;
        }

        // Merge: only the integrity changes; the canonical bytes stay for the audit of the stored chain.
        var entity = new TableEntity(Key(index.Value!.GetString("Unit")), index.Value.GetString("MinuteRowKey")) { ["Integrity"] = (int)integrity };
        await _minutes.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredMinute>> GetMinutesAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Key(unit)} and RowKey ge {Ticks(fromUtc)} and RowKey lt {Ticks(toUtc)}");
        var list = await QueryAsync(_minutes, filter, FromMinuteEntity, cancellationToken).ConfigureAwait(false);
        return list.OrderBy(m => m.Record.MinuteUtc).ThenBy(m => m.Seq).ToList();
    }

    /// <inheritdoc />
    public async Task<HourResultEntry?> GetHourAsync(string unit, DateTime hourStartUtc, CancellationToken cancellationToken)
    {
        var e = await _hours.GetEntityIfExistsAsync<TableEntity>(Key(unit), Ticks(hourStartUtc), cancellationToken: cancellationToken).ConfigureAwait(false);
        return e.HasValue ? FromHourEntity(e.Value!) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HourResultEntry>> GetHoursAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Key(unit)} and RowKey ge {Ticks(fromUtc)} and RowKey lt {Ticks(toUtc)}");
        return await QueryAsync(_hours, filter, FromHourEntity, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HourResultEntry>> GetOpenHoursAsync(DateTime beforeUtc, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"Closed eq false and RowKey lt {Ticks(beforeUtc)}");
        var list = await QueryAsync(_hours, filter, FromHourEntity, cancellationToken).ConfigureAwait(false);
        return list.OrderBy(h => h.Unit, StringComparer.Ordinal).ThenBy(h => h.HourStartUtc).ToList();
    }

    /// <inheritdoc />
    public async Task UpsertHoursAsync(IReadOnlyList<HourResultEntry> hours, CancellationToken cancellationToken)
    {
        foreach (var hour in hours)
        {
            await _hours.UpsertEntityAsync(ToHourEntity(hour), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TableEntity ToHourEntity(HourResultEntry hour)
    {
        return new TableEntity(Key(hour.Unit), Ticks(hour.HourStartUtc))
        {
            ["Unit"] = hour.Unit,
            ["HourStartUtc"] = Offset(hour.HourStartUtc),
            ["Payload"] = hour.Payload,
            ["MinutesReceived"] = hour.MinutesReceived,
            ["Revision"] = hour.Revision,
            ["Closed"] = hour.Closed,
            ["EvaluatedUtc"] = Offset(hour.EvaluatedUtc),
        };
    }

    /// <inheritdoc />
    public async Task<AlertEntry?> GetAlertAsync(string unit, string alertId, CancellationToken cancellationToken)
    {
        var e = await _alerts.GetEntityIfExistsAsync<TableEntity>(Key(unit), Key(alertId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return e.HasValue ? FromAlertEntity(e.Value!) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AlertEntry>> GetAlertsAsync(string unit, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Key(unit)} and StartUtc ge {Offset(fromUtc)} and StartUtc lt {Offset(toUtc)}");
        var list = await QueryAsync(_alerts, filter, FromAlertEntity, cancellationToken).ConfigureAwait(false);
        return list.OrderBy(a => a.StartUtc).ThenBy(a => a.AlertId, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task SaveAlertAsync(AlertEntry alert, IReadOnlyList<OutboxEntry> deliveries, CancellationToken cancellationToken)
    {
        var e = new TableEntity(Key(alert.Unit), Key(alert.AlertId))
        {
            ["AlertId"] = alert.AlertId,
            ["Unit"] = alert.Unit,
            ["Plant"] = alert.Plant,
            ["Kind"] = alert.Kind,
            ["Pollutant"] = alert.Pollutant,
            ["StartUtc"] = Offset(alert.StartUtc),
            ["Payload"] = alert.Payload,
            ["Version"] = alert.Version,
            ["UpdatedUtc"] = Offset(alert.UpdatedUtc),
        };
        await _alerts.UpsertEntityAsync(e, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        foreach (var d in deliveries)
        {
            try
            {
                await _outbox.AddEntityAsync(ToOutboxEntity(d), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Already queued: the delivery keeps its own progress.
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> GetDueDeliveriesAsync(DateTime nowUtc, int maxCount, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"Pending eq true and NextAttemptUtc le {Offset(nowUtc)}");
        var list = await QueryAsync(_outbox, filter, FromOutboxEntity, cancellationToken).ConfigureAwait(false);
        return list.OrderBy(o => o.NextAttemptUtc).ThenBy(o => o.Id, StringComparer.Ordinal).Take(maxCount).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> GetDeliveriesAsync(string alertId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Key(alertId)}");
        var list = await QueryAsync(_outbox, filter, FromOutboxEntity, cancellationToken).ConfigureAwait(false);
        return list.OrderBy(o => o.Id, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public Task UpdateDeliveryAsync(OutboxEntry entry, CancellationToken cancellationToken) =>
        _outbox.UpsertEntityAsync(ToOutboxEntity(entry), TableUpdateMode.Replace, cancellationToken);

    /// <inheritdoc />
    public Task AddDeadLetterAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        var e = new TableEntity(deadLetter.RecordedUtc.ToString("yyyyMMdd", CultureInfo.InvariantCulture), $"{Ticks(deadLetter.RecordedUtc)}|{Key(deadLetter.Id)}")
        {
            ["Id"] = deadLetter.Id,
            ["Device"] = deadLetter.Device,
            ["Reason"] = deadLetter.Reason,
            ["Category"] = deadLetter.Category,
            ["EnqueuedUtc"] = Offset(deadLetter.EnqueuedUtc),
            ["RecordedUtc"] = Offset(deadLetter.RecordedUtc),
            ["RawLength"] = deadLetter.RawBytes.Length,
        };

        // An entity holds at most 1 MB and a binary property 64 KB: split the raw bytes; beyond 15 chunks
        // (960 KB, far above the 256 KB message limit) the rest is cut and RawLength still tells the full size.
        var raw = deadLetter.RawBytes;
        for (var chunk = 0; chunk < MaxRawChunks && chunk * MaxBinaryProperty < raw.Length; chunk++)
        {
            var start = chunk * MaxBinaryProperty;
            e[$"Raw{chunk}"] = raw.AsSpan(start, Math.Min(MaxBinaryProperty, raw.Length - start)).ToArray();
        }

        return _deadLetters.AddEntityAsync(e, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RecordedUtc ge {Offset(fromUtc)} and RecordedUtc lt {Offset(toUtc)}");
        var list = await QueryAsync(_deadLetters, filter, FromDeadLetterEntity, cancellationToken).ConfigureAwait(false);
        return list.OrderBy(d => d.RecordedUtc).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<GatewayHealth?> GetHealthAsync(string device, CancellationToken cancellationToken)
    {
        var e = await _gateways.GetEntityIfExistsAsync<TableEntity>(HealthPartition, Key(device), cancellationToken: cancellationToken).ConfigureAwait(false);
        return e.HasValue ? FromHealthEntity(e.Value!) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GatewayHealth>> GetAllHealthAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {HealthPartition}");
        var list = await QueryAsync(_gateways, filter, FromHealthEntity, cancellationToken).ConfigureAwait(false);
        return list.OrderBy(h => h.Device, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GatewayHealth>> GetUnitHealthAsync(string unit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {HealthPartition} and Unit eq {unit}");
        var list = await QueryAsync(_gateways, filter, FromHealthEntity, cancellationToken).ConfigureAwait(false);
        return list.OrderBy(h => h.Device, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public Task UpsertHealthAsync(GatewayHealth health, CancellationToken cancellationToken)
    {
        var e = new TableEntity(HealthPartition, Key(health.Device))
        {
            ["Device"] = health.Device,
            ["Unit"] = health.Unit,
            ["LastSeenUtc"] = Offset(health.LastSeenUtc),
            ["LastSeq"] = health.LastSeq,
            ["LastMinuteUtc"] = Offset(health.LastMinuteUtc),
            ["JournalBacklog"] = health.JournalBacklog,
            ["ClockSkewSeconds"] = health.ClockSkewSeconds,
            ["FirmwareVersion"] = health.FirmwareVersion,
            ["RecordsAccepted"] = health.RecordsAccepted,
            ["DuplicatesAbsorbed"] = health.DuplicatesAbsorbed,
            ["RecordsRejected"] = health.RecordsRejected,
            ["LastAcceptedUtc"] = health.LastAcceptedUtc is { } accepted ? Offset(accepted) : null,
        };
        return _gateways.UpsertEntityAsync(e, TableUpdateMode.Replace, cancellationToken);
    }

    private static string Key(string value) => Uri.EscapeDataString(value);

    private static string SeqKey(long seq) => seq.ToString("D19", CultureInfo.InvariantCulture);

    private static string Ticks(DateTime utc) => utc.Ticks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>Table Storage keeps dates from 1601-01-01 on: wider query bounds are clamped to that range.</summary>
    private static readonly DateTime MinTableDate = new(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static DateTimeOffset Offset(DateTime utc) =>
        new(utc < MinTableDate ? MinTableDate : DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    private static DateTime Utc(TableEntity e, string name) => e.GetDateTimeOffset(name)!.Value.UtcDateTime;

    private static async Task<List<T>> QueryAsync<T>(TableClient table, string filter, Func<TableEntity, T> map, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(map(e));
        }

        return list;
    }

    private static string MinuteRowKey(StoredMinute m) => $"{Ticks(m.Record.MinuteUtc)}|{Key(m.Device)}|{SeqKey(m.Seq)}";

    private static TableEntity ToEntity(StoredMinute m) => new(Key(m.Record.Unit), MinuteRowKey(m))
    {
        ["Device"] = m.Device,
        ["Seq"] = m.Seq,
        ["Unit"] = m.Record.Unit,
        ["MinuteUtc"] = Offset(m.Record.MinuteUtc),
        ["Readings"] = m.Readings,
        ["Hash"] = m.ContentHash,
        ["Mac"] = m.Mac,
        ["Integrity"] = (int)m.Integrity,
        ["ReceivedUtc"] = Offset(m.ReceivedUtc),
        ["Canonical"] = m.Canonical,
    };

    private static StoredMinute FromMinuteEntity(TableEntity e)
    {
        var unit = e.GetString("Unit");
        var minute = Utc(e, "MinuteUtc");
        var readings = e.GetBinary("Readings");
        return new StoredMinute(
            e.GetString("Device"), e.GetInt64("Seq")!.Value, MinuteRecordCodec.DecodeReadings(unit, minute, readings), readings,
            e.GetBinary("Hash"), e.GetBinary("Mac"), (MacStatus)e.GetInt32("Integrity")!.Value, Utc(e, "ReceivedUtc"))
        {
            // Rows written before the audit existed kept the bytes only while unverified, as PendingCanonical.
            Canonical = e.GetBinary("Canonical") ?? e.GetBinary("PendingCanonical"),
        };
    }

    private static HourResultEntry FromHourEntity(TableEntity e) => new(
        e.GetString("Unit"), Utc(e, "HourStartUtc"), e.GetString("Payload"), e.GetInt32("MinutesReceived")!.Value,
        e.GetInt32("Revision")!.Value, e.GetBoolean("Closed")!.Value, Utc(e, "EvaluatedUtc"));

    private static AlertEntry FromAlertEntity(TableEntity e) => new(
        e.GetString("AlertId"), e.GetString("Unit"), e.GetString("Plant"), e.GetString("Kind"), e.GetString("Pollutant") ?? string.Empty,
        Utc(e, "StartUtc"), e.GetString("Payload"), e.GetInt32("Version")!.Value, Utc(e, "UpdatedUtc"));

    private static TableEntity ToOutboxEntity(OutboxEntry d) => new(Key(d.AlertId), Key($"{d.Version}/{d.Destination}"))
    {
        ["Id"] = d.Id,
        ["AlertId"] = d.AlertId,
        ["Version"] = d.Version,
        ["Unit"] = d.Unit,
        ["Destination"] = d.Destination,
        ["Payload"] = d.Payload,
        ["Attempts"] = d.Attempts,
        ["NextAttemptUtc"] = Offset(d.NextAttemptUtc),
        ["DeliveredUtc"] = d.DeliveredUtc is { } delivered ? Offset(delivered) : null,
        ["Pending"] = d.DeliveredUtc is null,
        ["LastError"] = d.LastError,
    };

    private static OutboxEntry FromOutboxEntity(TableEntity e) => new(
        e.GetString("Id"), e.GetString("AlertId"), e.GetInt32("Version")!.Value, e.GetString("Unit"), e.GetString("Destination"),
        e.GetString("Payload"), e.GetInt32("Attempts")!.Value, Utc(e, "NextAttemptUtc"),
        e.GetDateTimeOffset("DeliveredUtc")?.UtcDateTime, e.GetString("LastError"));

    private static DeadLetter FromDeadLetterEntity(TableEntity e)
    {
        var length = e.GetInt32("RawLength")!.Value;
        using var raw = new MemoryStream(length);
        for (var chunk = 0; chunk < MaxRawChunks && e.GetBinary($"Raw{chunk}") is { } bytes; chunk++)
        {
            raw.Write(bytes);
        }

        return new DeadLetter(e.GetString("Id"), e.GetString("Device"), e.GetString("Reason"), e.GetString("Category"), raw.ToArray(), Utc(e, "EnqueuedUtc"), Utc(e, "RecordedUtc"));
    }

    private static GatewayHealth FromHealthEntity(TableEntity e) => new(
        e.GetString("Device"), e.GetString("Unit"), Utc(e, "LastSeenUtc"), e.GetInt64("LastSeq")!.Value, Utc(e, "LastMinuteUtc"),
        e.GetInt32("JournalBacklog"), e.GetDouble("ClockSkewSeconds")!.Value, e.GetString("FirmwareVersion"),
        e.GetInt64("RecordsAccepted")!.Value, e.GetInt64("DuplicatesAbsorbed")!.Value, e.GetInt64("RecordsRejected")!.Value)
    {
        LastAcceptedUtc = e.GetDateTimeOffset("LastAcceptedUtc")?.UtcDateTime,
    };
}
