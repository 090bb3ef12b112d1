namespace EmissionEdge.Compliance.Profiles;

/// <summary>Whether a unit is an existing (retrofitted) unit or a new one; selects the default net coal consumption limit.</summary>
public enum UnitClass
{
    /// <summary>An existing unit: default coal limit 320 gce/kWh (domain.md §1).</summary>
    Existing = 0,
    /// <summary>A new unit: default coal limit 300 gce/kWh (domain.md §1).</summary>
    New = 1,
}
