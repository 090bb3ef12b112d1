using EmissionEdge.Server.Configuration;
using EmissionEdge.Server.Hosting;

// The server on its own: `dotnet run --project cloud/EmissionEdge.Server -- --config plant.json`
// (`emissionedge serve --config plant.json` does the same).
if (args.Length != 2 || args[0] != "--config")
{
    await Console.Error.WriteLineAsync("Usage: EmissionEdge.Server --config <plant-config.json>");
    return 2;
}

var config = PlantConfigFile.Load(args[1], out var problems);
if (config is null)
{
    foreach (var problem in problems)
    {
        await Console.Error.WriteLineAsync(problem.ToString());
    }

    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
await EmissionEdgeServer.RunAsync(config, Console.Out, stop.Token);
return 0;
