using EmissionEdge.Emulator.Scenarios;
using EmissionEdge.Gateway.Core.Modbus;
using Microsoft.Extensions.Time.Testing;

namespace EmissionEdge.Emulator.Tests;

public sealed class AnalyzerEmulatorTests
{
    private static byte[] Request(byte unit, byte function, int address, int count) =>
        [unit, function, (byte)(address >> 8), (byte)address, (byte)(count >> 8), (byte)count];

    private static ushort[] Registers(RtuAnswer answer)
    {
        var frame = answer.Frame!;
        Assert.True(ModbusCrc.Check(frame, frame.Length));
        return Enumerable.Range(0, frame[2] / 2).Select(i => (ushort)((frame[3 + (2 * i)] << 8) | frame[4 + (2 * i)])).ToArray();
    }

    [Fact]
    public void Status_inputs_follow_the_calibration_window_and_values_switch_to_the_event_values()
    {
        var (emulator, time) = Emulators.Marsic(Emulators.Constant(""" "SO2": 18.62 """,
            """[ { "from": "0:10:00", "to": "0:20:00", "kind": "calibration", "values": { "SO2": 80 } } ]"""));
        var zeroSpan = Request(1, 2, 1024, 3);

        Assert.Equal(0x00, emulator.Answer(zeroSpan).Frame![3]);
        Assert.Equal(18.62, RegisterDecoder.Decode(Registers(emulator.Answer(Request(1, 4, 1000, 2))), 0, Gateway.Core.Analyzers.RegisterType.Float32, Gateway.Core.Analyzers.WordOrder.ABCD), 5);

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0x07, emulator.Answer(zeroSpan).Frame![3]); // all three C inputs of the map
        Assert.Equal(80.0, RegisterDecoder.Decode(Registers(emulator.Answer(Request(1, 4, 1000, 2))), 0, Gateway.Core.Analyzers.RegisterType.Float32, Gateway.Core.Analyzers.WordOrder.ABCD));

        time.Advance(TimeSpan.FromMinutes(10)); // 0:20, the end is exclusive
        Assert.Equal(0x00, emulator.Answer(zeroSpan).Frame![3]);
    }

    [Fact]
    public void A_fault_sets_malfunction_and_drops_values_live()
    {
        var (emulator, _) = Emulators.Marsic(Emulators.Constant(""" "SO2": 18.62 """, """[ { "from": "0:00:00", "to": "0:05:00", "kind": "fault" } ]"""));
        Assert.Equal(0x01, emulator.Answer(Request(1, 2, 1000, 1)).Frame![3]); // malfunction active
        Assert.Equal(0x00, emulator.Answer(Request(1, 2, 1004, 1)).Frame![3]); // values live: off
        Assert.Equal(0x00, emulator.Answer(Request(1, 2, 1002, 1)).Frame![3]); // maintenance: untouched
    }

    [Fact]
    public void Silent_slow_and_corrupt_windows()
    {
        var (emulator, time) = Emulators.Marsic(Emulators.Constant(""" "SO2": 1 """, """
            [ { "from": "0:01:00", "to": "0:02:00", "kind": "silent" },
              { "from": "0:02:00", "to": "0:03:00", "kind": "slow", "delayMs": 350 },
              { "from": "0:03:00", "to": "0:04:00", "kind": "corrupt" } ]
            """));
        var read = Request(1, 4, 1000, 2);
        Assert.Equal(TimeSpan.Zero, emulator.Answer(read).Delay);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(emulator.Answer(read).Frame);
        Assert.Equal(1, emulator.RequestsSilenced);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.FromMilliseconds(350), emulator.Answer(read).Delay);
        time.Advance(TimeSpan.FromMinutes(1));
        var corrupt = emulator.Answer(read).Frame!;
        Assert.False(ModbusCrc.Check(corrupt, corrupt.Length));
        time.Advance(TimeSpan.FromMinutes(1));
        var good = emulator.Answer(read).Frame!;
        Assert.True(ModbusCrc.Check(good, good.Length));
    }

    [Fact]
    public void Gm32_status_word_follows_the_component_the_event_names()
    {
        var time = new FakeTimeProvider(Emulators.Start);
        var map = AnalyzerEmulator.LoadMap(Repo.Map("sick-gm32"));
        var scenario = ScenarioReader.Parse(Emulators.Constant(""" "SO2": 12.5, "NO": 40 """,
            """[ { "from": "0:00:00", "to": "0:10:00", "kind": "calibration", "channels": ["NO"] } ]"""), "gm32.json");
        var emulator = new AnalyzerEmulator(map, scenario, 3, time);

        var so2 = Registers(emulator.Answer(Request(3, 4, 5000, 3))); // value + status word, one block as the gateway reads it
        Assert.Equal(12.5, RegisterDecoder.Decode(so2, 0, Gateway.Core.Analyzers.RegisterType.Float32, Gateway.Core.Analyzers.WordOrder.ABCD));
        Assert.Equal(0, so2[2]);
        var no = Registers(emulator.Answer(Request(3, 4, 5017, 3)));
        Assert.Equal(0b100, no[2]); // bit 2: check cycle of NO only
        Assert.Null(emulator.Answer(Request(1, 4, 5017, 3)).Frame); // unit 1 is someone else
    }

    [Fact]
    public void Thermo_register_numbers_are_one_based_and_its_sentinel_is_sent_raw()
    {
        var time = new FakeTimeProvider(Emulators.Start);
        var map = AnalyzerEmulator.LoadMap(Repo.Map("thermo-i-series"));
        var scenario = ScenarioReader.Parse(Emulators.Constant(""" "NO": 20, "SO2": -9999 """), "thermo.json");
        var emulator = new AnalyzerEmulator(map, scenario, 1, time);

        var registers = Registers(emulator.Answer(Request(1, 4, 0, 8))); // registers 1–8 are PDU 0–7
        Assert.Equal(20.0, RegisterDecoder.Decode(registers, 0, Gateway.Core.Analyzers.RegisterType.Float32, Gateway.Core.Analyzers.WordOrder.ABCD));
        Assert.Equal(-9999.0, RegisterDecoder.Decode(registers, 6, Gateway.Core.Analyzers.RegisterType.Float32, Gateway.Core.Analyzers.WordOrder.ABCD));
        Assert.Equal([0x82, 0x02], emulator.Answer(Request(1, 2, 3, 2)).Frame![1..3]); // FC02 | 0x80, exception 02: discrete inputs 4–5 are not in the map
    }

    [Theory]
    [InlineData(0, "01 84 03")]
    [InlineData(126, "01 84 03")]
    public void A_register_count_outside_1_to_125_is_exception_03(int count, string expected)
    {
        var (emulator, _) = Emulators.Marsic(Emulators.Constant(""" "SO2": 1 """));
        Assert.Equal(expected, Convert.ToHexString(emulator.Answer(Request(1, 4, 1000, count)).Frame!, 0, 3).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + " " + b));
    }

    [Fact]
    public void A_current_loop_map_is_refused_with_a_pointer_to_the_loop_emulation()
    {
        var map = AnalyzerEmulator.LoadMap(Repo.Map("generic-4-20ma"));
        var e = Assert.Throws<ArgumentException>(() => new AnalyzerEmulator(map, Scenario.Constant(new Dictionary<string, double>()), 1));
        Assert.Contains("4–20 mA", e.Message, StringComparison.Ordinal);
    }
}
