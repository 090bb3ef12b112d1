using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EmissionEdge.Ingest.Tests.Support;

/// <summary>
/// Starts Azurite's Table service (npm package in tests/tools, installed by .ci/install-prerequisites) on 127.0.0.1 on a
/// free port, in memory, and stops it after the tests.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private Process? _process;

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var script = Path.Combine(RepositoryPaths.Root, "tests", "tools", "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed ({script} missing): run .ci/install-prerequisites (npm ci in tests/tools)");
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("node")
            {
                ArgumentList = { script, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(), "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl" },
                WorkingDirectory = Path.GetTempPath(),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            if (await WaitForPortAsync(port, TimeSpan.FromSeconds(30)))
            {
                ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
                return;
            }

            await DisposeAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException("Azurite's Table service did not start on 127.0.0.1 within 30 s (3 attempts)");
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<bool> WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && _process is { HasExited: false })
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }
}
