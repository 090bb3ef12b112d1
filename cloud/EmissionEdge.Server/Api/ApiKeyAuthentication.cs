using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using EmissionEdge.Server.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmissionEdge.Server.Api;

/// <summary>The API keys of the plant configuration, looked up by the SHA-256 of the presented key.</summary>
public sealed class ApiKeyDirectory
{
    private readonly Dictionary<string, ApiKeySettings> _keys;

    /// <summary>Creates the directory.</summary>
    /// <param name="config">The plant configuration.</param>
    public ApiKeyDirectory(PlantConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _keys = config.ApiKeys.ToDictionary(k => Hash(k.Key), StringComparer.Ordinal);
    }

    /// <summary>Finds the settings of a presented key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The settings, or null for an unknown key.</returns>
    public ApiKeySettings? Find(string key) => _keys.GetValueOrDefault(Hash(key));

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>
/// Authenticates API requests by the <c>X-Api-Key</c> header. The principal carries the key holder's name, the role
/// (<c>operator</c> or <c>regulator</c>) and one <see cref="UnitClaim"/> per unit the key covers. No key or an unknown key:
/// 401 with a JSON body; a role the endpoint does not allow: 403.
/// </summary>
public sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The request header.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>Claim type of a unit the key may see.</summary>
    public const string UnitClaim = "emissionedge:unit";

    private readonly ApiKeyDirectory _keys;

    /// <summary>Creates the handler.</summary>
    /// <param name="options">Scheme options.</param>
    /// <param name="logger">Logger factory.</param>
    /// <param name="encoder">URL encoder.</param>
    /// <param name="keys">The API keys.</param>
    public ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyDirectory keys)
        : base(options, logger, encoder)
    {
        _keys = keys;
    }

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || string.IsNullOrEmpty(values.ToString()))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (_keys.Find(values.ToString()) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, key.Name),
            new(ClaimTypes.Role, key.Role == ApiRole.Regulator ? "regulator" : "operator"),
        };
        claims.AddRange(key.Units.Select(u => new Claim(UnitClaim, u)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        var present = Request.Headers.ContainsKey(HeaderName);
        await Response.WriteAsJsonAsync(new { error = present ? "unknown API key" : $"an API key is required in the {HeaderName} header" }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(new { error = "this API key's role may not do this" }).ConfigureAwait(false);
    }
}

/// <summary>The authenticated caller of an API endpoint (bound from the request's principal).</summary>
/// <param name="Name">The key holder.</param>
/// <param name="Role"><c>operator</c> or <c>regulator</c>.</param>
/// <param name="Units">The units the key may see.</param>
public sealed record ApiCaller(string Name, string Role, IReadOnlySet<string> Units)
{
    /// <summary>Binds the caller of a minimal API endpoint from the authenticated principal.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The caller.</returns>
    public static ValueTask<ApiCaller?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return ValueTask.FromResult<ApiCaller?>(null);
        }

        var units = user.FindAll(ApiKeyAuthenticationHandler.UnitClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return ValueTask.FromResult<ApiCaller?>(new ApiCaller(user.Identity.Name ?? "?", user.FindFirst(ClaimTypes.Role)?.Value ?? "operator", units));
    }

    /// <summary>Whether the key covers a unit.</summary>
    /// <param name="unit">The unit id.</param>
    /// <returns>True when covered.</returns>
    public bool Sees(string unit) => Units.Contains(unit);
}
