namespace EmissionEdge.Demo;

/// <summary>
/// The gateway configuration of a PC-hosted gateway in front of emulated instruments, like
/// <c>hardware/gateway-configs/reference.json</c>: a SICK MARSIC300 gas analyzer (SO2, NOx, O2) on <c>rs485-1</c> at
/// 115 200 bit/s (the emulator's line is a TCP socket, so no need for 9 600) and the dust monitor on 4–20 mA input
/// <c>ai-1</c>; optionally the plant's coal feed and power meters on <c>ai-2</c>–<c>ai-4</c>.
/// </summary>
public static class EmulatedGatewayConfig
{
    /// <summary>The configuration as the JSON text <c>GatewayConfigReader</c> reads (paths relative to <c>hardware/</c>).</summary>
    /// <param name="deviceId">The gateway's device id.</param>
    /// <param name="unit">The unit it measures.</param>
    /// <param name="hubHost">The IoT Hub host name the gateway's SAS tokens name.</param>
    /// <param name="deviceKey">The device key (base64).</param>
    /// <param name="samplingIntervalSeconds">Sampling interval.</param>
    /// <param name="modbusTimeoutMs">Answer timeout of the gas analyzer.</param>
    /// <param name="modbusRetries">Retries of an unanswered request.</param>
    /// <param name="withPlantMeters">Also read coal feed (0–400 t/h), gross power (0–800 MW) and auxiliary power (0–80 MW).</param>
    /// <returns>JSON.</returns>
    public static string Json(
        string deviceId,
        string unit,
        string hubHost,
        string deviceKey,
        int samplingIntervalSeconds,
        int modbusTimeoutMs,
        int modbusRetries,
        bool withPlantMeters)
    {
        var plantMeters = withPlantMeters
            ? """
              ,
                  { "channel": "CoalFeed", "input": "ai-2", "rangeLow": 0, "rangeHigh": 400 },
                  { "channel": "GrossPower", "input": "ai-3", "rangeLow": 0, "rangeHigh": 800 },
                  { "channel": "AuxPower", "input": "ai-4", "rangeLow": 0, "rangeHigh": 80 }
              """
            : string.Empty;
        return $$"""
            {
              "schema": "emissionedge.gateway/1",
              "deviceId": "{{deviceId}}",
              "unit": "{{unit}}",
              "iotHub": { "host": "{{hubHost}}", "deviceKey": "{{deviceKey}}" },
              "samplingIntervalSeconds": {{samplingIntervalSeconds}},
              "pinMap": "pinmaps/esp32-devkitc.json",
              "journal": { "path": "journal.bin", "sizeBytes": 1048576 },
              "mac": true,
              "analyzers": [
                {
                  "name": "gas", "map": "analyzer-maps/sick-marsic300.json", "unitId": 1, "port": "rs485-1",
                  "serial": { "baud": 115200, "parity": "even", "dataBits": 8, "stopBits": 1 },
                  "timeoutMs": {{modbusTimeoutMs}}, "retries": {{modbusRetries}}, "channels": ["SO2", "NOx", "O2"]
                }
              ],
              "analogChannels": [
                { "channel": "Dust", "input": "ai-1", "map": "analyzer-maps/generic-4-20ma.json", "rangeLow": 0, "rangeHigh": 20 }{{plantMeters}}
              ]
            }
            """;
    }
}
