using EmissionEdge.Emulator.Inputs;
using EmissionEdge.Emulator.Scenarios;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace EmissionEdge.Emulator.Tests;

public sealed class EmulatedInputsTests
{
    private static GatewayConfig Reference() => Gateway.Host.GatewayConfigFile.Load(Repo.File("hardware/gateway-configs/reference.json"));

    [Theory]
    [InlineData(10.0, 12.0)] // Dust 10 on 0–20: 4 + 16 × 10/20
    [InlineData(0.0, 4.0)]
    [InlineData(20.0, 20.0)]
    [InlineData(35.0, 20.5)] // above range: the transmitter saturates at NE43's 20.5 mA
    [InlineData(-5.0, 3.8)] // below: 3.8 mA
    public void A_value_becomes_the_current_of_its_range(double value, double milliamps)
    {
        Assert.Equal(milliamps, EmulatedCurrentLoops.MilliampsFor(value, 0, 20), 12);
    }

    [Fact]
    public void The_gateway_reads_back_the_value_over_range_as_t_and_a_named_fault_as_d()
    {
        var config = Reference();
        var time = new FakeTimeProvider(Emulators.Start);
        var scenario = ScenarioReader.Load(Repo.Scenario("dust-over-range"));
        var loops = new EmulatedCurrentLoops(config, scenario, time);
        int dust = config.AnalogChannels.Single(c => c.Channel == "Dust").InputIndex;

        Assert.True(loops.TryReadMilliamps(dust, out var ma));
        Assert.Equal('N', CurrentLoop.ToSample(ma, 0, 20, out var value));
        Assert.Equal(2.15, value, 10);

        time.Advance(TimeSpan.FromMinutes(3));
        Assert.True(loops.TryReadMilliamps(dust, out ma));
        Assert.Equal('T', CurrentLoop.ToSample(ma, 0, 20, out value));
        Assert.Equal(20.625, value, 10); // 0 + (20.5 − 4)/16 × 20

        time.Advance(TimeSpan.FromMinutes(3));
        Assert.True(loops.TryReadMilliamps(dust, out ma));
        Assert.Equal(EmulatedCurrentLoops.FailureMilliamps, ma);
        Assert.Equal('D', CurrentLoop.ToSample(ma, 0, 20, out _));

        int flow = config.AnalogChannels.Single(c => c.Channel == "Flow").InputIndex;
        Assert.True(loops.TryReadMilliamps(flow, out ma));
        Assert.Equal(0, ma); // the scenario has no flow: open loop
    }

    [Fact]
    public void Contacts_signal_by_closing_normally_open_and_opening_normally_closed_ones()
    {
        var config = Reference();
        var time = new FakeTimeProvider(Emulators.Start);
        var scenario = ScenarioReader.Parse(Emulators.Constant(""" "SO2": 1 """, """
            [ { "from": "0:00:00", "to": "0:01:00", "kind": "contact", "contact": "di-2" },
              { "from": "0:00:00", "to": "0:01:00", "kind": "contact", "contact": "di-4" } ]
            """), "contacts.json");
        var contacts = new EmulatedContacts(config, scenario, time);
        int di2 = Array.FindIndex(config.PinMap.DigitalInputs, d => d.Name == "di-2");
        int di4 = Array.FindIndex(config.PinMap.DigitalInputs, d => d.Name == "di-4"); // normally closed (fault relay)

        Assert.True(contacts.TryReadClosed(di2, out var closed) && closed);
        Assert.True(contacts.TryReadClosed(di4, out closed) && !closed);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(contacts.TryReadClosed(di2, out closed) && !closed);
        Assert.True(contacts.TryReadClosed(di4, out closed) && closed);
    }
}
