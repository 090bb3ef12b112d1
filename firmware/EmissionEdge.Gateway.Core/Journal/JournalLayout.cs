namespace EmissionEdge.Gateway.Core.Journal
{
    /// <summary>
    /// Sizes of the journal file (byte-by-byte layout in README "Journal layout"):
    /// two 64-byte header copies, then fixed 104-byte record slots.
    /// </summary>
    public static class JournalLayout
    {
        /// <summary>Size of one header copy.</summary>
        public const int HeaderCopySize = 64;

        /// <summary>Bytes before the first record slot (two header copies).</summary>
        public const int HeaderSize = 2 * HeaderCopySize;

        /// <summary>Size of one record slot.</summary>
        public const int RecordSize = 104;

        /// <summary>Most channels one record holds.</summary>
        public const int MaxChannels = 8;

        /// <summary>Largest sample count a record stores per channel (5 bits; 30 at the shortest 2 s interval).</summary>
        public const int MaxSamplesPerMinute = 31;

        /// <summary>Minute records in 7 days.</summary>
        public const int SevenDaysOfMinutes = 7 * 24 * 60;

        /// <summary>Number of record slots a journal of <paramref name="sizeBytes"/> holds.</summary>
        /// <param name="sizeBytes">File size.</param>
        /// <returns>Slots (0 when too small).</returns>
        public static int Capacity(int sizeBytes) => sizeBytes < HeaderSize + RecordSize ? 0 : (sizeBytes - HeaderSize) / RecordSize;
    }
}
