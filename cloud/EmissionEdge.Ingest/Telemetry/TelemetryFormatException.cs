namespace EmissionEdge.Ingest.Telemetry;

/// <summary>A telemetry body or record that does not follow the contract; the message names the field and the value.</summary>
public sealed class TelemetryFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The JSON path of the offending field, for example <c>channels.SO2.flag</c>.</param>
    /// <param name="message">What is wrong, naming the value.</param>
    public TelemetryFormatException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
    }

    /// <summary>The JSON path of the offending field.</summary>
    public string Field { get; }
}
