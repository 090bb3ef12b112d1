using EmissionEdge.Ingest.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// Thin host: everything lives in EmissionEdge.Ingest, configured from app settings (see README).
var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddEmissionEdgeIngest(builder.Configuration);
builder.Build().Run();
