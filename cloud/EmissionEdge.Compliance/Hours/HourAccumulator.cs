using EmissionEdge.Compliance.Coal;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Compliance.Reporting;
using EmissionEdge.Compliance.Standardization;
using EmissionEdge.Compliance.Time;

namespace EmissionEdge.Compliance.Hours;

/// <summary>
/// Collects the minute records of one China-local hour of one unit and computes the <see cref="HourResult"/>.
/// Reusable and allocation-free in steady state: one slot per minute of the hour, filled by <see cref="Add"/>.
/// </summary>
/// <remarks>
/// <para><b>Duplicates:</b> a minute is held once, in its minute-of-hour slot; a later <see cref="Add"/> of the same minute
/// replaces the earlier one (the last received copy wins). Identical copies therefore change nothing, and the result does
/// not depend on the order in which distinct minutes arrive (sums run in minute order).</para>
/// <para><b>Hour rules</b> (HJ 75, domain.md §2): a pollutant's hour is valid with at least
/// <see cref="ComplianceOptions.MinValidMinutesPerHour"/> (45) counted minutes, N and T counting; its corrected average is the
/// average of the minute-level corrected values (the project's decision: 30 min at 20 mg/m3 / 6 % O2 and 30 min at
/// 20 mg/m3 / 12 % O2 give 26.67, not the 25.00 of correcting the averages); the uncorrected average is the average of the
/// minutes' dry standard values; the mass is summed over the counted minutes with a valid flow. The reported values are
/// rounded half-to-even (<see cref="ReportRounding"/>) and the hour exceeds when valid and the rounded corrected average is
/// above the limit. See <see cref="MinuteStandardizer"/> for the per-minute formulas.</para>
/// </remarks>
public sealed class HourAccumulator
{
    private const int MinutesPerHour = 60;
    private const int FlagCount = 8;

    private readonly MinuteRecord?[] _slots = new MinuteRecord?[MinutesPerHour];
    private readonly ComplianceOptions _options;
    private MinuteStandardizer? _standardizer;
    private DateTime _hourStartUtc;
    private int _received;

    /// <summary>Creates an accumulator.</summary>
    /// <param name="options">Validity and reporting rules; <see cref="ComplianceOptions.Default"/> when null.</param>
    public HourAccumulator(ComplianceOptions? options = null)
    {
        _options = options ?? ComplianceOptions.Default;
        _options.EnsureValid();
    }

    /// <summary>The unit being accumulated, once <see cref="Start"/> was called.</summary>
    public UnitProfile? Profile => _standardizer?.Profile;

    /// <summary>UTC start of the hour being accumulated.</summary>
    public DateTime HourStartUtc => _hourStartUtc;

    /// <summary>Distinct minutes held.</summary>
    public int MinutesReceived => _received;

    /// <summary>Clears the slots and starts a new hour.</summary>
    /// <param name="profile">The unit's profile.</param>
    /// <param name="hourStartUtc">UTC start of the hour; must be a whole hour.</param>
    /// <exception cref="ArgumentException">The profile is invalid or the time is not a whole UTC hour.</exception>
    public void Start(UnitProfile profile, DateTime hourStartUtc)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (hourStartUtc.Kind != DateTimeKind.Utc || hourStartUtc.Ticks % TimeSpan.TicksPerHour != 0)
        {
            throw new ArgumentException($"hour start must be a whole UTC hour, got {hourStartUtc:o} ({hourStartUtc.Kind})", nameof(hourStartUtc));
        }

        if (_standardizer is null || !ReferenceEquals(_standardizer.Profile, profile))
        {
            _standardizer = new MinuteStandardizer(profile);
        }

