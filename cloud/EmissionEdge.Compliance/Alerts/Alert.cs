using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Compliance.Alerts;

/// <summary>What an alert is about.</summary>
public enum AlertKind
{
    /// <summary>A pollutant's valid hourly corrected average is above its limit.</summary>
    Exceedance = 0,
    /// <summary>A closed calendar month's net coal consumption fails the unit's coal limit.</summary>
    Coal = 1,
    /// <summary>A pollutant had no valid hour for <see cref="ComplianceOptions.DataGapHours"/> consecutive hours.</summary>
    DataGap = 2,
}

/// <summary>
/// An alert to the regulator. <see cref="EndUtc"/> is <see langword="null"/> while it is open. <see cref="Id"/> depends
/// only on (unit, kind, pollutant, start), so re-evaluating the same data (or later data) yields the same id for the same
/// alert, and an outbox can deduplicate on it and treat a changed <see cref="EndUtc"/> or <see cref="Peak"/> as an update.
/// </summary>
public sealed record Alert
{
    /// <summary>Stable id: <see cref="AlertId.For"/> of unit, kind, pollutant and start.</summary>
    public required string Id { get; init; }

    /// <summary>The unit id.</summary>
    public required string Unit { get; init; }

    /// <summary>The kind.</summary>
    public required AlertKind Kind { get; init; }

    /// <summary>The pollutant of an exceedance or data-gap alert; <see langword="null"/> for a coal alert.</summary>
    public required Pollutant? Pollutant { get; init; }

    /// <summary>UTC start: the first exceeding hour, the first hour of the gap, or the first failing month.</summary>
    public required DateTime StartUtc { get; init; }

    /// <summary>UTC end (exclusive): the start of the hour or month that closed it; <see langword="null"/> while open.</summary>
    public required DateTime? EndUtc { get; init; }

    /// <summary>Highest reported value: corrected average (mg/m3) of an exceedance, rate (gce/kWh) of a coal alert; <see langword="null"/> for a data gap.</summary>
    public required decimal? Peak { get; init; }

    /// <summary>Exceeding hours, gap hours (F hours not counted) or failing months the alert covers so far.</summary>
    public required int Count { get; init; }

    /// <summary>Whether the alert is still open.</summary>
    public bool IsOpen => EndUtc is null;
}

/// <summary>Names of <see cref="AlertKind"/> and the stable alert id.</summary>
public static class AlertId
{
    /// <summary>The kind as reported: <c>exceedance</c>, <c>coal</c> or <c>data-gap</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Its name.</returns>
    public static string KindName(AlertKind kind) => kind switch
    {
        AlertKind.Exceedance => "exceedance",
        AlertKind.Coal => "coal",
        AlertKind.DataGap => "data-gap",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an alert kind"),
    };

    /// <summary>
    /// The id of an alert: the first 16 bytes of SHA-256 over <c>unit \n kind \n pollutant \n start</c> (kind as
    /// <see cref="KindName"/>, pollutant name or empty, start as <c>yyyy-MM-ddTHH:mm:ssZ</c>), as 32 lower-case hex
    /// digits, usable as a storage key.
    /// </summary>
    /// <param name="unit">The unit id.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="pollutant">The pollutant, or null.</param>
    /// <param name="startUtc">The alert's UTC start.</param>
    /// <returns>The id.</returns>
    public static string For(string unit, AlertKind kind, Pollutant? pollutant, DateTime startUtc)
    {
        ArgumentException.ThrowIfNullOrEmpty(unit);
        var key = string.Join('\n',
            unit,
            KindName(kind),
            pollutant is { } p ? Pollutants.Name(p) : string.Empty,
            startUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
