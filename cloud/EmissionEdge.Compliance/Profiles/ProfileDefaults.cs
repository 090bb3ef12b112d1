using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Compliance.Profiles;

/// <summary>The defaults a <see cref="UnitProfile"/> uses for every field it does not set (domain.md §1–§3).</summary>
public static class ProfileDefaults
{
    /// <summary>Reference O2 of coal boilers, % (oil/gas boilers 3, gas turbines 15).</summary>
    public const double O2ReferencePercent = 6.0;

    /// <summary>Ultra-low limit of particulate matter, mg/m3.</summary>
    public const decimal DustLimit = 10m;

    /// <summary>Ultra-low limit of SO2, mg/m3.</summary>
    public const decimal SO2Limit = 35m;

    /// <summary>Ultra-low limit of NOx as NO2, mg/m3.</summary>
    public const decimal NOxLimit = 50m;

    /// <summary>Net coal consumption limit of an existing unit, gce/kWh.</summary>
    public const decimal ExistingUnitCoalLimit = 320m;

    /// <summary>Net coal consumption limit of a new unit, gce/kWh.</summary>
    public const decimal NewUnitCoalLimit = 300m;

    /// <summary>Heat value of 1 kg standard coal in the power sector, kJ/kg (GB/T 2589 uses 29 307).</summary>
    public const double StandardCoalKjPerKg = 29271.0;

    /// <summary>Ambient (barometric) pressure used for actual→standard conversion when the unit gives none, Pa.</summary>
    public const double AmbientPressurePa = 101325.0;

    /// <summary>O2 (dry, %) at or above which a minute is treated as no combustion (purge air) and never corrected.</summary>
    public const double O2CutOffPercent = 20.0;

    /// <summary>The ultra-low limit of <paramref name="pollutant"/>.</summary>
    /// <param name="pollutant">The pollutant.</param>
    /// <returns>10 (Dust), 35 (SO2) or 50 (NOx) mg/m3.</returns>
    public static decimal UltraLowLimit(Pollutant pollutant) => pollutant switch
    {
        Pollutant.Dust => DustLimit,
        Pollutant.SO2 => SO2Limit,
        Pollutant.NOx => NOxLimit,
        _ => throw new ArgumentOutOfRangeException(nameof(pollutant), pollutant, "not a pollutant"),
    };
}
