using EmissionEdge.Cli.CommandLine;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await CliApplication.RunAsync(args, new CliConsole(Console.Out, Console.Error), cancellation.Token);
