using System;
using System.Security.Cryptography;
using System.Text;

namespace ContextCompany.Tool.Viewer;

/// <summary>
/// The secret every request to the viewer must carry: other users and other programs on the machine can reach
/// the loopback port too, and web pages in the user's own browser can send requests to it, but none of them can
/// read the URL <c>tcc view</c> printed.
/// </summary>
internal sealed class ViewerToken
{
    /// <summary>The query parameter the printed URL carries the token in.</summary>
    public const string QueryName = "token";

    /// <summary>The header the page's script sends the token in (API calls).</summary>
    public const string HeaderName = "X-Tcc-Token";

    private readonly byte[] _bytes;

    private ViewerToken(string value)
    {
        Value = value;
        _bytes = Encoding.ASCII.GetBytes(value);
    }

    /// <summary>The token as it is written in the URL: base64url, no padding.</summary>
    public string Value { get; }

    /// <summary>A new token of 32 random bytes.</summary>
    public static ViewerToken Create()
    {
        string value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return new ViewerToken(value);
    }

    /// <summary>Whether <paramref name="candidate"/> is the token, compared in fixed time so its bytes cannot be guessed one by one from timings.</summary>
    public bool Matches(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return false;
        }

        // Different lengths end early: the length is no secret, every token has the same.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _bytes);
    }
}
