using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;

namespace EmissionEdge.Compliance.Standardization;

/// <summary>
/// Turns one minute's readings, as the analyzers report them, into dry, standard-state (273 K, 101 325 Pa),
/// O2-corrected concentrations and a mass, following HJ 75 / HJ 212-2017 Appendix D (domain.md §2).
/// </summary>
/// <remarks>
/// <para>Formulas, applied per minute in this order:</para>
/// <list type="number">
/// <item><b>NOx as NO2</b> when the NOx channel is absent but NO is present:
/// <c>NOx = NO × 46.0055/30.0061 + NO2</c> (factor <see cref="NoToNo2Factor"/> ≈ 1.5332; NO2 taken as 0 when not measured).
/// NO and NO2 are each standardized with their own basis before they are added.</item>
/// <item><b>wet → dry</b> when the profile says the channel is wet: <c>C_dry = C_wet / (1 − Xsw)</c>, <c>Xsw = H2O / 100</c>.</item>
/// <item><b>actual → standard state</b> when the profile says actual:
/// <c>C_std = C × 101325 / (Ba + Ps) × (273 + t) / 273</c>, Ba the unit's ambient pressure (Pa), Ps the Pressure channel
/// (kPa, signed, × 1000), t the Temp channel (°C).</item>
/// <item><b>O2 correction</b>: <c>C_zs = C_dry,std × (21 − O2ref) / (21 − O2dry)</c>; a wet O2 reading is first made dry
/// with the same H2O: <c>O2dry = O2wet / (1 − Xsw)</c>.</item>
/// <item><b>mass</b>: <c>kg = C_dry,std (mg/m3) × Q_dry,std (m3/h) × 1e-6 / 60</c>; the flow is made dry and standard
/// with the inverse factors (<c>× (1 − Xsw)</c>, <c>× (Ba + Ps)/101325 × 273/(273 + t)</c>) per the Flow basis.</item>
/// </list>
/// <para>Exclusions (the minute does not count, and carries a flag):</para>
/// <list type="bullet">
/// <item>the pollutant's own flag is F, M, S, D, C or B: that flag (a reading without value flagged N or T: D);</item>
/// <item>dry O2 at or above the profile's cut-off (default 20 %): flag <see cref="DataFlag.F"/>, because such O2 means
/// no combustion (unit off, purge air); the correction is never divided by <c>21 − O2</c> near zero;</item>
/// <item>a needed auxiliary channel (O2 always; H2O for a wet channel or wet O2; Temp and Pressure for an actual-state
/// channel) has no valid value: that channel's flag, or D when it is absent, has no value, or is physically impossible
/// (H2O ≥ 100 %, Ba + Ps ≤ 0 Pa, t ≤ −273 °C).</item>
/// </list>
/// A missing or invalid flow only leaves the minute without mass; the concentration still counts.
/// </remarks>
public sealed class MinuteStandardizer
{
    /// <summary>Molar mass of NO2 / molar mass of NO: 46.0055 / 30.0061 ≈ 1.5332 (NO expressed as NO2).</summary>
    public const double NoToNo2Factor = 46.0055 / 30.0061;

    /// <summary>Standard pressure, Pa.</summary>
    public const double StandardPressurePa = 101325.0;

    /// <summary>Standard temperature, K, as HJ 75 writes it (273, not 273.15).</summary>
    public const double StandardTemperatureK = 273.0;

    private readonly UnitProfile _profile;
    private readonly MeasurementBasis[] _basis = new MeasurementBasis[Channels.Count];
    private readonly double _correctionNumerator;
    private readonly double _cutOff;
    private readonly double _ambientPa;
    private readonly bool _needsMoisture;
    private readonly bool _needsState;

    /// <summary>Creates a standardizer for one unit.</summary>
    /// <param name="profile">The unit profile.</param>
    /// <exception cref="ArgumentException">The profile is invalid.</exception>
    public MinuteStandardizer(UnitProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        profile.EnsureValid();
        _profile = profile;
        for (var i = 0; i < _basis.Length; i++)
        {
            _basis[i] = profile.BasisOf((Channel)i);
            _needsMoisture |= _basis[i].IsWet;
            _needsState |= _basis[i].IsActual;
        }

        _needsMoisture |= profile.O2Moisture == Moisture.Wet;
        _correctionNumerator = 21.0 - profile.O2ReferencePercent;
        _cutOff = profile.O2CutOffPercent;
        _ambientPa = profile.AmbientPressurePa;
    }

