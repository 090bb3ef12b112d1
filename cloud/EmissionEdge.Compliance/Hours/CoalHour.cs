namespace EmissionEdge.Compliance.Hours;

/// <summary>
/// The coal and energy sums of one hour of one unit, integrated minute by minute (a minute's rate / 60) over the minutes
/// whose reading counts (flag N or T with a value); missing minutes are not filled in.
/// </summary>
public readonly record struct CoalHour
{
    /// <summary>Raw coal fed, t: Σ CoalFeed (t/h) / 60.</summary>
    public double RawCoalTonnes { get; init; }

    /// <summary>Gross generation, kWh: Σ GrossPower (MW) × 1000 / 60.</summary>
    public double GrossKwh { get; init; }

    /// <summary>Auxiliary consumption, kWh: Σ AuxPower (MW) × 1000 / 60.</summary>
    public double AuxKwh { get; init; }

    /// <summary>Net energy supplied, kWh: <see cref="GrossKwh"/> − <see cref="AuxKwh"/>.</summary>
    public double NetKwh => GrossKwh - AuxKwh;

    /// <summary>Minutes with a counted CoalFeed reading.</summary>
    public int CoalMinutes { get; init; }

    /// <summary>Minutes with a counted GrossPower reading.</summary>
    public int GrossPowerMinutes { get; init; }

    /// <summary>Minutes with a counted AuxPower reading.</summary>
    public int AuxPowerMinutes { get; init; }

    /// <summary>The as-fired LHV of the hour's China-local day (per-day value, else unit default), kJ/kg; <see langword="null"/> when unknown.</summary>
    public double? LhvKjPerKg { get; init; }

    /// <summary>Standard coal, t: <see cref="RawCoalTonnes"/> × LHV / standard-coal constant; <see langword="null"/> when the LHV is unknown.</summary>
    public double? StandardCoalTonnes { get; init; }

    /// <summary>Whether any coal or power minute was counted.</summary>
    public bool HasData => CoalMinutes > 0 || GrossPowerMinutes > 0 || AuxPowerMinutes > 0;
}
