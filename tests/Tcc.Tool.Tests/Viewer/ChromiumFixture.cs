using Microsoft.Playwright;
using Xunit;

namespace ContextCompany.Tool.Tests.Viewer;

/// <summary>
/// The system's Chromium driven by Playwright, one per test class. Playwright's own browser download is never used
/// (offline machines, CI): the <c>chromium</c> on the PATH is launched. Without it the tests fail, saying what to install.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private static readonly string[] ExecutableNames = ["chromium", "chromium-browser"];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string executable = FindOnPath()
            ?? throw new InvalidOperationException(
                "The viewer's browser tests need Chromium, and there is no 'chromium' on the PATH. Install it (Debian: apt-get install -y chromium) and run the tests again.");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"], // containers: root, and a small /dev/shm
        });
        Assertions.SetDefaultExpectTimeout(20_000); // a shared, busy machine: waiting longer costs nothing when it passes
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private static string? FindOnPath()
    {
        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return ExecutableNames.SelectMany(name => folders.Select(folder => Path.Combine(folder, name))).FirstOrDefault(File.Exists);
    }
}
