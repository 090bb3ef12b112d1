namespace EmissionEdge.Ingest.Alerts;

/// <summary>One regulator's webhook subscription (configuration section <c>Alerts:Webhooks:N</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Short regulator name; the outbox destination is <c>webhook:{Name}</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The HTTPS endpoint that receives JSON POSTs.</summary>
    public Uri? Url { get; set; }

    /// <summary>The shared secret the body is signed with.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>Unit ids covered; <c>*</c> covers every unit.</summary>
    public List<string> Units { get; set; } = [];

    /// <summary>Plant ids covered (every unit of the plant).</summary>
    public List<string> Plants { get; set; } = [];

    /// <summary>Timeout of one POST.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
