using EmissionEdge.Gateway.Core.Configuration;

namespace EmissionEdge.Gateway.Host;

/// <summary>Loads a gateway configuration file with the maps and pin map it names, for the PC host.</summary>
public static class GatewayConfigFile
{
    /// <summary>Reads and checks a configuration.</summary>
    /// <param name="path">The configuration file.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="GatewayConfigurationException">The file cannot be read or has problems; the message lists every one.</exception>
    public static GatewayConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new GatewayConfigurationException($"cannot read gateway configuration '{path}': {e.Message}", [e.Message]);
        }

        var problems = new ProblemList();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var config = GatewayConfigReader.Read(text, Path.GetFileName(path), new RelativeTextFiles(directory), problems);
        if (config is null)
        {
            var list = Enumerable.Range(0, problems.Count).Select(i => problems[i]).ToArray();
            throw new GatewayConfigurationException($"gateway configuration '{path}' has {list.Length} problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, list)}", list);
        }

        return config;
    }

    /// <summary>
    /// The device key: the one written in the configuration, else the content of <paramref name="keyFile"/> (on a PC the
    /// configuration's <c>deviceKeyFile</c> is usually a device path such as <c>I:\device.key</c>, so it must be given).
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="keyFile">A file holding the base64 key, or <see langword="null"/>.</param>
    /// <returns>The base64 key.</returns>
    /// <exception cref="GatewayConfigurationException">No key, or the file cannot be read or is not base64.</exception>
    public static string DeviceKey(GatewayConfig config, string? keyFile)
    {
        ArgumentNullException.ThrowIfNull(config);
        string key;
        if (keyFile is not null)
        {
            try
            {
                key = File.ReadAllText(keyFile).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new GatewayConfigurationException($"cannot read device key file '{keyFile}': {e.Message}", [e.Message]);
            }
        }
        else if (config.DeviceKey.Length > 0)
        {
            key = config.DeviceKey;
        }
        else
        {
            throw new GatewayConfigurationException(
                $"the configuration names the device key file '{config.DeviceKeyFile}' (a path on the device): give the key file on this PC",
                ["no device key"]);
        }

        Span<byte> scratch = stackalloc byte[key.Length];
        if (!Convert.TryFromBase64String(key, scratch, out _))
        {
            throw new GatewayConfigurationException($"the device key{(keyFile is null ? string.Empty : $" in '{keyFile}'")} is not base64", ["device key not base64"]);
        }

        return key;
    }
}

/// <summary>A gateway configuration (or the key it needs) that cannot be used; <see cref="Exception.Message"/> lists every problem.</summary>
public sealed class GatewayConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Every problem, one per line.</param>
    /// <param name="problems">The problems one by one.</param>
    public GatewayConfigurationException(string message, IReadOnlyList<string> problems)
        : base(message)
    {
        Problems = problems;
    }

    /// <summary>The problems one by one.</summary>
    public IReadOnlyList<string> Problems { get; }
}