        _hourStartUtc = hourStartUtc;
        Array.Clear(_slots);
        _received = 0;
    }

    /// <summary>Adds a minute; a minute already held is replaced (last received wins).</summary>
    /// <param name="record">A minute of the started unit and hour.</param>
    /// <exception cref="InvalidOperationException"><see cref="Start"/> was not called.</exception>
    /// <exception cref="ArgumentException">The record is of another unit or outside the hour.</exception>
    public void Add(MinuteRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var standardizer = _standardizer ?? throw new InvalidOperationException("call Start before Add");
        var unit = standardizer.Profile.Id;
        if (!ReferenceEquals(record.Unit, unit) && !string.Equals(record.Unit, unit, StringComparison.Ordinal))
        {
            throw new ArgumentException($"minute {record.MinuteUtc:o} is of unit '{record.Unit}', not '{unit}'", nameof(record));
        }

        var offset = record.MinuteUtc.Ticks - _hourStartUtc.Ticks;
        if ((ulong)offset >= (ulong)TimeSpan.TicksPerHour)
        {
            throw new ArgumentException($"minute {record.MinuteUtc:o} is outside the hour starting {_hourStartUtc:o}", nameof(record));
        }

        var slot = (int)(offset / TimeSpan.TicksPerMinute);
        if (_slots[slot] is null)
        {
            _received++;
        }

        _slots[slot] = record;
    }

    /// <summary>Computes the hour from the minutes held so far. The accumulator keeps them: more minutes may follow.</summary>
    /// <returns>The hour's result.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Start"/> was not called.</exception>
    public HourResult Complete()
    {
        var standardizer = _standardizer ?? throw new InvalidOperationException("call Start before Complete");
        var profile = standardizer.Profile;
        var dust = default(PollutantSums);
        var so2 = default(PollutantSums);
        var nox = default(PollutantSums);
        var coal = default(CoalSums);

        for (var i = 0; i < MinutesPerHour; i++)
        {
            var record = _slots[i];
            if (record is null)
            {
                continue;
            }

            standardizer.StandardizeAll(record, out var dustMinute, out var so2Minute, out var noxMinute);
            dust.Add(in dustMinute);
            so2.Add(in so2Minute);
            nox.Add(in noxMinute);
            coal.Add(record);
        }

        var localDate = ChinaTime.LocalDate(_hourStartUtc);
        var lhv = profile.CoalLhvOn(localDate);
        return new HourResult
        {
            Unit = profile.Id,
            HourStartUtc = _hourStartUtc,
            MinutesReceived = _received,
            Dust = dust.ToResult(Pollutant.Dust, profile.LimitOn(Pollutant.Dust, localDate), _options),
            SO2 = so2.ToResult(Pollutant.SO2, profile.LimitOn(Pollutant.SO2, localDate), _options),
            NOx = nox.ToResult(Pollutant.NOx, profile.LimitOn(Pollutant.NOx, localDate), _options),
            Coal = coal.ToResult(lhv, profile.StandardCoalKjPerKg),
        };
    }

    /// <summary>Running sums of one pollutant over the minutes of the hour.</summary>
    private struct PollutantSums
    {
        private int _present;
        private int _valid;
        private int _massMinutes;
        private bool _anyT;
        private double _sumDry;
        private double _sumCorrected;
        private double _sumMass;
        private FlagCounts _excluded;

        public void Add(in StandardizedMinute minute)
        {
            if (!minute.IsPresent)
            {
                return;
            }

            _present++;
            if (!minute.Counts)
            {
                _excluded[(int)minute.Flag]++;
                return;
            }

            _valid++;
            _anyT |= minute.Flag == DataFlag.T;
            _sumDry += minute.DryStandard;
            _sumCorrected += minute.Corrected;
            if (minute.HasMass)
            {
                _massMinutes++;
                _sumMass += minute.MassKg;
            }
        }

        public PollutantHour ToResult(Pollutant pollutant, decimal limit, ComplianceOptions options)
        {
            var missing = MinutesPerHour - _present;
            var valid = _valid >= options.MinValidMinutesPerHour;
            double? rawAverage = _valid > 0 ? _sumDry / _valid : null;
            double? rawCorrected = _valid > 0 ? _sumCorrected / _valid : null;
            decimal? average = rawAverage is { } a ? ReportRounding.HalfEven(a, options.Decimals) : null;
            decimal? corrected = rawCorrected is { } c ? ReportRounding.HalfEven(c, options.Decimals) : null;
            return new PollutantHour
            {
                Pollutant = pollutant,
                Measured = _present > 0,
                ValidMinutes = _valid,
                MissingMinutes = missing,
                Valid = valid,
                Flag = valid ? (_anyT ? DataFlag.T : DataFlag.N) : Dominant(missing),
                RawAverage = rawAverage,
                RawCorrectedAverage = rawCorrected,
                Average = average,
                CorrectedAverage = corrected,
                MassKg = _massMinutes > 0 ? _sumMass : null,
                MassMinutes = _massMinutes,
                Limit = limit,
                Exceeds = valid && corrected is { } reported && ReportRounding.Exceeds(reported, limit),
            };
        }

        private DataFlag Dominant(int missing)
        {
            // Ties go to the first in HJ 212 table order F, M, S, D, C, B; missing minutes count as B.
            var best = DataFlag.B;
            var bestCount = -1;
            for (var flag = DataFlag.F; flag <= DataFlag.B; flag++)
            {
                if (flag == DataFlag.T)
                {
                    continue;
                }

                var count = _excluded[(int)flag] + (flag == DataFlag.B ? missing : 0);
                if (count > bestCount)
                {
                    best = flag;
                    bestCount = count;
                }
            }

            return best;
        }
    }

    [System.Runtime.CompilerServices.InlineArray(FlagCount)]
    private struct FlagCounts
    {
        private int _first;
    }

    /// <summary>Running coal and energy sums of the hour.</summary>
    private struct CoalSums
    {
        private double _coalTonnes;
        private double _grossKwh;
        private double _auxKwh;
        private int _coalMinutes;
        private int _grossMinutes;
        private int _auxMinutes;

        public void Add(MinuteRecord record)
        {
            var coal = record[Channel.CoalFeed];
            if (coal.IsPresent && MinuteStandardizer.Usable(coal, out _))
            {
                _coalTonnes += coal.Average / 60.0;
                _coalMinutes++;
            }

            var gross = record[Channel.GrossPower];
            if (gross.IsPresent && MinuteStandardizer.Usable(gross, out _))
            {
                _grossKwh += gross.Average * 1000.0 / 60.0;
                _grossMinutes++;
            }

            var aux = record[Channel.AuxPower];
            if (aux.IsPresent && MinuteStandardizer.Usable(aux, out _))
            {
                _auxKwh += aux.Average * 1000.0 / 60.0;
                _auxMinutes++;
            }
        }

        public CoalHour ToResult(double? lhv, double standardCoalKjPerKg) => new()
        {
            RawCoalTonnes = _coalTonnes,
            GrossKwh = _grossKwh,
            AuxKwh = _auxKwh,
            CoalMinutes = _coalMinutes,
            GrossPowerMinutes = _grossMinutes,
            AuxPowerMinutes = _auxMinutes,
            LhvKjPerKg = lhv,
            StandardCoalTonnes = lhv is { } value ? CoalAccounting.StandardCoalTonnes(_coalTonnes, value, standardCoalKjPerKg) : null,
        };
    }
}
