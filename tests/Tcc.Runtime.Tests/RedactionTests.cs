using ContextCompany.Redaction;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>Each redaction rule of the wire format, applied to status and error messages.</summary>
public sealed class RedactionTests
{
    [Theory]
    [InlineData("Authorization: Bearer abc.def-123", "Authorization=[REDACTED]")]
    [InlineData("authorization=Basic dXNlcjpwYXNzd29yZA==", "Authorization=[REDACTED]")]
    [InlineData("request failed (Authorization: bearer tok) retrying", "request failed (Authorization=[REDACTED]) retrying")]
    public void Authorization_header_loses_scheme_and_credential(string input, string expected) =>
        Assert.Equal(expected, StatusMessageRedactor.Redact(input));

    [Theory]
    [InlineData("sent Bearer eyJhbGciOi.J9.sig to upstream", "sent Bearer [REDACTED] to upstream")]
    [InlineData("BEARER abc/def+ghi==", "Bearer [REDACTED]")]
    public void Bare_bearer_token_is_redacted(string input, string expected) =>
        Assert.Equal(expected, StatusMessageRedactor.Redact(input));

    [Theory]
    [InlineData("header Basic dXNlcjpwYXNzd29yZA== rejected", "header Basic [REDACTED] rejected")]
    [InlineData("Basic QWxhZGRpbjpvcGVu", "Basic [REDACTED]")]
    public void Basic_credentials_of_12_or_more_base64_characters_are_redacted(string input, string expected) =>
        Assert.Equal(expected, StatusMessageRedactor.Redact(input));

    [Fact]
    public void Short_basic_word_is_not_a_credential() =>
        Assert.Equal("Basic auth failed", StatusMessageRedactor.Redact("Basic auth failed"));

    [Theory]
    [InlineData("api_key=abc123", "api_key=[REDACTED]")]
    [InlineData("api-key: abc123", "api-key=[REDACTED]")]
    [InlineData("apikey=abc123&x=1", "apikey=[REDACTED]&x=1")]
    [InlineData("access_token=tok", "access_token=[REDACTED]")]
    [InlineData("refresh_token: tok", "refresh_token=[REDACTED]")]
    [InlineData("id_token=tok", "id_token=[REDACTED]")]
    [InlineData("client_secret=s3cr3t", "client_secret=[REDACTED]")]
    [InlineData("secret: s3cr3t", "secret=[REDACTED]")]
    [InlineData("password=hunter2", "password=[REDACTED]")]
    [InlineData("PASSWORD = hunter2", "PASSWORD=[REDACTED]")]
    [InlineData("passwd=hunter2", "passwd=[REDACTED]")]
    [InlineData("pwd:hunter2", "pwd=[REDACTED]")]
    [InlineData("authorization=xyz", "authorization=[REDACTED]")]
    [InlineData("bearer: xyz", "bearer=[REDACTED]")]
    [InlineData("config {password: \"two words\"}", "config {password=[REDACTED]}")]
    [InlineData("db password='a b c', host=x", "db password=[REDACTED], host=x")]
    public void Secret_key_value_pairs_are_redacted(string input, string expected) =>
        Assert.Equal(expected, StatusMessageRedactor.Redact(input));

    [Theory]
    [InlineData("cannot reach https://admin:hunter2@db.example.com/x", "cannot reach https://admin:[REDACTED]@db.example.com/x")]
    [InlineData("postgres://user:p%40ss@host:5432/db", "postgres://user:[REDACTED]@host:5432/db")]
    public void Url_passwords_are_redacted_and_the_user_kept(string input, string expected) =>
        Assert.Equal(expected, StatusMessageRedactor.Redact(input));

    [Theory]
    [InlineData("OpenAI said no to sk-abcdefghijklmnop1234", "OpenAI said no to [REDACTED]")]
    [InlineData("key sk-proj-abcdefghijklmnopqrstu invalid", "key [REDACTED] invalid")]
    [InlineData("slack xoxb-1234567890-abcdef failed", "slack [REDACTED] failed")]
    [InlineData("xoxp-0000000000-1111", "[REDACTED]")]
    [InlineData("github ghp_abcdefghijklmnopqrstuvwx", "github [REDACTED]")]
    [InlineData("gho_ABCDEFGHIJKLMNOP1234", "[REDACTED]")]
    [InlineData("token service_abcdefghijklmnop12 expired", "token [REDACTED] expired")]
    public void Well_known_token_shapes_are_redacted(string input, string expected) =>
        Assert.Equal(expected, StatusMessageRedactor.Redact(input));

    [Theory]
    [InlineData("sk-short")]
    [InlineData("ghp_short")]
    [InlineData("service_unavailable")]
    [InlineData("task-1234567890abcdefghij")]
    public void Short_or_unrelated_tokens_are_kept(string input) =>
        Assert.Equal(input, StatusMessageRedactor.Redact(input));

    [Theory]
    [InlineData("The weather API returned 503 Service Unavailable")]
    [InlineData("Timeout after 30 s calling get_weather(city=London)")]
    [InlineData("")]
    [InlineData("Key not found: user-123")]
    public void Message_without_secrets_is_unchanged(string input) =>
        Assert.Equal(input, StatusMessageRedactor.Redact(input));

    [Fact]
    public void Several_secrets_in_one_message_are_all_redacted() =>
        Assert.Equal(
            "POST https://u:[REDACTED]@h failed: Authorization=[REDACTED]; api_key=[REDACTED]; [REDACTED]",
            StatusMessageRedactor.Redact("POST https://u:pw@h failed: Authorization: Bearer t0k3n; api_key=k; sk-0123456789abcdefXYZ"));
}
