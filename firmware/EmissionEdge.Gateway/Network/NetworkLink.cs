using System;
using System.Diagnostics;
using System.Threading;
using nanoFramework.Networking;

namespace EmissionEdge.Gateway.Network
{
    /// <summary>
    /// Brings up Wi-Fi (or Ethernet on boards that have it) and sets the clock with SNTP. TLS needs a valid
    /// clock to check certificate dates, so <see cref="Connect"/> returns only once SNTP has answered.
    /// </summary>
    /// <remarks>
    /// nanoFramework APIs used:
    /// <list type="bullet">
    /// <item><c>nanoFramework.Networking.WifiNetworkHelper.Reconnect(bool requiresDateTime, int wifiAdapterId, CancellationToken token)</c>:
    /// joins the network stored in the device's wireless configuration; <c>WifiNetworkHelper.Status</c>, <c>HelperException</c>
    /// (nanoFramework.System.Device.Wifi).</item>
    /// <item><c>nanoFramework.Networking.NetworkHelper.SetupAndConnectNetwork(CancellationToken token, bool requiresDateTime)</c>
    /// (nanoFramework.System.Net) for Ethernet.</item>
    /// <item><c>nanoFramework.Networking.Sntp.Server1</c>, <c>Server2</c>, <c>Start()</c>, <c>UpdateNow()</c>
    /// (nanoFramework.Networking.Sntp): the native SNTP client, which then resynchronizes hourly.</item>
    /// <item><c>System.Threading.CancellationTokenSource(int millisecondsDelay)</c> (nanoFramework.System.Threading).</item>
    /// </list>
    /// </remarks>
    public sealed class NetworkLink
    {
        /// <summary>UTC years before this mean the clock was never set (the ESP32 starts at 1970).</summary>
        public const int FirstValidYear = 2024;

        private readonly NetworkSettings _settings;

        /// <summary>Creates the link for the configured interface.</summary>
        /// <param name="settings">The configuration's network section.</param>
        public NetworkLink(NetworkSettings settings)
        {
            _settings = settings;
        }

        /// <summary>Whether the system clock has been set by SNTP.</summary>
        public static bool ClockIsSet => DateTime.UtcNow.Year >= FirstValidYear;

        /// <summary>Connects and waits for an IP address, then for SNTP.</summary>
        /// <param name="timeoutMilliseconds">Time allowed for each of the two steps.</param>
        /// <returns><see langword="true"/> when the network is up and the clock is set.</returns>
        public bool Connect(int timeoutMilliseconds)
        {
            bool up;
            using (var cancel = new CancellationTokenSource(timeoutMilliseconds))
            {
                if (_settings.UsesEthernet)
                {
                    up = NetworkHelper.SetupAndConnectNetwork(cancel.Token, false);
                }
                else
                {
                    up = WifiNetworkHelper.Reconnect(false, 0, cancel.Token);
                    if (!up)
                    {
                        Debug.WriteLine("network: stored Wi-Fi network not joined, status " + ((int)WifiNetworkHelper.Status).ToString() +
                            (WifiNetworkHelper.HelperException != null ? ": " + WifiNetworkHelper.HelperException.Message : string.Empty));
                    }
                }
            }

            return up && SetClock(timeoutMilliseconds);
        }

        private bool SetClock(int timeoutMilliseconds)
        {
            Sntp.Server1 = _settings.SntpServer1;
            Sntp.Server2 = _settings.SntpServer2;
            if (!Sntp.IsStarted)
            {
                Sntp.Start();
            }

            Sntp.UpdateNow();
            long deadline = Environment.TickCount64 + timeoutMilliseconds;
            while (!ClockIsSet)
            {
                if (Environment.TickCount64 >= deadline)
                {
                    Debug.WriteLine("network: no SNTP answer from " + _settings.SntpServer1 + " or " + _settings.SntpServer2);
                    return false;
                }

                Thread.Sleep(200);
            }

            return true;
        }
    }
}
