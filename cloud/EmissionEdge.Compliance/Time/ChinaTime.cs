using System.Globalization;

namespace EmissionEdge.Compliance.Time;

/// <summary>
/// China Standard Time (UTC+8, no daylight saving), the clock of compliance hour, day and month boundaries
/// (domain.md §6). Times are stored in UTC; these helpers find the local boundaries and format report times.
/// </summary>
/// <remarks>
/// Because the offset is a whole number of hours, a China-local hour starts on a UTC hour; a China-local day
/// starts at 16:00 UTC of the previous UTC day.
/// </remarks>
public static class ChinaTime
{
    /// <summary>The fixed offset of China Standard Time.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The China-local wall-clock time of a UTC instant.</summary>
    /// <param name="utc">A UTC time.</param>
    /// <returns>The local time (<see cref="DateTimeKind.Unspecified"/>).</returns>
    public static DateTime ToLocal(DateTime utc) => DateTime.SpecifyKind(EnsureUtc(utc) + Offset, DateTimeKind.Unspecified);

    /// <summary>The UTC instant of a China-local wall-clock time.</summary>
    /// <param name="local">A China-local time.</param>
    /// <returns>The UTC time.</returns>
    public static DateTime ToUtc(DateTime local) => DateTime.SpecifyKind(local - Offset, DateTimeKind.Utc);

    /// <summary>The UTC start of the (China-local, equally UTC) hour containing <paramref name="utc"/>.</summary>
    /// <param name="utc">A UTC time.</param>
    /// <returns>The hour start, UTC.</returns>
    public static DateTime HourStartUtc(DateTime utc)
    {
        var ticks = EnsureUtc(utc).Ticks;
        return new DateTime(ticks - ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
    }

    /// <summary>The China-local date of a UTC instant.</summary>
    /// <param name="utc">A UTC time.</param>
    /// <returns>The local date.</returns>
    public static DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    /// <summary>The UTC instant at which a China-local date starts (00:00 +08:00).</summary>
    /// <param name="localDate">A local date.</param>
    /// <returns>16:00 UTC of the previous day.</returns>
    public static DateTime DayStartUtc(DateOnly localDate) => ToUtc(localDate.ToDateTime(TimeOnly.MinValue));

    /// <summary>The first day of the China-local month of a UTC instant.</summary>
    /// <param name="utc">A UTC time.</param>
    /// <returns>The local month, as its first day.</returns>
    public static DateOnly LocalMonth(DateTime utc)
    {
        var date = LocalDate(utc);
        return new DateOnly(date.Year, date.Month, 1);
    }

    /// <summary>The UTC instant at which the China-local month of <paramref name="month"/> starts.</summary>
    /// <param name="month">Any day of the month.</param>
    /// <returns>The month start, UTC.</returns>
    public static DateTime MonthStartUtc(DateOnly month) => DayStartUtc(new DateOnly(month.Year, month.Month, 1));

    /// <summary>Formats a UTC instant as China-local ISO 8601 with offset, e.g. <c>2026-03-15T09:00:00+08:00</c>.</summary>
    /// <param name="utc">A UTC time.</param>
    /// <returns>The text.</returns>
    public static string Format(DateTime utc) =>
        ToLocal(utc).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+08:00";

    /// <summary>Formats a month as <c>2026-03</c>.</summary>
    /// <param name="month">Any day of the month.</param>
    /// <returns>The text.</returns>
    public static string FormatMonth(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static DateTime EnsureUtc(DateTime time) =>
        time.Kind == DateTimeKind.Utc ? time : throw new ArgumentException($"expected a UTC time, got {time:o} ({time.Kind})", nameof(time));
}
