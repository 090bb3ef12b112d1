using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EmissionEdge.Cli.CommandLine;

namespace EmissionEdge.Cli.Tests.Commands;

public sealed class GatewayCommandsTests : IDisposable
{
    private const string StandardExample = "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80";
    private readonly string _folder = Directory.CreateTempSubdirectory("ee-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApplication.RunAsync(args, new CliConsole(stdout, stderr), CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private static string RepositoryPath(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "EmissionEdge.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir.FullName, relative);
    }

    [Fact]
    public async Task Hj212_check_prints_one_verdict_per_line_and_exits_0_when_all_are_valid()
    {
        var file = Write("ok.txt", StandardExample + "\r\n" + StandardExample.Replace("1C80", "1c80") + "\n\n" + StandardExample);
        var (code, stdout, _) = await Run("hj212", "check", file);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal("OK\nOK\nOK\n", stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Hj212_check_names_the_reason_and_exits_1_when_any_packet_is_invalid()
    {
        var file = Write("bad.txt", StandardExample + "\n" + StandardExample.Replace("1C80", "1C08") + "\n" + "##0100QN=1;CP=&&&&0000\n");
        var (code, stdout, _) = await Run("hj212", "check", file);
        Assert.Equal(ExitCodes.Findings, code);
        Assert.Equal(
            "OK\nERROR CRC mismatch: packet says 1C08, data segment gives 1C80\nERROR length field says 0100 but the data segment has 12 bytes\n",
            stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Hj212_check_of_a_missing_file_exits_2()
    {
        var (code, stdout, stderr) = await Run("hj212", "check", Path.Combine(_folder, "none.txt"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Contains("cannot read", stderr);
    }

    [Fact]
    public async Task Hj212_decode_prints_fields_and_cp_groups_as_json_keeping_chinese_text()
    {
        var data = "QN=20261126080100000;ST=31;CN=2051;PW=123456;MN=GS01;Flag=4;CP=&&DataTime=20261126080000;a21026-Avg=18.6,a21026-Flag=N;备注=一号机组&&";
        var crc = Crc(Encoding.UTF8.GetBytes(data));
        var file = Write("decode.txt", $"##{Encoding.UTF8.GetByteCount(data):D4}{data}{crc:X4}\nnot a packet\n");
        var (code, stdout, _) = await Run("hj212", "decode", file);
        Assert.Equal(ExitCodes.Findings, code);
        using var doc = JsonDocument.Parse(stdout);
        var first = doc.RootElement[0];
        Assert.Equal((1, true, "2051", 4), (first.GetProperty("line").GetInt32(), first.GetProperty("valid").GetBoolean(), first.GetProperty("cn").GetString(), first.GetProperty("flag").GetInt32()));
        var cp = first.GetProperty("cp");
        Assert.Equal("a21026-Flag", cp[1][1].GetProperty("key").GetString());
        Assert.Equal("一号机组", cp[2][0].GetProperty("value").GetString());
        Assert.Contains("一号机组", stdout);
        Assert.Equal((2, false, "does not start with ##"), (doc.RootElement[1].GetProperty("line").GetInt32(), doc.RootElement[1].GetProperty("valid").GetBoolean(), doc.RootElement[1].GetProperty("error").GetString()));
    }

    private static ushort Crc(byte[] data)
    {
        uint reg = 0xFFFF;
        foreach (var b in data)
        {
            reg = (reg >> 8) ^ b;
            for (int i = 0; i < 8; i++)
            {
                reg = (reg & 1) == 1 ? (reg >> 1) ^ 0xA001 : reg >> 1;
            }
        }

        return (ushort)reg;
    }

    [Fact]
    public async Task Device_token_matches_an_independent_computation()
    {
        const string key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        var (code, stdout, _) = await Run("device", "token", "--hub", "ee-hub.azure-devices.net", "--device", "gw-gs01-a", "--key", key, "--expiry", "1798761600");
        Assert.Equal(ExitCodes.Success, code);
        var resource = Uri.EscapeDataString("ee-hub.azure-devices.net/devices/gw-gs01-a");
        var sig = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes(resource + "\n1798761600")));
        Assert.Equal($"SharedAccessSignature sr={resource}&sig={WebUtility.UrlEncode(sig)}&se=1798761600", stdout.Trim());
    }

    [Fact]
    public async Task Device_token_refuses_a_bad_expiry_or_key_naming_the_option()
    {
        var (code, _, stderr) = await Run("device", "token", "--hub", "h", "--device", "d", "--key", "AAAA", "--expiry", "tomorrow");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--expiry 'tomorrow'", stderr);
        (code, _, stderr) = await Run("device", "token", "--hub", "h", "--device", "d", "--key", "@@", "--expiry", "1");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--key is not valid base64", stderr);
    }

    [Fact]
    public async Task Gateway_validate_accepts_the_reference_configuration()
    {
        var (code, stdout, stderr) = await Run("gateway", "validate", RepositoryPath("hardware/gateway-configs/reference.json"));
        Assert.True(code == ExitCodes.Success, stdout + stderr);
        Assert.StartsWith("OK gw-gs01-a (unit GS-01): 1 analyzer(s), 4 4–20 mA channel(s), 7 channels", stdout);
    }

    [Fact]
    public async Task Gateway_validate_names_every_problem_and_exits_1()
    {
        var text = File.ReadAllText(RepositoryPath("hardware/gateway-configs/reference.json"))
            .Replace("../", RepositoryPath("hardware").Replace('\\', '/') + "/")
            .Replace("\"samplingIntervalSeconds\": 4", "\"samplingIntervalSeconds\": 6")
            .Replace("\"input\": \"ai-2\"", "\"input\": \"ai-1\"")
            .Replace("\"unitId\": 1", "\"unitId\": 300");
        var (code, stdout, _) = await Run("gateway", "validate", Write("gw.json", text));
        Assert.Equal(ExitCodes.Findings, code);
        var lines = stdout.ReplaceLineEndings("\n").Trim().Split('\n');
        Assert.Contains("gw.json: samplingIntervalSeconds: 6 is out of range 2–5 (HJ 212 samples at least every 5 s; the journal counts at most 31 samples a minute)", lines);
        Assert.Contains("gw.json: analogChannels[1].input: input 'ai-1' is already used by another analog channel", lines);
        Assert.Contains("gw.json: analyzers[0].unitId: 300 is out of range 1–247 (Modbus slave addresses)", lines);
    }

    [Fact]
    public async Task Gateway_validate_of_a_missing_or_non_json_file_exits_2()
    {
        Assert.Equal(ExitCodes.BadInput, (await Run("gateway", "validate", Path.Combine(_folder, "none.json"))).Code);
        var (code, _, stderr) = await Run("gateway", "validate", Write("broken.json", "{ \"deviceId\": "));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("is not valid JSON: line 1", stderr);
    }

    /// <summary>
    /// Copies the reference configuration with its pin map and analyzer maps into the test folder (same relative
    /// layout as hardware/), applies <paramref name="edit"/> to one of the copies or deletes it, and validates the copy.
    /// </summary>
    private async Task<(int Code, string[] Lines, string Err)> ValidateVariant(string file, string? from, string? to)
    {
        foreach (var relative in new[] { "gateway-configs/reference.json", "pinmaps/esp32-devkitc.json" }
                     .Concat(Directory.GetFiles(RepositoryPath("hardware/analyzer-maps")).Select(f => "analyzer-maps/" + Path.GetFileName(f))))
        {
            var target = Path.Combine(_folder, "hardware", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(RepositoryPath("hardware/" + relative), target);
        }

        var edited = Path.Combine(_folder, "hardware", file);
        if (from is null)
        {
            File.Delete(edited);
        }
        else
        {
            var text = File.ReadAllText(edited);
            Assert.Contains(from, text, StringComparison.Ordinal);
            File.WriteAllText(edited, text.Replace(from, to, StringComparison.Ordinal));
        }

        var (code, stdout, stderr) = await Run("gateway", "validate", Path.Combine(_folder, "hardware", "gateway-configs", "reference.json"));
        return (code, stdout.ReplaceLineEndings("\n").Trim().Split('\n'), stderr);
    }

    [Theory]
    // The GPIO of di-1 given to the UART's TX pin.
    [InlineData("pinmaps/esp32-devkitc.json", "\"gpio\": 25", "\"gpio\": 21",
        "../pinmaps/esp32-devkitc.json: digitalInputs[0].gpio: GPIO 21 is already used by uarts[0].tx")]
    // ai-1 moved to GPIO 14, an ADC2 channel.
    [InlineData("pinmaps/esp32-devkitc.json", "\"gpio\": 36", "\"gpio\": 14",
        "../pinmaps/esp32-devkitc.json: analogInputs[0].gpio: GPIO 14 is not an ADC1 pin; ADC2 cannot be read while Wi-Fi is on (use GPIO 32–39)")]
    [InlineData("analyzer-maps/sick-marsic300.json", null, null,
        "reference.json: analyzers[0].map: file '../analyzer-maps/sick-marsic300.json' not found")]
    [InlineData("pinmaps/esp32-devkitc.json", null, null,
        "reference.json: pinMap: file '../pinmaps/esp32-devkitc.json' not found")]
    [InlineData("gateway-configs/reference.json", "\"channel\": \"Flow\"", "\"channel\": \"Flux\"",
        "reference.json: analogChannels[3].channel: unknown channel 'Flux' (known: SO2, NOx, NO, NO2, Dust, O2, H2O, Temp, Pressure, Flow, CoalFeed, GrossPower, AuxPower)")]
    [InlineData("gateway-configs/reference.json", "\"samplingIntervalSeconds\": 4", "\"samplingIntervalSeconds\": 1",
        "reference.json: samplingIntervalSeconds: 1 is out of range 2–5 (HJ 212 samples at least every 5 s; the journal counts at most 31 samples a minute)")]
    [InlineData("gateway-configs/reference.json", "\"port\": \"rs485-1\"", "\"port\": \"rs485-2\"",
        "reference.json: analyzers[0].port: port 'rs485-2' is not a UART of the pin map")]
    [InlineData("gateway-configs/reference.json", "sick-marsic300.json", "generic-4-20ma.json",
        "reference.json: analyzers[0].map: ../analyzer-maps/generic-4-20ma.json describes a 4–20 mA analyzer; list its channels under analogChannels")]
    [InlineData("gateway-configs/reference.json", "\"input\": \"di-4\"", "\"input\": \"di-5\"",
        "reference.json: statusInputs[3].input: 'di-5' is not a digital input of the pin map")]
    [InlineData("gateway-configs/reference.json", "\"input\": \"ai-4\",", "\"input\": \"ai-4\", \"calibration\": { \"countsAt4mA\": 2520, \"countsAt20mA\": 520 },",
        "reference.json: analogChannels[3].calibration.countsAt20mA: 520 must be above countsAt4mA 2520")]
    public async Task Gateway_validate_refuses_a_broken_variant_of_the_reference_configuration_naming_the_problem(string file, string? from, string? to, string expected)
    {
        var (code, lines, stderr) = await ValidateVariant(file, from, to);
        Assert.Equal(ExitCodes.Findings, code);
        Assert.Contains(lines, line => line.StartsWith(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith("OK", StringComparison.Ordinal));
        Assert.Contains($"{lines.Length} problem(s)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_validate_names_the_uncalibrated_4_20_mA_channels_and_accepts_a_calibrated_one()
    {
        var (code, stdout, _) = await Run("gateway", "validate", RepositoryPath("hardware/gateway-configs/reference.json"));
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("note: no calibration for Dust (ai-1), Temp (ai-2), Pressure (ai-3), Flow (ai-4): ", stdout, StringComparison.Ordinal);

        var (calibratedCode, lines, _) = await ValidateVariant("gateway-configs/reference.json", "\"input\": \"ai-1\",",
            "\"input\": \"ai-1\", \"calibration\": { \"countsAt4mA\": 520, \"countsAt20mA\": 2520 },");
        Assert.Equal(ExitCodes.Success, calibratedCode);
        Assert.StartsWith("OK gw-gs01-a", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("note: no calibration for Temp (ai-2), Pressure (ai-3), Flow (ai-4): ", lines[1], StringComparison.Ordinal);
    }
}
