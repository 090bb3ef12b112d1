using EmissionEdge.Demo;
using EmissionEdge.Server.Tests.Support;
using Microsoft.Playwright;

namespace EmissionEdge.Server.Tests.Dashboard;

/// <summary>The browser test runs alone: the demo's gateways sample on an accelerated clock and need the CPU.</summary>
[CollectionDefinition(nameof(DemoDashboardCollection), DisableParallelization = true)]
public sealed class DemoDashboardCollection;

/// <summary>
/// Real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright for .NET) on the dashboard of a running demo:
/// the regulator signs in with the demo key, sees DM-02 marked as exceeding and its SO2 exceedance listed, and the page is
/// saved to <c>artifacts/screenshots/dashboard.png</c>.
/// </summary>
[Collection(nameof(DemoDashboardCollection))]
public sealed class DemoDashboardTests
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    [Fact]
    public async Task The_dashboard_of_a_running_demo_marks_the_exceeding_unit_and_lists_its_alert()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: run .ci/install-prerequisites (Debian package chromium)");
        var data = Path.Combine(Path.GetTempPath(), "ee-demo-test-" + Guid.NewGuid().ToString("N"));
        // 30x rather than the demo's 60x: CI runs other test projects beside this one, and a gateway needs 12 valid
        // samples (of 20 at a 3 s interval) in each simulated minute, i.e. in 2 real seconds.
        await using var demo = await DemoPlant.StartAsync(new DemoOptions { Speed = 30, HttpPort = 0, DataDirectory = data }, null, CancellationToken.None);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        await page.GotoAsync(demo.Server.DashboardUrl.ToString());

        // First visit: the page asks for a key.
        await page.Locator("#key-dialog").WaitForAsync();
        await page.FillAsync("#key-input", DemoPlant.RegulatorKey);
        await page.ClickAsync("#key-form button[type=submit]");
        await page.Locator("body[data-ready='true']").WaitForAsync();
        Assert.Equal("Demo EPB duty officer", await page.InnerTextAsync("#who-name"));

        // The event hour is judged about 140 s after the start at 30x; allow a loaded machine six minutes.
        var wait = new LocatorWaitForOptions { Timeout = 360_000 };
        var exceeding = page.Locator("article.unit[data-unit='DM-02'][data-state='exceeding']");
        await exceeding.WaitForAsync(wait);
        Assert.Contains("Exceeding", await exceeding.Locator(".pill").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("SO2", await exceeding.Locator(".state-text").InnerTextAsync(), StringComparison.Ordinal);

        var alert = page.Locator("#alerts tr[data-unit='DM-02'][data-kind='exceedance']");
        await alert.First.WaitForAsync(wait);
        Assert.Contains("Exceedance · SO2", await alert.First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await alert.First.Locator("button.ack").CountAsync());

        // The other scenarios, as a regulator would read them, before the picture is taken.
        await page.Locator("article.unit[data-unit='DM-01'][data-state='coal-over-limit']").WaitForAsync(wait);
        await page.Locator("article.unit[data-unit='DM-03'][data-state='invalid']").WaitForAsync(wait);
        await page.Locator("article.unit[data-unit='DM-04'][data-state='invalid']").WaitForAsync(wait);
        Assert.Contains("calibration", await page.InnerTextAsync("article.unit[data-unit='DM-03'] .state-text"), StringComparison.Ordinal);
        Assert.Contains("communication failure", await page.InnerTextAsync("article.unit[data-unit='DM-04'] .state-text"), StringComparison.Ordinal);
        await page.Locator("#gateways tr[data-gateway='gw-dm02'] .tag[data-state='online']").WaitForAsync(wait);
        await page.WaitForTimeoutAsync(1500); // let the charts draw their last refresh

        var screenshot = Path.Combine(RepositoryPaths.Root(), "artifacts", "screenshots", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 50_000);

        // Acknowledging works from the page and is shown with the regulator's name.
        await alert.First.Locator("button.ack").ClickAsync();
        await page.Locator("#alerts tr[data-unit='DM-02'][data-kind='exceedance']", new PageLocatorOptions { HasTextString = "Demo EPB duty officer" }).First.WaitForAsync();
    }
}
