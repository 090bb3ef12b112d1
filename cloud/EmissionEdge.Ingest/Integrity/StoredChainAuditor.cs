using System.Globalization;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Ingest.Devices;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Ingest.Telemetry;

namespace EmissionEdge.Ingest.Integrity;

/// <summary>
/// Checks the mac chain over what is stored, not over what arrived: for each device it walks the stored minutes in seq
/// order and, for every signed record, (1) decodes the canonical bytes kept with it and compares them with the stored
/// readings the engine evaluates (a change there is <see cref="ChainBreak.ContentChanged"/>), and (2) recomputes the mac
/// from the previous stored record's mac and the canonical bytes (<see cref="MacChain"/>; a difference is
/// <see cref="ChainBreak.MacMismatch"/>). Gaps in seq are <see cref="ChainBreak.MissingSeq"/>.
/// </summary>
/// <remarks>
/// Changing a stored value without the device key shows: change the readings and the content check fails; change the
/// canonical bytes too and the mac fails; change the mac as well and the next record's link fails.
/// </remarks>
public sealed class StoredChainAuditor
{
    private readonly IIngestStore _store;

    /// <summary>Creates the auditor.</summary>
    /// <param name="store">The store to audit.</param>
    public StoredChainAuditor(IIngestStore store)
    {
        _store = store;
    }

    /// <summary>Audits the stored chains of devices over the minutes in [from, to).</summary>
    /// <param name="devices">The devices, with their keys.</param>
    /// <param name="fromUtc">Inclusive start (UTC).</param>
    /// <param name="toUtc">Exclusive end (UTC).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Counts and every broken link.</returns>
    public async Task<ChainAuditReport> AuditAsync(IEnumerable<DeviceRegistration> devices, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var findings = new List<ChainFinding>();
        int deviceCount = 0, records = 0;
        foreach (var device in devices.OrderBy(d => d.DeviceId, StringComparer.Ordinal))
        {
            deviceCount++;
            var minutes = (await _store.GetMinutesAsync(device.Unit, fromUtc, toUtc, cancellationToken).ConfigureAwait(false))
                .Where(m => string.Equals(m.Device, device.DeviceId, StringComparison.Ordinal))
                .OrderBy(m => m.Seq)
                .ToList();
            records += minutes.Count;
            if (minutes.Count > 0)
            {
                // The link of the first record in the range is checked against its predecessor even outside the range.
                var before = await _store.GetMinuteAsync(device.DeviceId, minutes[0].Seq - 1, cancellationToken).ConfigureAwait(false);
                AuditDevice(device, before, minutes, findings);
            }
        }

        return new ChainAuditReport(deviceCount, records, findings);
    }

    private static void AuditDevice(DeviceRegistration device, StoredMinute? before, List<StoredMinute> minutes, List<ChainFinding> findings)
    {
        var previousSeq = before?.Seq;
        var previousMac = before?.Mac;
        foreach (var m in minutes)
        {
            var afterGap = previousSeq is { } p && m.Seq > p + 1;
            if (afterGap)
            {
                findings.Add(Finding(m, ChainBreak.MissingSeq, m.Seq == previousSeq + 2
                    ? $"seq {previousSeq + 1} is not stored"
                    : $"seq {previousSeq + 1} to {m.Seq - 1} are not stored"));
                previousMac = null;
            }

            previousSeq = m.Seq;
            if (m.Mac is null)
            {
                if (device.MacEnabled)
                {
                    findings.Add(Finding(m, ChainBreak.MacMissing, "the device signs its records but the stored record has no mac"));
                }

                previousMac = null;
                continue;
            }

            if (m.Canonical is null)
            {
                findings.Add(Finding(m, ChainBreak.NotAuditable, "the record's canonical bytes were not kept, so its mac cannot be recomputed"));
                previousMac = m.Mac;
                continue;
            }

            if (ContentDifference(m) is { } difference)
            {
                findings.Add(Finding(m, ChainBreak.ContentChanged, difference));
            }

            if (previousMac is not null)
            {
                if (!MacChain.Verify(device.DeviceKey, previousMac, m.Canonical, m.Mac))
                {
                    findings.Add(Finding(m, ChainBreak.MacMismatch, $"the mac does not follow from seq {m.Seq - 1}'s mac and this record's signed bytes"));
                }
            }
            else if (!afterGap && !MacChain.Verify(device.DeviceKey, [], m.Canonical, m.Mac))
            {
                // Nothing stored before it: it must be the start of a chain (empty previous mac), else its predecessor is missing.
                findings.Add(Finding(m, ChainBreak.MissingSeq, $"seq {m.Seq - 1} is not stored and the record does not start a chain"));
            }

            previousMac = m.Mac;
        }
    }

    /// <summary>Compares the stored readings with the signed record; <see langword="null"/> when they agree.</summary>
    private static string? ContentDifference(StoredMinute m)
    {
        TelemetryRecord signed;
        try
        {
            signed = TelemetryDecoder.DecodeRecord(m.Canonical);
        }
        catch (TelemetryFormatException e)
        {
            return $"the stored signed bytes are no longer a record: {e.Message}";
        }

        if (!string.Equals(signed.Device, m.Device, StringComparison.Ordinal) || signed.Seq != m.Seq)
        {
            return $"the signed record is device '{signed.Device}' seq {signed.Seq}, stored as device '{m.Device}' seq {m.Seq}";
        }

        if (!string.Equals(signed.Unit, m.Record.Unit, StringComparison.Ordinal) || signed.MinuteUtc != m.Record.MinuteUtc)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"the signed record is unit '{signed.Unit}' minute {signed.MinuteUtc:yyyy-MM-dd'T'HH:mm'Z'}, stored as unit '{m.Record.Unit}' minute {m.Record.MinuteUtc:yyyy-MM-dd'T'HH:mm'Z'}");
        }

        var stored = MinuteRecordCodec.DecodeReadings(m.Record.Unit, m.Record.MinuteUtc, m.Readings);
        foreach (var channel in Channels.All)
        {
            if (!signed.Minute[channel].Equals(stored[channel]))
            {
                return $"{Channels.Name(channel)}: stored {stored[channel]}, signed {signed.Minute[channel]}";
            }
        }

        return null;
    }

    private static ChainFinding Finding(StoredMinute m, ChainBreak kind, string detail) => new(m.Device, m.Seq, m.Record.MinuteUtc, kind, detail);
}
