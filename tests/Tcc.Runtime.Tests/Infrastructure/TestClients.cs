namespace ContextCompany.Tests.Infrastructure;

/// <summary>Clients for tests: never read the machine's TCC_* variables, retry fast.</summary>
public static class TestClients
{
    public const string ApiKey = "tcc_test_0123456789abcdef";

    /// <summary>Options as if no TCC_* variable were set.</summary>
    public static TccOptions CleanOptions() => new(static _ => null);

    public static TccClient ForServer(IngestServer server, Action<TccOptions>? configure = null)
    {
        TccOptions options = CleanOptions();
        options.ApiKey = ApiKey;
        options.BaseUrl = server.BaseUrl;
        options.InitialRetryDelay = TimeSpan.FromMilliseconds(20);
        options.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
        configure?.Invoke(options);
        return new TccClient(options);
    }

    /// <summary>A client with no API key that writes to a file in a fresh temporary folder.</summary>
    public static TccClient Local(TempFolder folder, Action<TccOptions>? configure = null)
    {
        TccOptions options = CleanOptions();
        options.LocalPath = Path.Combine(folder.Path, ".tcc", "runs.jsonl");
        options.LocalRunSummaries = false;
        configure?.Invoke(options);
        return new TccClient(options);
    }
}

public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tcc-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
