using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Compliance.Profiles;

/// <summary>
/// What the compliance engine needs to know about one unit: its limits, how its analyzers report, and its coal data.
/// Every field but <see cref="Id"/> has a default (<see cref="ProfileDefaults"/>).
/// </summary>
/// <remarks>
/// The engine reads a profile, it never changes it. Call <see cref="Validate"/> at the edge (configuration files)
/// to report every bad field at once; the engine's entry points throw <see cref="ArgumentException"/> on an invalid profile.
/// </remarks>
public sealed record UnitProfile
{
    private static readonly IReadOnlyDictionary<Channel, MeasurementBasis> NoBasis = new Dictionary<Channel, MeasurementBasis>();
    private static readonly IReadOnlyDictionary<DateOnly, double> NoDailyLhv = new Dictionary<DateOnly, double>();

    /// <summary>Creates a profile with every optional field at its default.</summary>
    /// <param name="id">The unit id as it appears in minute records, for example <c>"GS-01"</c>.</param>
    public UnitProfile(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
    }

    /// <summary>The unit id.</summary>
    public string Id { get; }

    /// <summary>Existing or new unit; selects the default coal limit.</summary>
    public UnitClass Class { get; init; } = UnitClass.Existing;

    /// <summary>Reference O2 for correction, % (default 6, coal boilers).</summary>
    public double O2ReferencePercent { get; init; } = ProfileDefaults.O2ReferencePercent;

    /// <summary>
    /// Pollutant limits with the China-local date each takes effect. For an hour, the entry of the pollutant with the
    /// latest <see cref="PollutantLimit.From"/> on or before the hour's local date applies; with none, the ultra-low
    /// default (<see cref="ProfileDefaults.UltraLowLimit"/>).
    /// </summary>
    public IReadOnlyList<PollutantLimit> Limits { get; init; } = [];

    /// <summary>Net coal consumption limit, gce/kWh; <see langword="null"/> = 320 for existing, 300 for new units.</summary>
    public decimal? CoalLimit { get; init; }

    /// <summary>
    /// How each concentration channel (SO2, NOx, NO, NO2, Dust) and the Flow channel is reported; a channel not listed is
    /// dry gas at standard state and used as is.
    /// </summary>
    public IReadOnlyDictionary<Channel, MeasurementBasis> ChannelBasis { get; init; } = NoBasis;

    /// <summary>Whether the O2 analyzer reports wet or dry O2 (default dry). Wet O2 is converted to dry with H2O before correction.</summary>
    public Moisture O2Moisture { get; init; } = Moisture.Dry;

    /// <summary>Ambient (barometric) pressure Ba for actual→standard conversion, Pa (default 101 325).</summary>
    public double AmbientPressurePa { get; init; } = ProfileDefaults.AmbientPressurePa;

    /// <summary>Dry O2 (%) at or above which a minute is not corrected but excluded with flag F (default 20.0).</summary>
    public double O2CutOffPercent { get; init; } = ProfileDefaults.O2CutOffPercent;

    /// <summary>Heat value of standard coal, kJ/kg (default 29 271; GB/T 2589 uses 29 307).</summary>
    public double StandardCoalKjPerKg { get; init; } = ProfileDefaults.StandardCoalKjPerKg;

    /// <summary>Default as-fired lower heating value of the unit's coal, kJ/kg; <see langword="null"/> when not known.</summary>
    public double? CoalLhvKjPerKg { get; init; }

    /// <summary>As-fired LHV per China-local day, kJ/kg, overriding <see cref="CoalLhvKjPerKg"/> on that day.</summary>
    public IReadOnlyDictionary<DateOnly, double> DailyCoalLhvKjPerKg { get; init; } = NoDailyLhv;

    /// <summary>The coal limit in force: <see cref="CoalLimit"/>, else the default of <see cref="Class"/>.</summary>
    public decimal EffectiveCoalLimit => CoalLimit ?? (Class == UnitClass.New ? ProfileDefaults.NewUnitCoalLimit : ProfileDefaults.ExistingUnitCoalLimit);

