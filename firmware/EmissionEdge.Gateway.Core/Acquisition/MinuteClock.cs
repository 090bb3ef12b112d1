namespace EmissionEdge.Gateway.Core.Acquisition
{
    /// <summary>
    /// Minutes since 2000-01-01T00:00Z and their calendar fields, computed with integers only
    /// (days-to-civil of H. Hinnant), so the same code runs where DateTime has no Kind.
    /// </summary>
    public static class MinuteClock
    {
        /// <summary>Ticks (100 ns since 0001-01-01) of 2000-01-01T00:00Z.</summary>
        public const long EpochTicks = 630822816000000000L;

        /// <summary>Ticks per minute.</summary>
        public const long TicksPerMinute = 600000000L;

        /// <summary>The minute containing <paramref name="utcTicks"/>.</summary>
        /// <param name="utcTicks">UTC ticks (at or after 2000-01-01).</param>
        /// <returns>Minutes since 2000-01-01T00:00Z.</returns>
        public static uint MinuteOf(long utcTicks) => (uint)((utcTicks - EpochTicks) / TicksPerMinute);

        /// <summary>UTC ticks of the start of <paramref name="minute"/>.</summary>
        /// <param name="minute">Minutes since 2000-01-01T00:00Z.</param>
        /// <returns>Ticks.</returns>
        public static long TicksOf(uint minute) => EpochTicks + (minute * TicksPerMinute);

        /// <summary>Calendar fields of a minute.</summary>
        /// <param name="minute">Minutes since 2000-01-01T00:00Z.</param>
        /// <param name="year">Year.</param>
        /// <param name="month">Month 1–12.</param>
        /// <param name="day">Day 1–31.</param>
        /// <param name="hour">Hour 0–23.</param>
        /// <param name="minuteOfHour">Minute 0–59.</param>
        public static void Fields(uint minute, out int year, out int month, out int day, out int hour, out int minuteOfHour)
        {
            long days = minute / 1440;
            int rest = (int)(minute % 1440);
            hour = rest / 60;
            minuteOfHour = rest % 60;

            // Days since 1970-01-01, then civil-from-days.
            long z = days + 10957 + 719468;
            long era = z / 146097;
            long doe = z - (era * 146097);
            long yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
            long y = yoe + (era * 400);
            long doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
            long mp = ((5 * doy) + 2) / 153;
            day = (int)(doy - (((153 * mp) + 2) / 5) + 1);
            month = (int)(mp < 10 ? mp + 3 : mp - 9);
            year = (int)(month <= 2 ? y + 1 : y);
        }

        /// <summary>Writes the minute as ISO 8601 UTC, <c>2026-11-26T00:01:00Z</c> (20 bytes).</summary>
        /// <param name="minute">Minutes since 2000-01-01T00:00Z.</param>
        /// <param name="buffer">Destination.</param>
        /// <param name="position">Where the first character goes.</param>
        /// <returns>The position after the 'Z'.</returns>
        public static int WriteIso8601(uint minute, byte[] buffer, int position)
        {
            int year, month, day, hour, minuteOfHour;
            Fields(minute, out year, out month, out day, out hour, out minuteOfHour);
            position = Text.AsciiNumber.WritePadded(year, 4, buffer, position);
            buffer[position++] = (byte)'-';
            position = Text.AsciiNumber.WritePadded(month, 2, buffer, position);
            buffer[position++] = (byte)'-';
            position = Text.AsciiNumber.WritePadded(day, 2, buffer, position);
            buffer[position++] = (byte)'T';
            position = Text.AsciiNumber.WritePadded(hour, 2, buffer, position);
            buffer[position++] = (byte)':';
            position = Text.AsciiNumber.WritePadded(minuteOfHour, 2, buffer, position);
            buffer[position++] = (byte)':';
            buffer[position++] = (byte)'0';
            buffer[position++] = (byte)'0';
            buffer[position++] = (byte)'Z';
            return position;
        }
    }
}
