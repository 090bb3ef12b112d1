using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Compliance.Model;
using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Core.Telemetry;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Server.Broker;
using EmissionEdge.Server.Configuration;
using EmissionEdge.Server.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CoreMinute = EmissionEdge.Gateway.Core.Acquisition.MinuteRecord;

namespace EmissionEdge.Cli.Tests.Audit;

/// <summary>
/// Security proof "tamper with one stored minute and show the chain check finds it", as a regulator runs it: a gateway's
/// signed records (the gateway core's own encoder) go through the real local server into its SQLite file, one value is
/// changed in that file, and <c>emissionedge audit chain</c> names exactly that gateway and seq.
/// </summary>
public sealed class AuditChainCommandTests : IDisposable
{
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static readonly DateTime FirstMinute = new(2026, 11, 26, 0, 1, 0, DateTimeKind.Utc);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ee-audit-");

    private string ConfigPath => Path.Combine(_directory.FullName, "plant.json");

    public void Dispose() => _directory.Delete(recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApplication.RunAsync(args, new CliConsole(stdout, stderr), CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes the plant configuration, runs the server, and sends gw-u1's signed seq 1..5 through its telemetry receiver.</summary>
    private async Task StoreSignedChainAsync()
    {
        await File.WriteAllTextAsync(ConfigPath, $$"""
            {
              "plant": "T",
              "dataDirectory": "data",
              "http": { "url": "http://127.0.0.1:0" },
              "mqtt": { "hubHost": "h.local", "tlsPort": 0, "bindAddress": "127.0.0.1" },
              "units": [ { "id": "U1" } ],
              "gateways": [ { "id": "gw-u1", "unit": "U1", "key": "{{Key}}", "mac": true } ],
              "apiKeys": [ { "key": "0123456789abcdefgh", "role": "operator", "units": ["U1"] } ]
            }
            """);
        var config = PlantConfigFile.Load(ConfigPath, out var problems) ?? throw new InvalidOperationException(string.Join("\n", problems));
        await using var server = await EmissionEdgeServer.StartAsync(config, new ServerHostOptions { LogLevel = LogLevel.Warning }, CancellationToken.None);
        var receiver = server.App.Services.GetRequiredService<TelemetryReceiver>();

        var encoder = new TelemetryEncoder("gw-u1", "U1", new HmacSha256(), Convert.FromBase64String(Key));
        var buffer = new byte[4096];
        var record = new CoreMinute();
        for (uint seq = 1; seq <= 5; seq++)
        {
            record.Clear();
            record.Sequence = seq;
            record.Minute = (uint)(FirstMinute.AddMinutes(seq - 1) - new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalMinutes;
            record.Set(0, 20 + seq, 19, 26, 12, 'N'); // SO2
            record.Set(5, 6.5, 6.4, 6.6, 12, 'N'); // O2
            var length = encoder.EncodeSingle(record, buffer, 0);
            var outcome = await receiver.ReceiveAsync("gw-u1", new TelemetryTopic("gw-u1", null, null), buffer.AsMemory(0, length).ToArray(), CancellationToken.None);
            Assert.Equal(1, outcome.Accepted);
        }
    }

    private string DatabasePath => Path.Combine(_directory.FullName, "data", "emissionedge.db");

    /// <summary>Changes the stored SO2 average of one minute directly in the SQLite file.</summary>
    private void ChangeStoredSo2(long seq, double so2)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT unit, minute, readings FROM minutes WHERE device = 'gw-u1' AND seq = $seq";
        read.Parameters.AddWithValue("$seq", seq);
        MinuteRecord stored;
        using (var row = read.ExecuteReader())
        {
            Assert.True(row.Read());
            stored = MinuteRecordCodec.DecodeReadings(row.GetString(0), new DateTime(row.GetInt64(1), DateTimeKind.Utc), (byte[])row["readings"]);
        }

        var changed = new MinuteRecord(stored.Unit, stored.MinuteUtc);
        foreach (var channel in Channels.All.Where(stored.Has))
        {
            changed[channel] = stored[channel];
        }

        var s = stored[Channel.SO2];
        changed[Channel.SO2] = new ChannelReading(so2, s.Minimum, s.Maximum, s.Samples, s.Flag);
        using var write = connection.CreateCommand();
        write.CommandText = "UPDATE minutes SET readings = $r WHERE device = 'gw-u1' AND seq = $seq";
        write.Parameters.AddWithValue("$r", MinuteRecordCodec.EncodeReadings(changed));
        write.Parameters.AddWithValue("$seq", seq);
        Assert.Equal(1, write.ExecuteNonQuery());
    }

    [Fact]
    public async Task An_untampered_store_audits_clean_and_one_changed_value_is_named_by_gateway_and_seq()
    {
        await StoreSignedChainAsync();

        var clean = await Run("audit", "chain", "--config", ConfigPath);
        Assert.Equal((ExitCodes.Success, "5 records of 1 gateway checked: every link holds.", ""), (clean.Code, clean.Out.Trim(), clean.Err));

        ChangeStoredSo2(seq: 3, so2: 9.5); // was 23

        var tampered = await Run("audit", "chain", "--config", ConfigPath);
        Assert.Equal(ExitCodes.Findings, tampered.Code);
        Assert.Equal(
            [
                "BROKEN gw-u1 seq 3 minute 2026-11-26T00:03Z content-changed: SO2: stored 9.5 [19..26] n=12 N, signed 23 [19..26] n=12 N",
                "5 records of 1 gateway checked: 1 broken link.",
            ],
            tampered.Out.TrimEnd().Split(Environment.NewLine));

        // Restricted to minutes after the changed one, the audit is clean again.
        var later = await Run("audit", "chain", "--config", ConfigPath, "--device", "gw-u1", "--from", "2026-11-26T00:04Z");
        Assert.Equal((ExitCodes.Success, "2 records of 1 gateway checked: every link holds."), (later.Code, later.Out.Trim()));
    }

    [Fact]
    public async Task Bad_options_are_refused_by_name_with_exit_code_2()
    {
        await StoreSignedChainAsync();

        var unknown = await Run("audit", "chain", "--config", ConfigPath, "--device", "gw-x", "--to", "yesterday");
        Assert.Equal(ExitCodes.BadInput, unknown.Code);
        Assert.Equal("", unknown.Out);
        Assert.Contains("--device: gateway 'gw-x' is not in the configuration (gateways: gw-u1)", unknown.Err, StringComparison.Ordinal);
        Assert.Contains("--to: expected a UTC time such as 2026-11-26T00:00Z, got 'yesterday'", unknown.Err, StringComparison.Ordinal);

        Directory.Delete(Path.Combine(_directory.FullName, "data"), recursive: true);
        var noDatabase = await Run("audit", "chain", "--config", ConfigPath);
        Assert.Equal(ExitCodes.BadInput, noDatabase.Code);
        Assert.Contains("no database at", noDatabase.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(DatabasePath));
    }
}
