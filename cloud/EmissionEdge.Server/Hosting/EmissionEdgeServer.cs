using EmissionEdge.Server.Api;
using EmissionEdge.Server.Broker;
using EmissionEdge.Server.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EmissionEdge.Server.Hosting;

/// <summary>How the host is set up beyond the plant configuration.</summary>
public sealed class ServerHostOptions
{
    /// <summary>The server clock; default the system clock. The demo passes a simulated, accelerated one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Lowest level logged by EmissionEdge's own categories (framework categories log warnings and up).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Further logging setup (filters), applied after the defaults.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}

/// <summary>Builds, starts and runs the local server: Kestrel (API, live feed, dashboard) and the MQTT broker in one process.</summary>
public static class EmissionEdgeServer
{
    /// <summary>Builds the web application for a plant.</summary>
    /// <param name="config">The plant configuration.</param>
    /// <param name="options">Host options.</param>
    /// <returns>The application (not started).</returns>
    public static WebApplication Build(PlantConfig config, ServerHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        options ??= new ServerHostOptions();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmissionEdgeServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls(config.Http.Url.GetLeftPart(UriPartial.Authority));
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("EmissionEdge", options.LogLevel);
        builder.Logging.AddFilter(typeof(Api.ApiKeyAuthenticationHandler).FullName, LogLevel.Warning);
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.Services.AddEmissionEdgeServer(config, options.Time);

        var app = builder.Build();
        var dashboard = new EmbeddedFileProvider(typeof(EmissionEdgeServer).Assembly, "EmissionEdge.Server.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = dashboard });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = dashboard });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPlantApi();
        return app;
    }

    /// <summary>Builds and starts the server.</summary>
    /// <param name="config">The plant configuration.</param>
    /// <param name="options">Host options.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static async Task<RunningServer> StartAsync(PlantConfig config, ServerHostOptions? options, CancellationToken cancellationToken)
    {
        var app = Build(config, options);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        var broker = app.Services.GetRequiredService<MqttBroker>().Endpoints!;
        return new RunningServer(app, url, broker, config);
    }

    /// <summary>Runs the server until <paramref name="cancellationToken"/> is cancelled, after printing where it listens.</summary>
    /// <param name="config">The plant configuration.</param>
    /// <param name="output">Where the banner goes.</param>
    /// <param name="cancellationToken">Stops the server (Ctrl+C).</param>
    /// <returns>A task completing when the server stopped.</returns>
    public static Task RunAsync(PlantConfig config, TextWriter output, CancellationToken cancellationToken) =>
        RunAsync(config, null, output, cancellationToken);

    /// <summary>Runs the server with host options (a simulated clock) until <paramref name="cancellationToken"/> is cancelled, after printing where it listens.</summary>
    /// <param name="config">The plant configuration.</param>
    /// <param name="options">Host options; defaults when null.</param>
    /// <param name="output">Where the banner goes.</param>
    /// <param name="cancellationToken">Stops the server (Ctrl+C).</param>
    /// <returns>A task completing when the server stopped.</returns>
    public static async Task RunAsync(PlantConfig config, ServerHostOptions? options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var server = await StartAsync(config, options, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(server.Describe()).ConfigureAwait(false);
        await output.WriteLineAsync("Press Ctrl+C to stop.").ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await output.WriteLineAsync("Stopping…").ConfigureAwait(false);
    }
}

/// <summary>A started server; dispose (or <see cref="StopAsync"/>) to stop it cleanly.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    internal RunningServer(WebApplication app, Uri url, BrokerEndpoints broker, PlantConfig config)
    {
        App = app;
        DashboardUrl = url;
        Broker = broker;
        Config = config;
    }

    /// <summary>The web application (its <see cref="WebApplication.Services"/> for tests and the demo).</summary>
    public WebApplication App { get; }

    /// <summary>The dashboard (and API base) URL.</summary>
    public Uri DashboardUrl { get; }

    /// <summary>The broker's ports and CA certificate.</summary>
    public BrokerEndpoints Broker { get; }

    /// <summary>The plant configuration it runs.</summary>
    public PlantConfig Config { get; }

    /// <summary>Where everything listens, for people.</summary>
    /// <returns>Several lines.</returns>
    public string Describe()
    {
        var plain = Broker.PlainPort is { } p ? $"{Config.Mqtt.BindAddress}:{p} (no TLS)" : "off (no plainPort in the configuration)";
        var certificate = Broker.CaCertificatePath is { } ca
            ? $"  CA certificate     {ca}\n                     (development CA: gateways and MQTT clients must trust this file)\n"
            : $"  TLS certificate    {Config.Mqtt.CertificatePath}\n";
        return $"""
            EmissionEdge server, plant {Config.Plant}
              Dashboard and API  {DashboardUrl}
              MQTT over TLS      {Config.Mqtt.BindAddress}:{Broker.TlsPort}  (hub host {Config.Mqtt.HubHost})
              MQTT plain         {plain}
            {certificate}  Database           {Config.DatabasePath}

            """;
    }

    /// <summary>Stops the server.</summary>
    /// <returns>A task.</returns>
    public Task StopAsync() => App.StopAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await App.DisposeAsync().ConfigureAwait(false);
        }
    }
}
