using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EmissionEdge.Ingest.Alerts;

/// <summary>
/// The signature of a regulator webhook delivery. Headers <c>X-EmissionEdge-Timestamp: &lt;unix seconds&gt;</c> (when it
/// was sent) and <c>X-EmissionEdge-Signature: sha256=&lt;hex&gt;</c>, where hex is the lowercase hexadecimal HMAC-SHA256,
/// keyed with the UTF-8 bytes of the regulator's secret, of the timestamp's ASCII digits, a <c>.</c>, and the exact request
/// body bytes. A receiver checks the signature in constant time and refuses a timestamp outside its window
/// (<see cref="DefaultTolerance"/>), so a captured delivery cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The signature header name.</summary>
    public const string HeaderName = "X-EmissionEdge-Signature";

    /// <summary>The timestamp header name.</summary>
    public const string TimestampHeaderName = "X-EmissionEdge-Timestamp";

    /// <summary>How far a delivery's timestamp may lie from the receiver's clock, either way: 5 minutes.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const string Prefix = "sha256=";

    /// <summary>The signature header value of a delivery.</summary>
    /// <param name="secret">The regulator's secret.</param>
    /// <param name="timestamp">When it is sent, Unix seconds (the timestamp header's value).</param>
    /// <param name="body">The exact body bytes.</param>
    /// <returns><c>sha256=</c> followed by 64 lowercase hex digits.</returns>
    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return Prefix + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Checks a received delivery (what a regulator's receiver does).</summary>
    /// <param name="secret">The regulator's secret.</param>
    /// <param name="timestampHeader">The received <see cref="TimestampHeaderName"/> value.</param>
    /// <param name="body">The exact body bytes received.</param>
    /// <param name="signatureHeader">The received <see cref="HeaderName"/> value.</param>
    /// <param name="now">The receiver's clock.</param>
    /// <param name="tolerance">How far the timestamp may lie from <paramref name="now"/>, either way.</param>
    /// <returns><see cref="WebhookVerification.Valid"/>, or why the delivery must be refused.</returns>
    public static WebhookVerification Verify(string secret, string? timestampHeader, ReadOnlySpan<byte> body, string? signatureHeader, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrEmpty(signatureHeader) || string.IsNullOrEmpty(timestampHeader))
        {
            return WebhookVerification.MissingHeader;
        }

        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || timestamp > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return WebhookVerification.MalformedTimestamp;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, timestamp, body)), Encoding.ASCII.GetBytes(signatureHeader)))
        {
            return WebhookVerification.SignatureMismatch;
        }

        return (DateTimeOffset.FromUnixTimeSeconds(timestamp) - now).Duration() > tolerance
            ? WebhookVerification.OutsideWindow
            : WebhookVerification.Valid;
    }
}

/// <summary>The result of <see cref="WebhookSignature.Verify"/>.</summary>
public enum WebhookVerification
{
    /// <summary>Signed with the secret, over this body and timestamp, within the window.</summary>
    Valid,
    /// <summary>The signature or timestamp header is missing.</summary>
    MissingHeader,
    /// <summary>The timestamp is not Unix seconds.</summary>
    MalformedTimestamp,
    /// <summary>The signature does not match: the body or timestamp was changed, or another secret signed it.</summary>
    SignatureMismatch,
    /// <summary>Signed correctly, but the timestamp lies outside the window: an old (replayed) or future-dated delivery.</summary>
    OutsideWindow,
}
