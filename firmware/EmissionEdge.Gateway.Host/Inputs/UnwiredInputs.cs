using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Host.Inputs;

/// <summary>
/// The 4–20 mA inputs and status contacts of a PC that has none wired: every current reads as failed (the core flags
/// those channels D, never inventing a value) and every contact as unreadable (no flag). The host warns at start when
/// the configuration uses them; give the host real or emulated inputs instead.
/// </summary>
public sealed class UnwiredInputs : ICurrentLoopInputs, IStatusInputs
{
    /// <summary>The shared instance.</summary>
    public static UnwiredInputs Instance { get; } = new();

    /// <inheritdoc />
    public bool TryReadMilliamps(int input, out double milliamps)
    {
        milliamps = 0;
        return false;
    }

    /// <inheritdoc />
    public bool TryReadClosed(int input, out bool closed)
    {
        closed = false;
        return false;
    }
}
