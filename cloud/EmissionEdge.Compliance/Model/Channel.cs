namespace EmissionEdge.Compliance.Model;

/// <summary>
/// A measured channel of a unit's minute record, named as in the telemetry contract
/// (<c>telemetry.md</c>) and in the columns of <c>minutes.csv</c>.
/// </summary>
/// <remarks>The numeric values index <see cref="MinuteRecord"/>'s channel slots; do not reorder.</remarks>
public enum Channel
{
    /// <summary>Sulphur dioxide as the analyzer reports it, mg/m3.</summary>
    SO2 = 0,
    /// <summary>Nitrogen oxides (as NO2) as the analyzer reports them, mg/m3.</summary>
    NOx = 1,
    /// <summary>Nitric oxide, mg/m3 (used to derive NOx when NOx is not measured directly).</summary>
    NO = 2,
    /// <summary>Nitrogen dioxide, mg/m3 (used to derive NOx when NOx is not measured directly).</summary>
    NO2 = 3,
    /// <summary>Particulate matter, mg/m3.</summary>
    Dust = 4,
    /// <summary>Oxygen, % vol.</summary>
    O2 = 5,
    /// <summary>Flue gas moisture, % vol.</summary>
    H2O = 6,
    /// <summary>Flue gas temperature, °C.</summary>
    Temp = 7,
    /// <summary>Flue gas static pressure, kPa (signed).</summary>
    Pressure = 8,
    /// <summary>Flue gas flow as measured, m3/h.</summary>
    Flow = 9,
    /// <summary>Raw coal fed to the boiler, t/h.</summary>
    CoalFeed = 10,
    /// <summary>Generator output, MW.</summary>
    GrossPower = 11,
    /// <summary>Auxiliary (station service) power, MW.</summary>
    AuxPower = 12,
}

/// <summary>Names and lookup of <see cref="Channel"/> values, spelled exactly as the telemetry contract spells them.</summary>
public static class Channels
{
    /// <summary>Number of channels; the length of a minute record's channel table.</summary>
    public const int Count = 13;

    private static readonly string[] NameTable =
    [
        "SO2", "NOx", "NO", "NO2", "Dust", "O2", "H2O", "Temp", "Pressure", "Flow", "CoalFeed", "GrossPower", "AuxPower",
    ];

    /// <summary>All channels in index order.</summary>
    public static IReadOnlyList<Channel> All { get; } = Enumerable.Range(0, Count).Select(i => (Channel)i).ToArray();

    /// <summary>The contract name of <paramref name="channel"/> (for example <c>"SO2"</c>, <c>"CoalFeed"</c>).</summary>
    public static string Name(Channel channel) => NameTable[(int)channel];

    /// <summary>Looks up a channel by its exact, case-sensitive contract name.</summary>
    /// <param name="name">A name such as <c>"NOx"</c>.</param>
    /// <param name="channel">The channel when found.</param>
    /// <returns><see langword="true"/> when <paramref name="name"/> is a contract channel name.</returns>
    public static bool TryParse(string? name, out Channel channel)
    {
        for (var i = 0; i < NameTable.Length; i++)
        {
            if (string.Equals(NameTable[i], name, StringComparison.Ordinal))
            {
                channel = (Channel)i;
                return true;
            }
        }

        channel = default;
        return false;
    }
}
