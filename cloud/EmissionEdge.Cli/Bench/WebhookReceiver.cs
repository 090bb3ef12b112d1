using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace EmissionEdge.Cli.Bench;

/// <summary>
/// A regulator's webhook endpoint on a free local port (<see cref="HttpListener"/>): answers 200 to every POST and
/// notes when each alert arrived (<see cref="Stopwatch"/> timestamp), its unit, kind and id.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<ReceivedAlert> _received = Channel.CreateUnbounded<ReceivedAlert>();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/hook/");
        }

        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The URL to configure as the regulator's webhook.</summary>
    public Uri Url { get; }

    /// <summary>Alerts in order of arrival.</summary>
    public ChannelReader<ReceivedAlert> Received => _received.Reader;

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var arrived = Stopwatch.GetTimestamp();
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                var body = await reader.ReadToEndAsync().ConfigureAwait(false);
                using var document = JsonDocument.Parse(body);
                var alert = document.RootElement;
                _received.Writer.TryWrite(new ReceivedAlert(
                    alert.GetProperty("unit").GetString() ?? "",
                    alert.GetProperty("kind").GetString() ?? "",
                    alert.GetProperty("alertId").GetString() ?? "",
                    arrived));
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}

/// <summary>One alert POST as the receiver saw it.</summary>
/// <param name="Unit">The alert's unit.</param>
/// <param name="Kind">Its kind (<c>exceedance</c>, <c>data-gap</c>, …).</param>
/// <param name="AlertId">Its id.</param>
/// <param name="ArrivedTimestamp">When it arrived (<see cref="Stopwatch.GetTimestamp"/>).</param>
internal sealed record ReceivedAlert(string Unit, string Kind, string AlertId, long ArrivedTimestamp);
