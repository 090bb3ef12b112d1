namespace EmissionEdge.Gateway.Core.Acquisition
{
    /// <summary>
    /// HJ 212-2017 data flags (table 8) as the letters written on the wire, with the priority the
    /// gateway uses when several conditions hold for one sample. Highest first:
    /// <c>F &gt; M &gt; C &gt; D &gt; B &gt; S &gt; T &gt; N</c>.
    /// <list type="bullet">
    /// <item>F (source stopped) first: time when the source is off is not a monitoring failure, whatever the analyzer shows.</item>
    /// <item>M and C next: a declared maintenance or calibration explains the faults and odd values it causes.</item>
    /// <item>D (instrument fault) before B (communication failure): a fault contact is a positive statement about the instrument.</item>
    /// <item>S (manual value), then T (over range: still counts, but is suspect), then N.</item>
    /// </list>
    /// </summary>
    public static class DataFlags
    {
        /// <summary>Normal.</summary>
        public const char Normal = 'N';

        /// <summary>Source or instrument stopped.</summary>
        public const char Stopped = 'F';

        /// <summary>Maintenance.</summary>
        public const char Maintenance = 'M';

        /// <summary>Manually set value.</summary>
        public const char Manual = 'S';

        /// <summary>Instrument fault.</summary>
        public const char Fault = 'D';

        /// <summary>Calibration.</summary>
        public const char Calibration = 'C';

        /// <summary>Above instrument range (counts toward averages, suspect).</summary>
        public const char OverRange = 'T';

        /// <summary>Analyzer-to-logger communication failure.</summary>
        public const char CommunicationFailure = 'B';

        // Index = journal code (the order of EmissionEdge.Compliance.Model.DataFlag).
        private const string ByCode = "NFMSDCTB";

        // Highest priority last, so a larger index wins.
        private const string ByPriority = "NTSBDCMF";

        /// <summary>Whether <paramref name="flag"/> is one of the eight letters.</summary>
        /// <param name="flag">A character.</param>
        /// <returns><see langword="true"/> for N F M S D C T B.</returns>
        public static bool IsFlag(char flag) => ByCode.IndexOf(flag) >= 0;

        /// <summary>Whether a sample or minute with this flag counts toward averages (N and T only).</summary>
        /// <param name="flag">The flag letter.</param>
        /// <returns><see langword="true"/> for N and T.</returns>
        public static bool CountsTowardAverage(char flag) => flag == Normal || flag == OverRange;

        /// <summary>The 3-bit code of a flag in journal records (N=0 F=1 M=2 S=3 D=4 C=5 T=6 B=7).</summary>
        /// <param name="flag">The flag letter.</param>
        /// <returns>The code, or -1 when not a flag.</returns>
        public static int Code(char flag) => ByCode.IndexOf(flag);

        /// <summary>The flag letter of a journal code.</summary>
        /// <param name="code">0–7.</param>
        /// <returns>The letter.</returns>
        public static char FromCode(int code) => ByCode[code & 7];

        /// <summary>The rank of a flag in the priority order (N lowest = 0, F highest = 7).</summary>
        /// <param name="flag">The flag letter.</param>
        /// <returns>The rank, or -1 when not a flag.</returns>
        public static int Priority(char flag) => ByPriority.IndexOf(flag);

        /// <summary>The higher-priority of two flags.</summary>
        /// <param name="current">One flag.</param>
        /// <param name="candidate">Another flag.</param>
        /// <returns>Whichever ranks higher.</returns>
        public static char Stronger(char current, char candidate) => Priority(candidate) > Priority(current) ? candidate : current;
    }
}
