namespace EmissionEdge.Compliance.Profiles;

/// <summary>Whether a gas reading includes the flue moisture.</summary>
public enum Moisture
{
    /// <summary>Dry gas: no moisture conversion needed.</summary>
    Dry = 0,
    /// <summary>Wet gas: converted to dry with the H2O channel, <c>C_dry = C_wet / (1 − Xsw)</c>.</summary>
    Wet = 1,
}

/// <summary>Whether a gas reading is at standard state (273 K, 101 325 Pa) or at the flue's actual temperature and pressure.</summary>
public enum GasState
{
    /// <summary>Already at standard state.</summary>
    Standard = 0,
    /// <summary>At actual flue conditions: converted with the Temp and Pressure channels and the unit's ambient pressure.</summary>
    Actual = 1,
}

/// <summary>
/// How an analyzer reports a concentration or flow channel: dry or wet, standard or actual state.
/// The default (<see cref="DryStandard"/>) needs no conversion.
/// </summary>
/// <param name="Moisture">Dry or wet gas.</param>
/// <param name="State">Standard or actual state.</param>
public readonly record struct MeasurementBasis(Moisture Moisture, GasState State)
{
    /// <summary>Dry gas at standard state: the reading is used as is.</summary>
    public static MeasurementBasis DryStandard => new(Moisture.Dry, GasState.Standard);

    /// <summary>Whether the reading must be converted from wet to dry (needs H2O).</summary>
    public bool IsWet => Moisture == Moisture.Wet;

    /// <summary>Whether the reading must be converted from actual to standard state (needs Temp and Pressure).</summary>
    public bool IsActual => State == GasState.Actual;

    /// <summary>The spelling used in units.json: <c>dry-standard</c>, <c>dry-actual</c>, <c>wet-standard</c> or <c>wet-actual</c>.</summary>
    /// <returns>The basis name.</returns>
    public override string ToString() => (IsWet ? "wet-" : "dry-") + (IsActual ? "actual" : "standard");

    /// <summary>Parses the spelling of <see cref="ToString"/>.</summary>
    /// <param name="text">For example <c>"wet-actual"</c>.</param>
    /// <param name="basis">The basis when recognized.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is one of the four names.</returns>
    public static bool TryParse(string? text, out MeasurementBasis basis)
    {
        switch (text)
        {
            case "dry-standard": basis = new(Moisture.Dry, GasState.Standard); return true;
            case "dry-actual": basis = new(Moisture.Dry, GasState.Actual); return true;
            case "wet-standard": basis = new(Moisture.Wet, GasState.Standard); return true;
            case "wet-actual": basis = new(Moisture.Wet, GasState.Actual); return true;
            default: basis = default; return false;
        }
    }
}
