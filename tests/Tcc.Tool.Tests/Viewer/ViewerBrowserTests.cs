using System.Globalization;
using ContextCompany.Tool.Tests.Infrastructure;
using ContextCompany.Tool.Viewer;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ContextCompany.Tool.Tests.Viewer;

/// <summary>The viewer's page in a real browser: the list, a run's timeline, live updates, and the token.</summary>
public sealed class ViewerBrowserTests : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    /// <summary>The file's name on the page: as a user who ran <c>tcc view</c> in their app's folder sees it.</summary>
    private const string ShownPath = "./.tcc/runs.jsonl";

    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _folder = new();
    private readonly List<string> _pageErrors = [];
    private ViewerServer _server = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;
    private string _file = null!;

    public ViewerBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    public async Task InitializeAsync()
    {
        _file = _folder.File("runs.jsonl");
        SampleRuns.Write(_file, SampleRuns.File());
        _server = await ViewerServer.StartAsync(_file, port: 0, TimeSpan.FromMilliseconds(100), displayPath: ShownPath);
        _context = await _chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 }, Locale = "en-US", TimezoneId = "UTC" });
        _page = await _context.NewPageAsync();
        // Script errors and refused loads (a Content-Security-Policy violation is one) fail the tests that load the page with the token.
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _pageErrors.Add(message.Text + " " + message.Location);
            }
        };
        _page.PageError += (_, error) => _pageErrors.Add(error);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task The_list_shows_the_runs_of_the_file_newest_first()
    {
        await _page.GotoAsync(_server.Url.AbsoluteUri);

        ILocator rows = _page.GetByTestId("run-row");
        await Expect(rows).ToHaveCountAsync(3);
        Assert.Equal([SampleRuns.RealisticRunId, "run-02", "run-01"], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.runId)"));
        await Expect(rows.First).ToContainTextAsync("support-agent");
        await Expect(rows.Nth(1).GetByTestId("status")).ToHaveTextAsync("error");
        await Expect(_page.GetByTestId("live-status")).ToHaveTextAsync("live");
        await Expect(_page.GetByTestId("file-path")).ToHaveTextAsync(ShownPath);
        await Expect(_page.GetByTestId("file-warnings")).ToBeHiddenAsync();
        await SaveScreenshotAsync("tcc-view-list.png");
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task The_filters_narrow_the_list()
    {
        await _page.GotoAsync(_server.Url.AbsoluteUri);
        await Expect(_page.GetByTestId("run-row")).ToHaveCountAsync(3);

        await _page.GetByTestId("filter-status").SelectOptionAsync("error");
        await Expect(_page.GetByTestId("run-row")).ToHaveCountAsync(1);
        await Expect(_page.GetByTestId("run-row")).ToHaveAttributeAsync("data-run-id", "run-02");

        await _page.GetByTestId("filter-status").SelectOptionAsync("");
        await _page.GetByTestId("filter-agent").SelectOptionAsync("support-agent");
        await Expect(_page.GetByTestId("run-row")).ToHaveCountAsync(2);
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task Clicking_a_run_opens_its_timeline_with_one_bar_per_step_and_tool_call()
    {
        await _page.GotoAsync(_server.Url.AbsoluteUri);
        await _page.Locator($"[data-testid=run-row][data-run-id='{SampleRuns.RealisticRunId}']").ClickAsync();

        await Expect(_page.GetByTestId("run-page")).ToHaveAttributeAsync("data-run-id", SampleRuns.RealisticRunId);
        ILocator bars = _page.GetByTestId("timeline-bar");
        await Expect(bars).ToHaveCountAsync(5);
        string[] kinds = await bars.EvaluateAllAsync<string[]>("bars => bars.map(b => b.dataset.kind + ':' + b.dataset.id)");
        Assert.Equal(["step:step-1", "tool_call:call-lookup-1", "step:step-2", "tool_call:call-track-2", "step:step-3"], kinds);

        // Placed on the run's time axis (7.6 s): step 3 starts at 5.2 s and lasts 2.28 s.
        ILocator step3 = _page.Locator("[data-testid=timeline-bar][data-id=step-3]");
        Assert.Equal(5200 / 7600.0 * 100, await PercentAsync(step3, "left"), precision: 1);
        Assert.Equal(2280 / 7600.0 * 100, await PercentAsync(step3, "width"), precision: 1);
        ILocator failed = _page.Locator("[data-testid=timeline-bar][data-id=call-track-2]");
        await Expect(failed).ToHaveAttributeAsync("data-status", "error");
        await Expect(failed).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("bar-error"));
        await Expect(_page.Locator("[data-testid=timeline-bar][data-status=error]")).ToHaveCountAsync(1);

        await _page.Locator("[data-testid=timeline-bar][data-id=call-lookup-1]").ClickAsync();
        await Expect(_page.GetByTestId("span-title")).ToHaveTextAsync("lookup_order");
        await Expect(_page.GetByTestId("span-args")).ToContainTextAsync("\"order_id\": \"4821\"");
        await Expect(_page.GetByTestId("span-result")).ToContainTextAsync("JD014600003817");

        await _page.Locator("[data-testid=timeline-bar][data-id=step-3]").ClickAsync();
        await Expect(_page.GetByTestId("span-title")).ToHaveTextAsync("Step 3");
        await Expect(_page.GetByTestId("span-facts")).ToContainTextAsync("gpt-4o-mini-2024-07-18");
        await Expect(_page.GetByTestId("span-response")).ToContainTextAsync("should reach you by 3 March");

        await Expect(_page.GetByTestId("stat-tokens")).ToContainTextAsync((812 + 948 + 1034 + 41 + 38 + 96).ToString("N0", CultureInfo.InvariantCulture));
        await Expect(_page.GetByTestId("metadata-entry")).ToHaveCountAsync(4);
        await Expect(_page.GetByTestId("feedback")).ToContainTextAsync("The tracking link would have been nice.");
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task A_realistic_run_page_is_saved_as_a_screenshot_and_links_to_its_session()
    {
        await _page.GotoAsync(_server.Url.AbsoluteUri + "#/runs/" + SampleRuns.RealisticRunId);
        await Expect(_page.GetByTestId("timeline-bar")).ToHaveCountAsync(5);
        // The failed tool call is selected first: its error is what a person looks for.
        await Expect(_page.GetByTestId("span-status-message")).ToContainTextAsync("carrier API timed out after 2000 ms");

        string path = await SaveScreenshotAsync("tcc-view-run.png");
        Assert.True(new FileInfo(path).Length > 10_000);

        await _page.GetByTestId("session-link").ClickAsync();
        await Expect(_page.GetByTestId("session-id")).ToHaveTextAsync(SampleRuns.SessionId);
        ILocator rows = _page.GetByTestId("run-row");
        await Expect(rows).ToHaveCountAsync(2);
        Assert.Equal(["run-01", SampleRuns.RealisticRunId], await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.runId)"));
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task A_run_appended_to_the_file_appears_without_a_reload()
    {
        await _page.GotoAsync(_server.Url.AbsoluteUri);
        await Expect(_page.GetByTestId("run-row")).ToHaveCountAsync(3);
        await Expect(_page.GetByTestId("live-status")).ToHaveTextAsync("live");
        await _page.EvaluateAsync("() => { window.sameDocument = 'yes'; }");

        SampleRuns.Append(_file, [SampleRuns.Step("run-live", "s-live", 60, 0, 1), SampleRuns.Run("run-live", 60, agent: "triage-agent", prompt: "Appended while the page was open")]);

        await Expect(_page.GetByTestId("run-row").First).ToHaveAttributeAsync("data-run-id", "run-live");
        await Expect(_page.GetByTestId("run-row")).ToHaveCountAsync(4);
        Assert.Equal("yes", await _page.EvaluateAsync<string>("() => window.sameDocument"));
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task The_page_warns_about_unreadable_lines_with_their_numbers()
    {
        SampleRuns.Append(_file, ["{\"type\":\"run\"", "not json at all"]);
        int first = SampleRuns.File().Count() + 1;

        await _page.GotoAsync(_server.Url.AbsoluteUri);

        await Expect(_page.GetByTestId("file-warnings")).ToBeVisibleAsync();
        await Expect(_page.GetByTestId("file-warnings")).ToContainTextAsync($"2 lines of the file could not be read");
        await Expect(_page.GetByTestId("line-error")).ToHaveCountAsync(2);
        await Expect(_page.GetByTestId("line-error").First).ToHaveAttributeAsync("data-line", first.ToString(CultureInfo.InvariantCulture));
        await Expect(_page.GetByTestId("run-row")).ToHaveCountAsync(3);
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task Without_the_token_the_page_is_refused_and_shows_no_runs()
    {
        IResponse? withoutToken = await _page.GotoAsync($"http://127.0.0.1:{_server.Port}/");
        Assert.Equal(401, withoutToken!.Status);
        Assert.Contains("token", await _page.TextContentAsync("body") ?? "", StringComparison.Ordinal);
        await Expect(_page.GetByTestId("run-row")).ToHaveCountAsync(0);

        IResponse? wrongToken = await _page.GotoAsync($"http://127.0.0.1:{_server.Port}/?token={ViewerToken.Create().Value}#/runs/{SampleRuns.RealisticRunId}");
        Assert.Equal(401, wrongToken!.Status);
        Assert.DoesNotContain(SampleRuns.RealisticRunId, await _page.ContentAsync(), StringComparison.Ordinal);
    }

    /// <summary>Saves the page in the test output folder (a test artifact) and says where.</summary>
    private async Task<string> SaveScreenshotAsync(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "artifacts", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await _page.ScreenshotAsync(new() { Path = path, FullPage = true });
        _output.WriteLine("Screenshot: " + path);
        return path;
    }

    private static async Task<double> PercentAsync(ILocator bar, string property)
    {
        string value = await bar.EvaluateAsync<string>($"b => b.style.{property}");
        Assert.EndsWith("%", value, StringComparison.Ordinal);
        return double.Parse(value[..^1], CultureInfo.InvariantCulture);
    }
}