    /// <summary>The profile this standardizer applies.</summary>
    public UnitProfile Profile => _profile;

    /// <summary>Standardizes one pollutant of one minute.</summary>
    /// <param name="record">The minute record.</param>
    /// <param name="pollutant">The pollutant.</param>
    /// <returns>The standardized minute.</returns>
    public StandardizedMinute Standardize(MinuteRecord record, Pollutant pollutant)
    {
        ArgumentNullException.ThrowIfNull(record);
        var conditions = new FlueConditions(this, record);
        return Standardize(record, pollutant, ref conditions);
    }

    /// <summary>Standardizes the three pollutants of a minute, reading the auxiliary channels once.</summary>
    internal void StandardizeAll(MinuteRecord record, out StandardizedMinute dust, out StandardizedMinute so2, out StandardizedMinute nox)
    {
        var conditions = new FlueConditions(this, record);
        dust = Standardize(record, Pollutant.Dust, ref conditions);
        so2 = Standardize(record, Pollutant.SO2, ref conditions);
        nox = Standardize(record, Pollutant.NOx, ref conditions);
    }

    private StandardizedMinute Standardize(MinuteRecord record, Pollutant pollutant, ref FlueConditions conditions)
    {
        double dryStandard;
        DataFlag flag;
        var direct = Pollutants.Channel(pollutant);
        var reading = record[direct];
        if (reading.IsPresent)
        {
            if (!Usable(reading, out flag))
            {
                return StandardizedMinute.Excluded(flag);
            }

            if (!conditions.TryFactor(_basis[(int)direct], out var factor, out var auxFlag))
            {
                return StandardizedMinute.Excluded(auxFlag);
            }

            dryStandard = reading.Average * factor;
        }
        else if (pollutant == Pollutant.NOx && record.Has(Channel.NO))
        {
            var no = record[Channel.NO];
            var no2 = record[Channel.NO2];
            if (!Usable(no, out flag))
            {
                return StandardizedMinute.Excluded(flag);
            }

            if (!conditions.TryFactor(_basis[(int)Channel.NO], out var noFactor, out var auxFlag))
            {
                return StandardizedMinute.Excluded(auxFlag);
            }

            dryStandard = no.Average * noFactor * NoToNo2Factor;
            if (no2.IsPresent)
            {
                if (!Usable(no2, out var no2Flag))
                {
                    return StandardizedMinute.Excluded(no2Flag);
                }

                if (!conditions.TryFactor(_basis[(int)Channel.NO2], out var no2Factor, out auxFlag))
                {
                    return StandardizedMinute.Excluded(auxFlag);
                }

                dryStandard += no2.Average * no2Factor;
                if (no2Flag == DataFlag.T)
                {
                    flag = DataFlag.T;
                }
            }
        }
        else
        {
            return StandardizedMinute.Absent;
        }

        if (!conditions.TryDryO2(out var o2Dry, out var o2Flag))
        {
            return StandardizedMinute.Excluded(o2Flag);
        }

        if (o2Dry >= _cutOff)
        {
            return StandardizedMinute.Excluded(DataFlag.F);
        }

        var corrected = dryStandard * _correctionNumerator / (21.0 - o2Dry);
        var mass = conditions.TryDryStandardFlow(out var flow) ? dryStandard * flow * 1e-6 / 60.0 : double.NaN;
        return StandardizedMinute.Counted(flag, dryStandard, corrected, mass);
    }

    /// <summary>Whether a reading has a value that counts (N or T); otherwise the flag that excludes it (D for a value-less N/T).</summary>
    internal static bool Usable(in ChannelReading reading, out DataFlag flag)
    {
        if (!reading.IsPresent)
        {
            flag = DataFlag.D;
            return false;
        }

        flag = reading.Flag;
        if (!DataFlags.CountsTowardAverage(flag))
        {
            return false;
        }

        if (!reading.HasValue || !double.IsFinite(reading.Average))
        {
            flag = DataFlag.D;
            return false;
        }

        return true;
    }

    /// <summary>The minute's moisture, temperature and pressure, read lazily once and shared by the pollutants and the flow.</summary>
    private struct FlueConditions
    {
        private readonly MinuteStandardizer _owner;
        private readonly MinuteRecord _record;
        private byte _moistureState; // 0 unread, 1 ok, 2 failed
        private byte _stateState;
        private byte _o2State;
        private byte _flowState;
        private DataFlag _moistureFlag;
        private DataFlag _stateFlag;
        private DataFlag _o2Flag;
        private double _dryFraction;   // 1 − Xsw
        private double _stateFactor;   // 101325/(Ba+Ps) × (273+t)/273
        private double _o2Dry;
        private double _flow;

