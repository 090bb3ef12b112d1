namespace EmissionEdge.Gateway.Firmware.Tests;

/// <summary>The app's uses of the core, bound against the real core (see <see cref="CoreUsageCheck"/>).</summary>
public sealed class CoreUsageCheckTests
{
    private static IEnumerable<(string Path, string Text)> AppSources()
    {
        var app = RepositoryPaths.Of("firmware/EmissionEdge.Gateway");
        return Directory.EnumerateFiles(app, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(RepositoryPaths.Root, f), File.ReadAllText(f)));
    }

    [Fact]
    public void Every_core_constructor_method_property_and_port_the_app_uses_exists_with_matching_arguments()
    {
        var findings = CoreUsageCheck.Check(AppSources());
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Theory]
    [InlineData("class P { void M(GatewayConfig c) { new GatewayLoop(c); } }", "'new GatewayLoop(c)' does not bind to the core (OverloadResolutionFailure)")]
    [InlineData("class P { int M(GatewayConfig c) { return c.SamplingInterval; } }", "'c.SamplingInterval' does not bind to the core")]
    [InlineData("class P { void M(GatewayLoop l) { l.Run(); } }", "'l.Run' does not bind to the core")]
    [InlineData("class P { string M(AnalogChannelConfig a) { return a.Calibration.RawAt4mA.ToString(); } }", "'a.Calibration.RawAt4mA' does not bind to the core")]
    [InlineData("class P : IMqttConnection { public bool IsConnected => true; public event PublishAcknowledgedHandler PublishAcknowledged; " +
                "public ushort Publish(string t, byte[] p, int o, int c) => 0; public void Disconnect() { } }", "snippet.cs:3: P does not implement IMqttConnection.Connect")]
    public void A_use_the_core_does_not_offer_is_named(string code, string expected)
    {
        var source = "using EmissionEdge.Gateway.Core.Configuration; using EmissionEdge.Gateway.Core.Ports; using EmissionEdge.Gateway.Core.Runtime;\nnamespace S {\n" + code + "\n}";
        var finding = Assert.Single(CoreUsageCheck.Check([("snippet.cs", source)]));
        Assert.Contains(expected, finding, StringComparison.Ordinal);
        Assert.StartsWith("snippet.cs:", finding, StringComparison.Ordinal);
    }
}
