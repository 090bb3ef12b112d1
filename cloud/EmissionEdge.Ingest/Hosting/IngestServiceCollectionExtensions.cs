using Azure.Messaging.EventHubs.Producer;
using EmissionEdge.Compliance;
using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Devices;
using EmissionEdge.Ingest.Evaluation;
using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Ingest.Storage;
using EmissionEdge.Ingest.Storage.Sqlite;
using EmissionEdge.Ingest.Storage.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmissionEdge.Ingest.Hosting;

/// <summary>Registers the ingest pipeline, its store and its alert sinks from configuration.</summary>
/// <remarks>
/// Configuration keys: <c>Storage:Kind</c> (<c>Sqlite</c> or <c>Tables</c>) with <c>Storage:Sqlite:DatabasePath</c> or
/// <c>Storage:Tables:ConnectionString</c>/<c>TablePrefix</c>; <c>Units:CatalogPath</c> (see <see cref="UnitCatalogFile"/>);
/// <c>Devices:Gateways</c> (see <see cref="DeviceRegistryOptions"/>); <c>Ingest:HourGracePeriod</c>,
/// <c>Ingest:AlertLookback</c>, <c>Ingest:CatchUpTimeout</c>; <c>Alerts:Outbox:*</c>; <c>Alerts:Webhooks:N:*</c> (see <see cref="WebhookOptions"/>);
/// <c>Alerts:EventHub:ConnectionString</c> and <c>Alerts:EventHub:HubName</c> (default <c>alerts</c>).
/// A host may register its own <see cref="IDeviceRegistry"/>, <see cref="IUnitCatalog"/> or <see cref="IIngestStore"/>
/// before calling this; those are kept.
/// </remarks>
public static class IngestServiceCollectionExtensions
{
    /// <summary>Adds the pipeline and everything it needs.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddEmissionEdgeIngest(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<IngestOptions>(configuration.GetSection(IngestOptions.SectionName));
        services.Configure<DeviceRegistryOptions>(configuration.GetSection(DeviceRegistryOptions.SectionName));
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.SectionName));
        services.Configure<SqliteStoreOptions>(configuration.GetSection(SqliteStoreOptions.SectionName));
        services.Configure<TableStoreOptions>(configuration.GetSection(TableStoreOptions.SectionName));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(ComplianceOptions.Default);
        services.TryAddSingleton<IDeviceRegistry, ConfigurationDeviceRegistry>();
        services.TryAddSingleton<IUnitCatalog>(_ =>
        {
            var path = configuration["Units:CatalogPath"];
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new InvalidOperationException("Units:CatalogPath is not set: the pipeline needs the units' compliance profiles");
            }

            return UnitCatalogFile.Load(path);
        });
        services.TryAddSingleton<IIngestStore>(sp =>
        {
            var kind = configuration["Storage:Kind"] ?? "Sqlite";
            return kind switch
            {
                "Sqlite" => new SqliteIngestStore(sp.GetRequiredService<IOptions<SqliteStoreOptions>>()),
                "Tables" => new TableIngestStore(sp.GetRequiredService<IOptions<TableStoreOptions>>()),
                _ => throw new InvalidOperationException($"Storage:Kind must be 'Sqlite' or 'Tables', got '{kind}'"),
            };
        });

        services.AddHttpClient(nameof(WebhookAlertSink));
        services.AddSingleton<IAlertSink, LogAlertSink>();
        var webhooks = configuration.GetSection("Alerts:Webhooks").Get<List<WebhookOptions>>() ?? [];
        foreach (var webhook in webhooks)
        {
            services.AddSingleton<IAlertSink>(sp => new WebhookAlertSink(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(WebhookAlertSink)), webhook));
        }

        var eventHubConnection = configuration["Alerts:EventHub:ConnectionString"];
        if (!string.IsNullOrWhiteSpace(eventHubConnection))
        {
            var hub = configuration["Alerts:EventHub:HubName"] ?? "alerts";
            services.TryAddSingleton(_ => new EventHubProducerClient(eventHubConnection, hub));
            services.AddSingleton<IAlertSink>(sp => new EventHubAlertSink(sp.GetRequiredService<EventHubProducerClient>()));
        }

        services.TryAddSingleton<HourResultCodec>();
        services.TryAddSingleton<IngestFeed>();
        services.TryAddSingleton<AlertOutbox>();
        services.TryAddSingleton<AlertDispatcher>();
        services.TryAddSingleton<UnitEvaluator>();
        services.TryAddSingleton<IngestPipeline>();
        services.TryAddSingleton<HourCloser>();
        return services;
    }
}
