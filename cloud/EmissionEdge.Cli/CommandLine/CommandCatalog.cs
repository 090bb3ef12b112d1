using EmissionEdge.Cli.Evaluate;

namespace EmissionEdge.Cli.CommandLine;

/// <summary>Every command of <c>emissionedge</c>, in the order <c>--help</c> lists them.</summary>
public static class CommandCatalog
{
    /// <summary>Creates the command list.</summary>
    /// <returns>The commands.</returns>
    public static IReadOnlyList<ICliCommand> Create() =>
    [
        new Demo.DemoCommand(),
        new Server.ServeCommand(),
        new EvaluateCommand(),
        new Commands.Hj212CheckCommand(),
        new Commands.Hj212DecodeCommand(),
        new Commands.DeviceTokenCommand(),
        new Commands.GatewayValidateCommand(),
        new Commands.GatewayRunCommand(),
        new Commands.EmulateCommand(),
        new Audit.AuditChainCommand(),
        new Webhook.WebhookVerifyCommand(),
        new Bench.ServerBenchCommand(),
        new Commands.FuzzCommand(),
        new Soak.SoakCommand(),
    ];
}