        public FlueConditions(MinuteStandardizer owner, MinuteRecord record)
        {
            _owner = owner;
            _record = record;
            if (!owner._needsMoisture)
            {
                _moistureState = 1;
                _dryFraction = 1.0;
            }

            if (!owner._needsState)
            {
                _stateState = 1;
                _stateFactor = 1.0;
            }
        }

        /// <summary>The factor turning a reading of <paramref name="basis"/> into dry standard state.</summary>
        public bool TryFactor(MeasurementBasis basis, out double factor, out DataFlag flag)
        {
            factor = 1.0;
            flag = DataFlag.N;
            if (basis.IsWet)
            {
                if (!TryDryFraction(out var dry, out flag))
                {
                    return false;
                }

                factor /= dry;
            }

            if (basis.IsActual)
            {
                if (!TryStateFactor(out var state, out flag))
                {
                    return false;
                }

                factor *= state;
            }

            return true;
        }

        public bool TryDryO2(out double o2Dry, out DataFlag flag)
        {
            if (_o2State == 0)
            {
                _o2State = 2;
                var o2 = _record[Channel.O2];
                if (!Usable(o2, out _o2Flag))
                {
                    // keep the O2 channel's own flag
                }
                else if (_owner._profile.O2Moisture == Moisture.Wet)
                {
                    if (TryDryFraction(out var dry, out _o2Flag))
                    {
                        _o2Dry = o2.Average / dry;
                        _o2State = 1;
                    }
                }
                else
                {
                    _o2Dry = o2.Average;
                    _o2State = 1;
                }
            }

            o2Dry = _o2Dry;
            flag = _o2Flag;
            return _o2State == 1;
        }

        /// <summary>The dry, standard-state flow of the minute, m3/h, when the Flow channel is valid.</summary>
        public bool TryDryStandardFlow(out double flow)
        {
            if (_flowState == 0)
            {
                _flowState = ReadDryStandardFlow(out _flow) ? (byte)1 : (byte)2;
            }

            flow = _flow;
            return _flowState == 1;
        }

        private bool ReadDryStandardFlow(out double flow)
        {
            flow = double.NaN;
            var reading = _record[Channel.Flow];
            if (!reading.IsPresent || !Usable(reading, out _))
            {
                return false;
            }

            var basis = _owner._basis[(int)Channel.Flow];
            var value = reading.Average;
            if (basis.IsWet)
            {
                if (!TryDryFraction(out var dry, out _))
                {
                    return false;
                }

                value *= dry;
            }

            if (basis.IsActual)
            {
                if (!TryStateFactor(out var state, out _))
                {
                    return false;
                }

                value /= state;
            }

            flow = value;
            return true;
        }

        private bool TryDryFraction(out double dryFraction, out DataFlag flag)
        {
            if (_moistureState == 0)
            {
                _moistureState = 2;
                var h2o = _record[Channel.H2O];
                if (Usable(h2o, out _moistureFlag))
                {
                    var dry = 1.0 - h2o.Average / 100.0;
                    if (dry > 0)
                    {
                        _dryFraction = dry;
                        _moistureState = 1;
                    }
                    else
                    {
                        _moistureFlag = DataFlag.D;
                    }
                }
            }

            dryFraction = _dryFraction;
            flag = _moistureFlag;
            return _moistureState == 1;
        }

        private bool TryStateFactor(out double factor, out DataFlag flag)
        {
            if (_stateState == 0)
            {
                _stateState = 2;
                var temp = _record[Channel.Temp];
                var pressure = _record[Channel.Pressure];
                if (!Usable(temp, out _stateFlag) || !Usable(pressure, out _stateFlag))
                {
                    // keep the failing channel's flag
                }
                else
                {
                    var absolutePa = _owner._ambientPa + pressure.Average * 1000.0;
                    var kelvin = StandardTemperatureK + temp.Average;
                    if (absolutePa > 0 && kelvin > 0)
                    {
                        _stateFactor = StandardPressurePa / absolutePa * kelvin / StandardTemperatureK;
                        _stateState = 1;
                    }
                    else
                    {
                        _stateFlag = DataFlag.D;
                    }
                }
            }

            factor = _stateFactor;
            flag = _stateFlag;
            return _stateState == 1;
        }
    }
}
