using EmissionEdge.Fuzzing.Running;

namespace EmissionEdge.Fuzzing.Targets;

/// <summary>Every fuzz target, by the name <c>emissionedge fuzz --target</c> takes.</summary>
public static class FuzzTargets
{
    /// <summary>The names, in the order <c>--target all</c> runs them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["hj212", "telemetry", "modbus", "modbus-request", "gateway-config", "units", "plant"];

    /// <summary>Creates a target.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <returns>The target, or <see langword="null"/> for an unknown name.</returns>
    public static FuzzTarget? Create(string name) => name switch
    {
        "hj212" => new Hj212Target(),
        "telemetry" => new TelemetryTarget(),
        "modbus" => new ModbusResponseTarget(),
        "modbus-request" => new ModbusRequestTarget(),
        "gateway-config" => new GatewayConfigTarget(),
        "units" => new UnitsTarget(),
        "plant" => new PlantConfigTarget(),
        _ => null,
    };
}
