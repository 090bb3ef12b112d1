using System.Globalization;
using EmissionEdge.Ingest.Evaluation;
using EmissionEdge.Ingest.Hosting;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Server.Alerts;
using EmissionEdge.Server.Api;
using EmissionEdge.Server.Broker;
using EmissionEdge.Server.Configuration;
using EmissionEdge.Server.Ingest;
using EmissionEdge.Server.Status;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EmissionEdge.Server.Hosting;

/// <summary>Registers the local server's services, with options bound from the plant configuration.</summary>
public static class ServerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the ingest pipeline (SQLite in the data directory, the registry of the plant's gateways, regulator webhooks),
    /// the broker, hour closing, the status views, acknowledgements, the live feed and API key authentication.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="config">The plant configuration.</param>
    /// <param name="time">The server clock (a simulated one in the demo).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddEmissionEdgeServer(this IServiceCollection services, PlantConfig config, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(config);
        Directory.CreateDirectory(config.DataDirectory);
        services.AddSingleton(config);
        services.AddSingleton(time);
        services.AddSingleton<IUnitCatalog>(new UnitCatalog(config.Units.Select(u => new UnitEntry(u, config.Plant))));
        services.AddEmissionEdgeIngest(IngestConfiguration(config));

        services.Configure<BrokerOptions>(o =>
        {
            o.HubHost = config.Mqtt.HubHost;
            o.TlsPort = config.Mqtt.TlsPort;
            o.PlainPort = config.Mqtt.PlainPort;
            o.BindAddress = config.Mqtt.BindAddress;
            o.CertificatePath = config.Mqtt.CertificatePath;
            o.CertificatePassword = config.Mqtt.CertificatePassword;
            o.DataDirectory = config.DataDirectory;
        });
        services.Configure<HourClosingOptions>(o => o.Every = config.Ingest.CloseHoursEvery);

        services.AddSingleton<PipelineGate>();
        services.AddSingleton<IngestGroupCommit>();
        services.AddSingleton<TelemetryReceiver>();
        services.AddSingleton<MqttBroker>();
        services.AddSingleton(_ => new AcknowledgementStore(config.DatabasePath));
        services.AddSingleton<PlantStatus>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<ApiKeyDirectory>();
        services.AddSingleton<HourClosingService>();

        // Hosted services start in this order: the store's tables, then the broker, then the timer.
        services.AddHostedService<IngestStoreStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<MqttBroker>());
        services.AddHostedService(sp => sp.GetRequiredService<HourClosingService>());

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        return services;
    }

    /// <summary>The ingest layer's configuration keys (<see cref="IngestServiceCollectionExtensions"/>) for a plant.</summary>
    /// <param name="config">The plant configuration.</param>
    /// <returns>The configuration.</returns>
    public static IConfiguration IngestConfiguration(PlantConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var values = new Dictionary<string, string?>
        {
            ["Storage:Kind"] = "Sqlite",
            ["Storage:Sqlite:DatabasePath"] = config.DatabasePath,
            ["Ingest:HourGracePeriod"] = config.Ingest.HourGracePeriod.ToString("c", CultureInfo.InvariantCulture),
            ["Ingest:CatchUpTimeout"] = config.Ingest.CatchUpTimeout.ToString("c", CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < config.Gateways.Count; i++)
        {
            var g = config.Gateways[i];
            values[$"Devices:Gateways:{i}:DeviceId"] = g.Id;
            values[$"Devices:Gateways:{i}:Unit"] = g.Unit;
            values[$"Devices:Gateways:{i}:DeviceKey"] = g.Key;
            values[$"Devices:Gateways:{i}:MacEnabled"] = g.Mac ? "true" : "false";
        }

        var webhooks = config.Regulators.Where(r => r.Webhook is not null).ToArray();
        for (var i = 0; i < webhooks.Length; i++)
        {
            var r = webhooks[i];
            values[$"Alerts:Webhooks:{i}:Name"] = r.Name;
            values[$"Alerts:Webhooks:{i}:Url"] = r.Webhook!.ToString();
            values[$"Alerts:Webhooks:{i}:Secret"] = r.Secret;
            for (var j = 0; j < r.Units.Count; j++)
            {
                values[$"Alerts:Webhooks:{i}:Units:{j}"] = r.Units[j];
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>Creates the store's tables before anything reads or writes.</summary>
    private sealed class IngestStoreStartup(IIngestStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
