using EmissionEdge.Compliance.Profiles;

namespace EmissionEdge.Ingest.Evaluation;

/// <summary>The units the pipeline evaluates: their compliance profiles and the plant each belongs to.</summary>
public interface IUnitCatalog
{
    /// <summary>Every unit, ordered by id.</summary>
    IReadOnlyList<UnitEntry> All { get; }

    /// <summary>Finds a unit.</summary>
    /// <param name="unit">The unit id.</param>
    /// <returns>The entry, or <see langword="null"/> when the unit has no profile.</returns>
    UnitEntry? Find(string unit);
}

/// <summary>A unit's profile and plant.</summary>
/// <param name="Profile">The compliance engine's unit profile.</param>
/// <param name="Plant">The plant id, used by regulator subscriptions; may be <see langword="null"/>.</param>
public sealed record UnitEntry(UnitProfile Profile, string? Plant)
{
    /// <summary>The unit id.</summary>
    public string Unit => Profile.Id;
}

/// <summary>A unit catalog over a fixed list (the local server fills it from its plant configuration).</summary>
public sealed class UnitCatalog : IUnitCatalog
{
    private readonly Dictionary<string, UnitEntry> _units;

    /// <summary>Creates the catalog; every profile is validated.</summary>
    /// <param name="units">The units.</param>
    /// <exception cref="ArgumentException">A unit id repeats, or a profile is invalid.</exception>
    public UnitCatalog(IEnumerable<UnitEntry> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        _units = new Dictionary<string, UnitEntry>(StringComparer.Ordinal);
        foreach (var entry in units)
        {
            entry.Profile.EnsureValid();
            if (!_units.TryAdd(entry.Unit, entry))
            {
                throw new ArgumentException($"unit '{entry.Unit}' appears twice", nameof(units));
            }
        }

        All = _units.Values.OrderBy(u => u.Unit, StringComparer.Ordinal).ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<UnitEntry> All { get; }

    /// <inheritdoc />
    public UnitEntry? Find(string unit) => _units.GetValueOrDefault(unit);
}
