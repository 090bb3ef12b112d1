using BenchmarkDotNet.Running;

// Runs the benchmarks selected on the command line, e.g.
//   dotnet run -c Release --project tests/EmissionEdge.Benchmarks -- --filter '*Engine*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
