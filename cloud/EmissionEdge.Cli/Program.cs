using System.Runtime.InteropServices;
using EmissionEdge.Cli.CommandLine;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

// `kill` and service managers send SIGTERM: long-running commands (serve, demo) stop as cleanly as on Ctrl+C.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});

return await CliApplication.RunAsync(args, new CliConsole(Console.Out, Console.Error), cancellation.Token);