    /// <summary>The basis of <paramref name="channel"/> (dry standard when not configured).</summary>
    /// <param name="channel">A concentration or flow channel.</param>
    /// <returns>Its basis.</returns>
    public MeasurementBasis BasisOf(Channel channel) =>
        ChannelBasis.TryGetValue(channel, out var basis) ? basis : MeasurementBasis.DryStandard;

    /// <summary>The limit of <paramref name="pollutant"/> in force on the China-local date <paramref name="localDate"/>.</summary>
    /// <param name="pollutant">The pollutant.</param>
    /// <param name="localDate">The China-local date of the hour.</param>
    /// <returns>The limit, mg/m3.</returns>
    public decimal LimitOn(Pollutant pollutant, DateOnly localDate)
    {
        var found = false;
        var from = DateOnly.MinValue;
        var value = ProfileDefaults.UltraLowLimit(pollutant);
        for (var i = 0; i < Limits.Count; i++)
        {
            var limit = Limits[i];
            if (limit.Pollutant == pollutant && limit.From <= localDate && (!found || limit.From >= from))
            {
                found = true;
                from = limit.From;
                value = limit.Value;
            }
        }

        return value;
    }

    /// <summary>The as-fired LHV of the China-local date: the per-day value, else the unit default, else <see langword="null"/>.</summary>
    /// <param name="localDate">The China-local date.</param>
    /// <returns>kJ/kg, or <see langword="null"/> when unknown.</returns>
    public double? CoalLhvOn(DateOnly localDate) =>
        DailyCoalLhvKjPerKg.TryGetValue(localDate, out var lhv) ? lhv : CoalLhvKjPerKg;

    /// <summary>Checks every field and names each bad one with its value.</summary>
    /// <returns>The problems; empty when the profile is usable.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!(O2ReferencePercent >= 0 && O2ReferencePercent < 21))
        {
            problems.Add($"o2Reference must be at least 0 and below 21 %, got {O2ReferencePercent}");
        }

        if (!(O2CutOffPercent > 0 && O2CutOffPercent <= 21))
        {
            problems.Add($"o2CutOff must be above 0 and at most 21 %, got {O2CutOffPercent}");
        }

        if (!(AmbientPressurePa > 0) || double.IsInfinity(AmbientPressurePa))
        {
            problems.Add($"ambientPressurePa must be positive, got {AmbientPressurePa}");
        }

        if (!(StandardCoalKjPerKg > 0) || double.IsInfinity(StandardCoalKjPerKg))
        {
            problems.Add($"standardCoalKjPerKg must be positive, got {StandardCoalKjPerKg}");
        }

        if (CoalLhvKjPerKg is { } lhv && (!(lhv > 0) || double.IsInfinity(lhv)))
        {
            problems.Add($"coalLhvKjPerKg must be positive, got {lhv}");
        }

        foreach (var (day, dayLhv) in DailyCoalLhvKjPerKg)
        {
            if (!(dayLhv > 0) || double.IsInfinity(dayLhv))
            {
                problems.Add($"dailyCoalLhvKjPerKg[{day:yyyy-MM-dd}] must be positive, got {dayLhv}");
            }
        }

        if (CoalLimit is { } coalLimit && coalLimit <= 0)
        {
            problems.Add($"coalLimit must be positive, got {coalLimit}");
        }

        foreach (var limit in Limits)
        {
            if (limit.Value < 0)
            {
                problems.Add($"limit of {Pollutants.Name(limit.Pollutant)} from {limit.From:yyyy-MM-dd} must not be negative, got {limit.Value}");
            }
        }

        foreach (var channel in ChannelBasis.Keys)
        {
            if (channel is not (Channel.SO2 or Channel.NOx or Channel.NO or Channel.NO2 or Channel.Dust or Channel.Flow))
            {
                problems.Add($"basis can be set only for SO2, NOx, NO, NO2, Dust and Flow, got {Channels.Name(channel)}");
            }
        }

        return problems;
    }

    /// <summary>Throws when <see cref="Validate"/> finds a problem.</summary>
    /// <exception cref="ArgumentException">The profile has a bad field; the message names every one.</exception>
    public void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"unit profile '{Id}' is invalid: {string.Join("; ", problems)}");
        }
    }
}
