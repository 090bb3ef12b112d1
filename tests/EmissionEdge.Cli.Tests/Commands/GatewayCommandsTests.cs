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
}
