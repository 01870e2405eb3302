using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text;

namespace ContextCompany.Tool.Viewer;

/// <summary>
/// The page's files, embedded in the tool (it works offline and needs no files beside it). The page links its
/// scripts and style sheet with the token in their URLs: the token is written into <c>index.html</c> as it is served.
/// </summary>
internal sealed class StaticAssets
{
    /// <summary>The prefix of the files' resource names (set by the project file).</summary>
    private const string ResourcePrefix = "tcc.viewer.";

    /// <summary>Where <c>index.html</c> has the token written.</summary>
    private const string TokenPlaceholder = "__TOKEN__";

    private readonly Dictionary<string, Asset> _assets = new(StringComparer.Ordinal);

    public StaticAssets(string token)
    {
        Assembly assembly = typeof(StaticAssets).Assembly;
        foreach (string name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            string file = name[ResourcePrefix.Length..];
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using MemoryStream copy = new();
            stream.CopyTo(copy);
            byte[] content = copy.ToArray();
            if (file == "index.html")
            {
                // base64url: nothing to escape in an attribute.
                content = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace(TokenPlaceholder, token, StringComparison.Ordinal));
            }

            _assets["/" + file] = new Asset(content, ContentType(file));
        }

        if (!_assets.ContainsKey("/index.html"))
        {
            throw new InvalidOperationException("The viewer's page is not embedded in the tool (a build problem).");
        }
    }

    /// <summary>The file at <paramref name="path"/> (<c>/</c> is <c>index.html</c>), or null.</summary>
    public Asset? Find(string path) => _assets.TryGetValue(path == "/" ? "/index.html" : path, out Asset? asset) ? asset : null;

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    /// <summary>A file's bytes and content type.</summary>
    internal sealed record Asset(byte[] Content, string ContentType);
}
