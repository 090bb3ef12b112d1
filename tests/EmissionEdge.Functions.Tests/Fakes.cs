using System.Collections.Specialized;
using System.Security.Claims;
using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EmissionEdge.Functions.Tests;

internal sealed class FakeFunctionContext : FunctionContext
{
    public FakeFunctionContext(IServiceProvider? services = null) =>
        InstanceServices = services ?? new ServiceCollection()
            .Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer())
            .BuildServiceProvider();

    public override string InvocationId { get; } = Guid.NewGuid().ToString();
    public override string FunctionId { get; } = "test";
    public override TraceContext TraceContext => null!;
    public override BindingContext BindingContext => null!;
    public override RetryContext RetryContext => null!;
    public override IServiceProvider InstanceServices { get; set; }
    public override FunctionDefinition FunctionDefinition => null!;
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features => null!;
    public override CancellationToken CancellationToken => CancellationToken.None;
}

internal sealed class FakeHttpRequestData(FunctionContext context, Uri url) : HttpRequestData(context)
{
    public override Stream Body { get; } = new MemoryStream();
    public override HttpHeadersCollection Headers { get; } = [];
    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];
    public override Uri Url { get; } = url;
    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];
    public override string Method => "GET";
    public override HttpResponseData CreateResponse() => new FakeHttpResponseData(FunctionContext);
}

internal sealed class FakeHttpResponseData(FunctionContext context) : HttpResponseData(context)
{
    public override System.Net.HttpStatusCode StatusCode { get; set; }
    public override HttpHeadersCollection Headers { get; set; } = [];
    public override Stream Body { get; set; } = new MemoryStream();
    public override HttpCookies Cookies => null!;

    public string ReadBody()
    {
        Body.Position = 0;
        return new StreamReader(Body).ReadToEnd();
    }
}
