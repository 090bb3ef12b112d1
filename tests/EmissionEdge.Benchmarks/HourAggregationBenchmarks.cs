using BenchmarkDotNet.Attributes;
using EmissionEdge.Compliance.Hours;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;

namespace EmissionEdge.Benchmarks;

/// <summary>
/// Minute records per second through standardization and hour aggregation, and bytes allocated per record:
/// one day (1 440 minutes) of one unit per operation, through a reused <see cref="HourAccumulator"/>
/// (Start, 60 × Add, Complete per hour). Results are per minute record (OperationsPerInvoke = 1 440).
/// </summary>
[MemoryDiagnoser]
public class HourAggregationBenchmarks
{
    private const int Hours = 24;
    private const int RecordsPerOperation = Hours * 60;

    private readonly HourAccumulator _accumulator = new();
    private MinuteRecord[] _records = [];
    private DateTime[] _hourStarts = [];
    private UnitProfile _profile = new("B1");

    /// <summary>dry-standard: analyzers already dry and standard; wet-actual: every conversion (H2O, Temp, Pressure, wet O2, NOx from NO + NO2, flow).</summary>
    [Params("dry-standard", "wet-actual")]
    public string Basis { get; set; } = "dry-standard";

    [GlobalSetup]
    public void Setup()
    {
        var wet = Basis == "wet-actual";
        _profile = new UnitProfile("B1")
        {
            CoalLhvKjPerKg = 20900,
            O2Moisture = wet ? Moisture.Wet : Moisture.Dry,
            ChannelBasis = wet
                ? new Dictionary<Channel, MeasurementBasis>
                {
                    [Channel.SO2] = new(Moisture.Wet, GasState.Actual),
                    [Channel.NO] = new(Moisture.Wet, GasState.Actual),
                    [Channel.NO2] = new(Moisture.Wet, GasState.Actual),
                    [Channel.Dust] = new(Moisture.Wet, GasState.Actual),
                    [Channel.Flow] = new(Moisture.Wet, GasState.Actual),
                }
                : new Dictionary<Channel, MeasurementBasis>(),
        };

        var start = new DateTime(2026, 3, 14, 16, 0, 0, DateTimeKind.Utc);
        _hourStarts = Enumerable.Range(0, Hours).Select(h => start.AddHours(h)).ToArray();
        _records = new MinuteRecord[RecordsPerOperation];
        for (var i = 0; i < _records.Length; i++)
        {
            var record = new MinuteRecord("B1", start.AddMinutes(i))
            {
                [Channel.SO2] = ChannelReading.FromValue(20 + i % 7, i % 97 == 0 ? DataFlag.C : DataFlag.N),
                [Channel.Dust] = ChannelReading.FromValue(2.5 + i % 3 * 0.1),
                [Channel.O2] = ChannelReading.FromValue(6 + i % 5 * 0.4),
                [Channel.Flow] = ChannelReading.FromValue(1.9e6),
                [Channel.CoalFeed] = ChannelReading.FromValue(250),
                [Channel.GrossPower] = ChannelReading.FromValue(600),
                [Channel.AuxPower] = ChannelReading.FromValue(30),
            };
            if (wet)
            {
                record[Channel.NO] = ChannelReading.FromValue(18 + i % 4);
                record[Channel.NO2] = ChannelReading.FromValue(2);
                record[Channel.H2O] = ChannelReading.FromValue(9 + i % 3 * 0.2);
                record[Channel.Temp] = ChannelReading.FromValue(50);
                record[Channel.Pressure] = ChannelReading.FromValue(-0.3);
            }
            else
            {
                record[Channel.NOx] = ChannelReading.FromValue(30 + i % 6);
            }

            _records[i] = record;
        }
    }

    [Benchmark(OperationsPerInvoke = RecordsPerOperation)]
    public int StandardizeAndAggregate()
    {
        var valid = 0;
        var records = _records;
        for (var h = 0; h < Hours; h++)
        {
            _accumulator.Start(_profile, _hourStarts[h]);
            for (var m = 0; m < 60; m++)
            {
                _accumulator.Add(records[h * 60 + m]);
            }

            var result = _accumulator.Complete();
            valid += result.SO2.ValidMinutes + result.NOx.ValidMinutes + result.Dust.ValidMinutes;
        }

        return valid;
    }
}
