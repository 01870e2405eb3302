using System;
using System.Globalization;
using ContextCompany.Redaction;

namespace ContextCompany.Configuration;

/// <summary>Where a client sends: the validated ingestion and feedback URLs (Python <c>config.py</c>).</summary>
internal sealed class ServiceEndpoints
{
    public const string ProductionBaseUrl = "https://api.thecontext.company";
    public const string DevelopmentBaseUrl = "https://dev.thecontext.company";

    private ServiceEndpoints(string baseUrl, Uri ingestUrl, Uri feedbackUrl)
    {
        BaseUrl = baseUrl;
        IngestUrl = ingestUrl;
        FeedbackUrl = feedbackUrl;
    }

    public string BaseUrl { get; }

    public Uri IngestUrl { get; }

    public Uri FeedbackUrl { get; }

    /// <summary>Resolves and checks the URLs of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">A URL is not an absolute http(s) URL with a host.</exception>
    /// <exception cref="InvalidOperationException">A URL is neither official nor local and unsafe URLs are not allowed.</exception>
    public static ServiceEndpoints Resolve(TccOptions options)
    {
        string baseUrl = options.BaseUrlText is { } configured
            ? NormalizeBaseUrl(configured)
            : DefaultBaseUrl(options.ApiKey);
        EnsureSafe(baseUrl, options.AllowUnsafeBaseUrl);

        string feedbackUrl = baseUrl + "/v1/feedback";
        if (options.FeedbackUrlText is { } feedback)
        {
            feedbackUrl = NormalizeBaseUrl(feedback);
            EnsureSafe(feedbackUrl, options.AllowUnsafeBaseUrl);
        }

        return new ServiceEndpoints(baseUrl, new Uri(baseUrl + "/v1/custom"), new Uri(feedbackUrl));
    }

    public static string DefaultBaseUrl(string? apiKey) =>
        apiKey is not null && apiKey.StartsWith(TccRules.DevelopmentKeyPrefix, StringComparison.Ordinal) ? DevelopmentBaseUrl : ProductionBaseUrl;

    /// <summary>
    /// Lower-cases scheme and host, drops the default port and trailing slashes:
    /// <c>https://API.thecontext.company:443/v1/</c> becomes <c>https://api.thecontext.company/v1</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Not an absolute http or https URL with a host.</exception>
    public static string NormalizeBaseUrl(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out Uri? uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
            string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException(
                $"[TCC] Invalid TCC base URL '{StatusMessageRedactor.Redact(url)}': expected an absolute http:// or https:// URL with a host, such as https://api.thecontext.company",
                nameof(url));
        }

        string port = uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        string path = uri.AbsolutePath.TrimEnd('/');
        return uri.Scheme + "://" + uri.Host.ToLowerInvariant() + port + path;
    }

    /// <summary>True for the official origins and for localhost on any scheme and port.</summary>
    public static bool IsSafe(string normalizedUrl)
    {
        Uri uri = new(normalizedUrl);
        if (uri.Host is "localhost" or "127.0.0.1" or "[::1]")
        {
            return true;
        }

        string origin = uri.Scheme + "://" + uri.Host + (uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(CultureInfo.InvariantCulture));
        return origin == ProductionBaseUrl || origin == DevelopmentBaseUrl;
    }

    private static void EnsureSafe(string normalizedUrl, bool allowUnsafe)
    {
        if (!allowUnsafe && !IsSafe(normalizedUrl))
        {
            throw new InvalidOperationException(
                $"[TCC] Refusing unsafe TCC base URL ({normalizedUrl}): the API key is only sent to {ProductionBaseUrl}, {DevelopmentBaseUrl} or localhost. " +
                $"Set {TccOptions.AllowUnsafeBaseUrlVariable}=1 (or TccOptions.AllowUnsafeBaseUrl = true) if this host is yours.");
        }
    }
}
