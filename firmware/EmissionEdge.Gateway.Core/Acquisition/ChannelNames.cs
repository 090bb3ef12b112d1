namespace EmissionEdge.Gateway.Core.Acquisition
{
    /// <summary>
    /// The channel names of the telemetry contract (telemetry.md), in the index order of
    /// <c>EmissionEdge.Compliance.Model.Channel</c>. Journal records store channels by this index.
    /// </summary>
    public static class ChannelNames
    {
        /// <summary>Number of contract channels.</summary>
        public const int Count = 13;

        private static readonly string[] Names =
        {
            "SO2", "NOx", "NO", "NO2", "Dust", "O2", "H2O", "Temp", "Pressure", "Flow", "CoalFeed", "GrossPower", "AuxPower",
        };

        /// <summary>The name of the channel at <paramref name="index"/>.</summary>
        /// <param name="index">0–12.</param>
        /// <returns>For example <c>"SO2"</c>.</returns>
        public static string Name(int index) => Names[index];

        /// <summary>The index of a channel name (exact, case-sensitive).</summary>
        /// <param name="name">For example <c>"NOx"</c>.</param>
        /// <returns>0–12, or -1 when not a contract channel.</returns>
        public static int IndexOf(string name)
        {
            for (int i = 0; i < Names.Length; i++)
            {
                if (Names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>All names separated by ", " (for messages).</summary>
        /// <returns>The list.</returns>
        public static string List()
        {
            string text = Names[0];
            for (int i = 1; i < Names.Length; i++)
            {
                text = text + ", " + Names[i];
            }

            return text;
        }
    }
}
