using ContextCompany.Configuration;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>Environment variables, base-URL normalization and the allow-list of where the API key may go.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("https://api.thecontext.company:443/v1/", "https://api.thecontext.company/v1")]
    [InlineData("https://api.thecontext.company", "https://api.thecontext.company")]
    [InlineData("https://api.thecontext.company/", "https://api.thecontext.company")]
    [InlineData("https://api.thecontext.company///", "https://api.thecontext.company")]
    [InlineData("HTTPS://API.TheContext.Company", "https://api.thecontext.company")]
    [InlineData("https://dev.thecontext.company:443", "https://dev.thecontext.company")]
    [InlineData("http://localhost:80/", "http://localhost")]
    [InlineData("http://localhost:8080/", "http://localhost:8080")]
    [InlineData("https://localhost:443/base/", "https://localhost/base")]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000")]
    [InlineData("http://[::1]:5000/", "http://[::1]:5000")]
    [InlineData("  https://api.thecontext.company  ", "https://api.thecontext.company")]
    public void Base_url_is_normalized(string input, string expected) =>
        Assert.Equal(expected, ServiceEndpoints.NormalizeBaseUrl(input));

    [Theory]
    [InlineData("ftp://api.thecontext.company")]
    [InlineData("api.thecontext.company")]
    [InlineData("not a url")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/v1/custom")]
    [InlineData("mailto:someone@example.com")]
    public void Invalid_base_url_is_refused(string input)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => ServiceEndpoints.NormalizeBaseUrl(input));
        Assert.StartsWith("[TCC] Invalid TCC base URL", e.Message);
    }

    [Theory]
    [InlineData("https://api.thecontext.company")]
    [InlineData("https://dev.thecontext.company")]
    [InlineData("https://api.thecontext.company:443/v1")]
    [InlineData("http://localhost")]
    [InlineData("https://localhost:7001")]
    [InlineData("http://127.0.0.1:1234")]
    [InlineData("http://[::1]:1234")]
    public void Official_and_local_origins_are_allowed(string url)
    {
        TccOptions options = WithKey("tcc_key");
        options.BaseUrl = new Uri(url);
        using TccClient client = new(options);
        Assert.Equal(ServiceEndpoints.NormalizeBaseUrl(url) + "/v1/custom", ServiceEndpoints.Resolve(options).IngestUrl.ToString());
    }

    [Theory]
    [InlineData("https://evil.example.com")]
    [InlineData("http://api.thecontext.company")] // the official host, but not over https
    [InlineData("https://api.thecontext.company:8443")]
    [InlineData("https://api.thecontext.company.evil.com")]
    [InlineData("https://thecontext.company")]
    [InlineData("http://10.0.0.5:8080")]
    [InlineData("http://localhost.evil.com")]
    public void Other_origins_are_refused_unless_allowed(string url)
    {
        TccOptions options = WithKey("tcc_key");
        options.BaseUrl = new Uri(url);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => new TccClient(options));
        Assert.StartsWith("[TCC] Refusing unsafe TCC base URL (", e.Message);
        Assert.Contains("TCC_ALLOW_UNSAFE_BASE_URL=1", e.Message);

        options.AllowUnsafeBaseUrl = true;
        using TccClient allowed = new(options);
    }

    [Fact]
    public void Dev_keys_go_to_the_dev_service_and_others_to_production()
    {
        Assert.Equal(new Uri("https://dev.thecontext.company/v1/custom"), ServiceEndpoints.Resolve(WithKey("dev_abc")).IngestUrl);
        Assert.Equal(new Uri("https://api.thecontext.company/v1/custom"), ServiceEndpoints.Resolve(WithKey("tcc_abc")).IngestUrl);
        Assert.Equal(new Uri("https://api.thecontext.company/v1/custom"), ServiceEndpoints.Resolve(WithKey("DEV_abc")).IngestUrl);
        Assert.Equal(new Uri("https://dev.thecontext.company/v1/feedback"), ServiceEndpoints.Resolve(WithKey("dev_abc")).FeedbackUrl);
    }

    [Fact]
    public void Base_url_override_wins_over_key_routing()
    {
        TccOptions options = WithKey("dev_abc");
        options.BaseUrl = new Uri("http://localhost:9000/");
        ServiceEndpoints endpoints = ServiceEndpoints.Resolve(options);
        Assert.Equal(new Uri("http://localhost:9000/v1/custom"), endpoints.IngestUrl);
        Assert.Equal(new Uri("http://localhost:9000/v1/feedback"), endpoints.FeedbackUrl);
    }

    [Fact]
    public void Feedback_url_override_is_used_as_given_and_checked_like_the_base_url()
    {
        TccOptions options = WithKey("tcc_abc");
        options.FeedbackUrl = new Uri("http://localhost:7000/custom/feedback/");
        Assert.Equal(new Uri("http://localhost:7000/custom/feedback"), ServiceEndpoints.Resolve(options).FeedbackUrl);
        Assert.Equal(new Uri("https://api.thecontext.company/v1/custom"), ServiceEndpoints.Resolve(options).IngestUrl);

        options.FeedbackUrl = new Uri("https://collector.example.com/feedback");
        Assert.Throws<InvalidOperationException>(() => ServiceEndpoints.Resolve(options));
    }

    [Fact]
    public void Options_start_from_the_environment_variables()
    {
        Dictionary<string, string> environment = new()
        {
            ["TCC_API_KEY"] = " dev_key ",
            ["TCC_BASE_URL"] = "http://localhost:5050/",
            ["TCC_FEEDBACK_URL"] = "http://localhost:5051/fb",
            ["TCC_ALLOW_UNSAFE_BASE_URL"] = "1",
            ["TCC_DEBUG"] = "TRUE",
        };
        TccOptions options = new(name => environment.GetValueOrDefault(name));

        Assert.Equal("dev_key", options.ApiKey);
        Assert.Equal(new Uri("http://localhost:5050/"), options.BaseUrl);
        Assert.Equal(new Uri("http://localhost:5051/fb"), options.FeedbackUrl);
        Assert.True(options.AllowUnsafeBaseUrl);
        Assert.True(options.Debug);
        Assert.Equal("./.tcc/runs.jsonl", options.LocalPath);
        Assert.Equal(2048, options.MaxQueueSize);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ShutdownTimeout);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("yes", false)]
    [InlineData(null, false)]
    public void Debug_variable_accepts_true_or_1_in_any_case(string? value, bool expected) =>
        Assert.Equal(expected, new TccOptions(name => name == "TCC_DEBUG" ? value : null).Debug);

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", false)]
    [InlineData("0", false)]
    public void Allow_unsafe_variable_accepts_only_1(string value, bool expected) =>
        Assert.Equal(expected, new TccOptions(name => name == "TCC_ALLOW_UNSAFE_BASE_URL" ? value : null).AllowUnsafeBaseUrl);

    [Fact]
    public void Empty_environment_values_count_as_unset()
    {
        TccOptions options = new(name => name == "TCC_API_KEY" || name == "TCC_BASE_URL" ? "  " : null);
        Assert.Null(options.ApiKey);
        Assert.Null(options.BaseUrl);
    }

    [Fact]
    public void Explicit_client_with_a_bad_url_fails_fast()
    {
        TccOptions options = new(name => name == "TCC_BASE_URL" ? "ftp://example.com" : null) { ApiKey = "tcc_key" };
        ArgumentException e = Assert.Throws<ArgumentException>(() => new TccClient(options));
        Assert.StartsWith("[TCC] Invalid TCC base URL", e.Message);
    }

    [Fact]
    public async Task Bad_configuration_from_the_environment_is_reported_once_and_never_thrown()
    {
        List<string> stderr = new();
        TccOptions FromEnvironment() => new(name => name switch
        {
            "TCC_API_KEY" => "tcc_secret_key_value",
            "TCC_BASE_URL" => "https://collector.example.com",
            _ => null,
        })
        { StandardError = stderr.Add };

        using EventCapture events = new();
        TccClient client = TccClient.CreateFromEnvironment(FromEnvironment);

        // The program keeps working: runs are created, filled and ended without an exception.
        AgentRun r = client.Run().Prompt("p");
        r.End();
        client.Run().Error("boom");
        Assert.True(await client.FlushAsync());

        string report = Assert.Single(stderr);
        Assert.StartsWith("[TCC] Refusing unsafe TCC base URL (https://collector.example.com)", report);
        Assert.DoesNotContain("tcc_secret_key_value", report);
        Assert.Contains(events.Messages, m => m.StartsWith("[TCC] Refusing unsafe TCC base URL", StringComparison.Ordinal));
        Assert.Equal(2, client.Statistics.Dropped);
        Assert.Equal(0, client.Statistics.Sent);
        await client.DisposeAsync();
    }

    [Fact]
    public void Out_of_range_options_are_refused_with_the_option_name()
    {
        TccOptions options = TestClients.CleanOptions();
        options.MaxQueueSize = 0;
        ArgumentException e = Assert.Throws<ArgumentException>(() => new TccClient(options));
        Assert.Equal("MaxQueueSize", e.ParamName);

        options = TestClients.CleanOptions();
        options.RequestTimeout = TimeSpan.Zero;
        Assert.Equal("RequestTimeout", Assert.Throws<ArgumentException>(() => new TccClient(options)).ParamName);
    }

    [Fact]
    public async Task A_client_copies_its_options()
    {
        using TempFolder folder = new();
        TccOptions options = TestClients.CleanOptions();
        options.LocalPath = Path.Combine(folder.Path, "a.jsonl");
        options.LocalRunSummaries = false;
        await using TccClient client = new(options);
        options.LocalPath = Path.Combine(folder.Path, "b.jsonl");

        Assert.Equal(Path.Combine(folder.Path, "a.jsonl"), client.LocalFilePath);
    }

    private static TccOptions WithKey(string key)
    {
        TccOptions options = TestClients.CleanOptions();
        options.ApiKey = key;
        return options;
    }
}
