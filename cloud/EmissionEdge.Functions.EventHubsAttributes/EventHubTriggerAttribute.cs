using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>
/// Stand-in for <c>Microsoft.Azure.Functions.Worker.EventHubTriggerAttribute</c> of the package
/// Microsoft.Azure.Functions.Worker.Extensions.EventHubs (not served on the build machines): same name, namespace,
/// constructor and properties, so the function code is the same in both builds. Deployment builds reference the
/// official package instead (<c>-p:UseOfficialEventHubsExtension=true</c>, see README).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
[BindingCapabilities(KnownBindingCapabilities.FunctionLevelRetry)]
public sealed class EventHubTriggerAttribute : TriggerBindingAttribute
{
    /// <summary>Marks a function triggered by Event Hubs events.</summary>
    /// <param name="eventHubName">The event hub to listen on (an app setting reference like <c>%Name%</c> is allowed).</param>
    public EventHubTriggerAttribute(string eventHubName) => EventHubName = eventHubName;

    /// <summary>The event hub name.</summary>
    public string EventHubName { get; private set; }

    /// <summary>The consumer group; <c>$Default</c> when missing.</summary>
    public string? ConsumerGroup { get; set; }

    /// <summary>The app setting (prefix) holding the Event Hubs connection.</summary>
    public string? Connection { get; set; }

    /// <summary>Whether events arrive in batches (default <see langword="true"/>).</summary>
    public bool IsBatched { get; set; } = true;
}
