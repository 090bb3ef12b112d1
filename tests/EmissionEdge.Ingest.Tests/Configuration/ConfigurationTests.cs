using EmissionEdge.Compliance.Model;
using EmissionEdge.Compliance.Profiles;
using EmissionEdge.Ingest.Devices;
using EmissionEdge.Ingest.Evaluation;
using Microsoft.Extensions.Options;

namespace EmissionEdge.Ingest.Tests.Configuration;

public class ConfigurationTests
{
    [Fact]
    public void The_device_registry_maps_device_to_unit_key_and_mac_setting()
    {
        var registry = new ConfigurationDeviceRegistry(Options.Create(new DeviceRegistryOptions
        {
            Gateways = [new() { DeviceId = "gw-a", Unit = "GS-01", DeviceKey = "AAECAw==", MacEnabled = true }],
        }));

        var device = registry.Find("gw-a");
        Assert.Equal("GS-01", device!.Unit);
        Assert.Equal([0, 1, 2, 3], device.DeviceKey);
        Assert.True(device.MacEnabled);
        Assert.Null(registry.Find("GW-A")); // device ids are case-sensitive, as in IoT Hub
    }

    [Theory]
    [InlineData("", "GS-01", "AAECAw==", "Devices:Gateways:0:DeviceId is empty")]
    [InlineData("gw-a", "", "AAECAw==", "Devices:Gateways:0:Unit is empty for device 'gw-a'")]
    [InlineData("gw-a", "GS-01", "not base64!", "Devices:Gateways:0:DeviceKey of device 'gw-a' is not base64")]
    public void A_bad_registry_entry_fails_at_start_naming_the_field(string device, string unit, string key, string message)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ConfigurationDeviceRegistry(Options.Create(new DeviceRegistryOptions
        {
            Gateways = [new() { DeviceId = device, Unit = unit, DeviceKey = key }],
        })));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void A_repeated_device_fails_at_start()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ConfigurationDeviceRegistry(Options.Create(new DeviceRegistryOptions
        {
            Gateways = [new() { DeviceId = "gw-a", Unit = "U1", DeviceKey = "AA==" }, new() { DeviceId = "gw-a", Unit = "U2", DeviceKey = "AA==" }],
        })));
        Assert.Equal("Devices:Gateways:1:DeviceId 'gw-a' appears twice", ex.Message);
    }

    [Fact]
    public void The_unit_catalog_file_reads_engine_profiles_and_plants()
    {
        var catalog = UnitCatalogFile.Parse("""
            [
              { "plant": "GS", "profile": { "id": "GS-02", "class": "New", "o2ReferencePercent": 6,
                "limits": [ { "pollutant": "Dust", "value": 5, "from": "2026-01-01" } ],
                "channelBasis": { "SO2": { "moisture": "Wet", "state": "Actual" } }, "coalLhvKjPerKg": 21500 } },
              { "profile": { "id": "GS-01" } }
            ]
            """, "units.json");

        Assert.Equal(["GS-01", "GS-02"], catalog.All.Select(u => u.Unit));
        var gs02 = catalog.Find("GS-02")!;
        Assert.Equal("GS", gs02.Plant);
        Assert.Equal(UnitClass.New, gs02.Profile.Class);
        Assert.Equal(5m, gs02.Profile.LimitOn(Pollutant.Dust, new DateOnly(2026, 3, 1)));
        Assert.Equal(new MeasurementBasis(Moisture.Wet, GasState.Actual), gs02.Profile.BasisOf(Channel.SO2));
        Assert.Equal(21500, gs02.Profile.CoalLhvKjPerKg);
        Assert.Null(catalog.Find("GS-01")!.Plant);
    }

    [Theory]
    [InlineData("{}", "units.json: not a unit catalog")]
    [InlineData("[{ \"plant\": \"GS\" }]", "units.json: [0].profile is missing")]
    [InlineData("[{ \"profile\": { \"id\": \"A\" } }, { \"profile\": { \"id\": \"A\" } }]", "units.json: unit 'A' appears twice")]
    public void A_bad_unit_catalog_fails_naming_the_file(string json, string start)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => UnitCatalogFile.Parse(json, "units.json"));
        Assert.StartsWith(start, ex.Message);
    }
}
