using EmissionEdge.Cli.CommandLine;
using EmissionEdge.Ingest.Alerts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EmissionEdge.Cli.Tests.Webhook;

/// <summary>
/// Security proof "show the webhook signature verifies and a forged one does not", as a regulator checks it: a delivery of
/// the real webhook sink is captured by a local HTTP receiver, and <c>emissionedge webhook verify</c> accepts it and refuses
/// an altered body, an altered timestamp, a wrong secret and a replay outside the window.
/// </summary>
public sealed class WebhookVerifyCommandTests : IDisposable
{
    private const string Secret = "epb-webhook-secret-0123456789";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ee-webhook-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApplication.RunAsync(args, new CliConsole(stdout, stderr), CancellationToken.None);
        return (code, stdout.ToString().Trim(), stderr.ToString().Trim());
    }

    /// <summary>Sends one alert notice through <see cref="WebhookAlertSink"/> to a Kestrel receiver on a free port; returns what arrived.</summary>
    private static async Task<(byte[] Body, string Timestamp, string Signature)> CaptureDeliveryAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var receiver = builder.Build();
        var captured = new TaskCompletionSource<(byte[], string, string)>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            using var copy = new MemoryStream();
            await request.Body.CopyToAsync(copy);
            captured.TrySetResult((copy.ToArray(), request.Headers[WebhookSignature.TimestampHeaderName].ToString(), request.Headers[WebhookSignature.HeaderName].ToString()));
            return Results.Ok();
        });
        await receiver.StartAsync();

        var notice = new AlertNotice
        {
            AlertId = "U1-SO2-exceedance-2026112608",
            Version = 1,
            Status = "raised",
            Unit = "U1",
            Plant = "T",
            Kind = "exceedance",
            Pollutant = "SO2",
            StartUtc = new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc),
            Peak = 60.0m,
            Count = 1,
            UpdatedUtc = new DateTime(2026, 11, 26, 1, 0, 5, DateTimeKind.Utc),
        };
        using var http = new HttpClient();
        var sink = new WebhookAlertSink(http, new WebhookOptions { Name = "epb", Url = new Uri(receiver.Urls.First() + "/hook"), Secret = Secret, Units = ["*"] });
        await sink.DeliverAsync(notice, notice.ToJson(), attempt: 1, CancellationToken.None);
        return await captured.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_captured_delivery_verifies_and_altered_forged_or_replayed_ones_do_not()
    {
        var (body, timestamp, signature) = await CaptureDeliveryAsync();
        var bodyFile = Path.Combine(_directory.FullName, "body.json");
        await File.WriteAllBytesAsync(bodyFile, body);
        var alteredFile = Path.Combine(_directory.FullName, "altered.json");
        await File.WriteAllTextAsync(alteredFile, System.Text.Encoding.UTF8.GetString(body).Replace("\"peak\":60", "\"peak\":6", StringComparison.Ordinal));
        Assert.NotEqual(body, await File.ReadAllBytesAsync(alteredFile));
        string[] Args(string secret, string ts, string file, params string[] more) =>
            ["webhook", "verify", "--secret", secret, "--timestamp", ts, "--signature", signature, "--body", file, .. more];

        var valid = await Run(Args(Secret, timestamp, bodyFile));
        Assert.Equal(ExitCodes.Success, valid.Code);
        Assert.StartsWith($"valid: signed with this secret over these {body.Length} body bytes; timestamp ", valid.Out, StringComparison.Ordinal);

        const string Mismatch = "INVALID: the signature does not match: the body or the timestamp was changed, or another secret signed it";
        Assert.Equal((ExitCodes.Findings, Mismatch), Pick(await Run(Args(Secret, timestamp, alteredFile))));
        Assert.Equal((ExitCodes.Findings, Mismatch), Pick(await Run(Args(Secret, (long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), bodyFile))));
        Assert.Equal((ExitCodes.Findings, Mismatch), Pick(await Run(Args("another-regulators-secret", timestamp, bodyFile))));

        // The same delivery received again ten minutes later: a replay.
        var later = (long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture) + 600).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var replay = await Run(Args(Secret, timestamp, bodyFile, "--received-at", later));
        Assert.Equal(ExitCodes.Findings, replay.Code);
        Assert.EndsWith(", 600 s before the receiving time, outside the 300 s window (a replayed or misdated delivery)", replay.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, (await Run(Args(Secret, timestamp, bodyFile, "--received-at", later, "--window", "900"))).Code);
    }

    private static (int, string) Pick((int Code, string Out, string Err) r) => (r.Code, r.Out);

    [Fact]
    public async Task Bad_options_are_refused_by_name_with_exit_code_2()
    {
        var missing = Path.Combine(_directory.FullName, "none.json");
        var (code, stdout, stderr) = await Run("webhook", "verify", "--secret", Secret, "--timestamp", "yesterday", "--signature", "sha256=00", "--body", missing, "--window", "-5");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", stdout);
        Assert.Contains("--timestamp: expected Unix seconds (a whole number such as 1764115200), got 'yesterday'", stderr, StringComparison.Ordinal);
        Assert.Contains("--window: expected a positive whole number of seconds, got '-5'", stderr, StringComparison.Ordinal);
        Assert.Contains($"--body: cannot read '{missing}'", stderr, StringComparison.Ordinal);
    }
}
