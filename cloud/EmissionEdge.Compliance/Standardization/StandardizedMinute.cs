using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Compliance.Standardization;

/// <summary>One pollutant of one minute after standardization: counted with its dry standard and O2-corrected values, or excluded with a flag.</summary>
public readonly record struct StandardizedMinute
{
    /// <summary>The pollutant is not measured in this minute (no reading, and for NOx no NO either).</summary>
    public static StandardizedMinute Absent => default;

    /// <summary>Whether the pollutant has a reading in this minute (with or without value).</summary>
    public bool IsPresent { get; private init; }

    /// <summary>Whether the minute counts toward the hour: flag N or T, and every auxiliary channel it needs was valid.</summary>
    public bool Counts { get; private init; }

    /// <summary>N or T when counted; otherwise the excluding flag (the pollutant's own, the needed auxiliary channel's, D when it had none, F at the O2 cut-off).</summary>
    public DataFlag Flag { get; private init; }

    /// <summary>Dry, standard-state concentration, mg/m3 (not O2-corrected); NaN when not counted.</summary>
    public double DryStandard { get; private init; }

    /// <summary>Dry, standard-state concentration corrected to the reference O2, mg/m3; NaN when not counted.</summary>
    public double Corrected { get; private init; }

    /// <summary>Mass emitted in the minute, kg (<c>DryStandard × Q_dry,std × 1e-6 / 60</c>); NaN without a valid flow.</summary>
    public double MassKg { get; private init; }

    /// <summary>Whether <see cref="MassKg"/> has a value.</summary>
    public bool HasMass => Counts && !double.IsNaN(MassKg);

    /// <summary>A counted minute.</summary>
    /// <param name="flag">N or T.</param>
    /// <param name="dryStandard">Dry standard concentration.</param>
    /// <param name="corrected">O2-corrected concentration.</param>
    /// <param name="massKg">Mass in the minute, or NaN.</param>
    /// <returns>The minute.</returns>
    public static StandardizedMinute Counted(DataFlag flag, double dryStandard, double corrected, double massKg) => new()
    {
        IsPresent = true,
        Counts = true,
        Flag = flag,
        DryStandard = dryStandard,
        Corrected = corrected,
        MassKg = massKg,
    };

    /// <summary>A present but excluded minute.</summary>
    /// <param name="flag">Why it is excluded (never N or T).</param>
    /// <returns>The minute.</returns>
    public static StandardizedMinute Excluded(DataFlag flag) => new()
    {
        IsPresent = true,
        Counts = false,
        Flag = flag,
        DryStandard = double.NaN,
        Corrected = double.NaN,
        MassKg = double.NaN,
    };
}
