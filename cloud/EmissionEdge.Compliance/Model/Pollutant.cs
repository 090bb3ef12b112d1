namespace EmissionEdge.Compliance.Model;

/// <summary>A pollutant judged against an ultra-low emission limit (domain.md §1), in HJ 212 code order.</summary>
public enum Pollutant
{
    /// <summary>Particulate matter (烟尘), HJ 212 a34013; measured on <see cref="Channel.Dust"/>.</summary>
    Dust = 0,
    /// <summary>Sulphur dioxide, HJ 212 a21026; measured on <see cref="Channel.SO2"/>.</summary>
    SO2 = 1,
    /// <summary>Nitrogen oxides as NO2, HJ 212 a21002; measured on <see cref="Channel.NOx"/> or derived from <see cref="Channel.NO"/> and <see cref="Channel.NO2"/>.</summary>
    NOx = 2,
}

/// <summary>Names and lookup of <see cref="Pollutant"/> values.</summary>
public static class Pollutants
{
    /// <summary>Number of pollutants.</summary>
    public const int Count = 3;

    private static readonly string[] NameTable = ["Dust", "SO2", "NOx"];

    /// <summary>All pollutants in report order (Dust, SO2, NOx).</summary>
    public static IReadOnlyList<Pollutant> All { get; } = [Pollutant.Dust, Pollutant.SO2, Pollutant.NOx];

    /// <summary>The name used in reports and units.json (<c>"Dust"</c>, <c>"SO2"</c>, <c>"NOx"</c>).</summary>
    /// <param name="pollutant">The pollutant.</param>
    /// <returns>Its name.</returns>
    public static string Name(Pollutant pollutant) => NameTable[(int)pollutant];

    /// <summary>The channel on which an analyzer reports the pollutant directly.</summary>
    /// <param name="pollutant">The pollutant.</param>
    /// <returns><see cref="Channel.Dust"/>, <see cref="Channel.SO2"/> or <see cref="Channel.NOx"/>.</returns>
    public static Channel Channel(Pollutant pollutant) => pollutant switch
    {
        Pollutant.Dust => Model.Channel.Dust,
        Pollutant.SO2 => Model.Channel.SO2,
        Pollutant.NOx => Model.Channel.NOx,
        _ => throw new ArgumentOutOfRangeException(nameof(pollutant), pollutant, "not a pollutant"),
    };

    /// <summary>Looks up a pollutant by its exact, case-sensitive name.</summary>
    /// <param name="name">A name such as <c>"SO2"</c>.</param>
    /// <param name="pollutant">The pollutant when found.</param>
    /// <returns><see langword="true"/> when <paramref name="name"/> names a pollutant.</returns>
    public static bool TryParse(string? name, out Pollutant pollutant)
    {
        for (var i = 0; i < NameTable.Length; i++)
        {
            if (string.Equals(NameTable[i], name, StringComparison.Ordinal))
            {
                pollutant = (Pollutant)i;
                return true;
            }
        }

        pollutant = default;
        return false;
    }
}
