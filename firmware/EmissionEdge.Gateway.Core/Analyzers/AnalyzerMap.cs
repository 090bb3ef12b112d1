namespace EmissionEdge.Gateway.Core.Analyzers
{
    /// <summary>
    /// The register map of one analyzer model, read from <c>hardware/analyzer-maps/*.json</c> by
    /// <see cref="AnalyzerMapReader"/>. Addresses are already converted to 0-based PDU addresses.
    /// </summary>
    public sealed class AnalyzerMap
    {
        /// <summary>Creates a map.</summary>
        /// <param name="model">Analyzer model, e.g. <c>SICK MARSIC300</c>.</param>
        /// <param name="fileName">File it came from (for messages).</param>
        /// <param name="channels">Value entries.</param>
        /// <param name="status">Status entries.</param>
        /// <param name="isCurrentLoop">Whether the analyzer has 4–20 mA outputs instead of Modbus registers.</param>
        public AnalyzerMap(string model, string fileName, MapChannel[] channels, MapStatus[] status, bool isCurrentLoop)
        {
            IsCurrentLoop = isCurrentLoop;
            Model = model;
            FileName = fileName;
            Channels = channels;
            Status = status;
        }

        /// <summary>Analyzer model.</summary>
        public string Model { get; }

        /// <summary>
        /// Whether the map describes 4–20 mA outputs (<c>"interface": "4-20mA"</c>): channels then carry
        /// <see cref="MapChannel.RangeLow"/>/<see cref="MapChannel.RangeHigh"/> and status entries name relay contacts.
        /// </summary>
        public bool IsCurrentLoop { get; }

        /// <summary>File the map came from.</summary>
        public string FileName { get; }

        /// <summary>Value entries.</summary>
        public MapChannel[] Channels { get; }

        /// <summary>Status entries.</summary>
        public MapStatus[] Status { get; }

        /// <summary>The entry of a channel.</summary>
        /// <param name="channel">Contract channel name.</param>
        /// <returns>The entry, or <see langword="null"/> when the map does not have the channel.</returns>
        public MapChannel? FindChannel(string channel)
        {
            for (int i = 0; i < Channels.Length; i++)
            {
                if (Channels[i].Channel == channel)
                {
                    return Channels[i];
                }
            }

            return null;
        }
    }
}
