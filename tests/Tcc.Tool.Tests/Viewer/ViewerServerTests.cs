using System.Net;
using System.Net.Http.Headers;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using ContextCompany.Tool.Tests.Infrastructure;
using ContextCompany.Tool.Viewer;
using Xunit;

namespace ContextCompany.Tool.Tests.Viewer;

/// <summary>The viewer's server over HTTP: the token, the loopback binding, the API and its live reading of the file.</summary>
public sealed class ViewerServerTests : IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly TempDirectory _folder = new();
    private readonly HttpClient _http = new();
    private ViewerServer _server = null!;
    private string _file = null!;

    public async Task InitializeAsync()
    {
        _file = _folder.File("runs.jsonl");
        SampleRuns.Write(_file, SampleRuns.File());
        _server = await ViewerServer.StartAsync(_file, port: 0, Poll);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/app.js")]
    [InlineData("/api/runs")]
    [InlineData("/api/runs/" + SampleRuns.RealisticRunId)]
    [InlineData("/api/agents")]
    public async Task A_request_without_the_token_is_refused_and_shows_nothing(string path)
    {
        using HttpResponseMessage response = await _http.GetAsync(Address(path));
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("run-", body, StringComparison.Ordinal);
        Assert.True(body.Length < 200, body);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_in_the_query_and_in_the_header()
    {
        string wrong = ViewerToken.Create().Value;
        using HttpResponseMessage inQuery = await _http.GetAsync(Address("/api/runs?token=" + wrong));
        using HttpRequestMessage request = new(HttpMethod.Get, Address("/api/runs"));
        request.Headers.Add(ViewerToken.HeaderName, wrong);
        using HttpResponseMessage inHeader = await _http.SendAsync(request);
        string almost = _server.Token[..^1] + (_server.Token[^1] == 'A' ? 'B' : 'A');
        using HttpResponseMessage lastCharacterWrong = await _http.GetAsync(Address("/api/runs?token=" + almost));

        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, inHeader.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, lastCharacterWrong.StatusCode);
    }

    [Fact]
    public async Task The_token_in_the_query_or_the_header_opens_the_page_and_the_api()
    {
        using HttpResponseMessage page = await _http.GetAsync(_server.Url);
        string html = await page.Content.ReadAsStringAsync();
        using HttpResponseMessage api = await GetAsync("/api/runs");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("app.js?token=" + _server.Token, html, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal("application/json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_file_the_page_links_is_served_with_its_type_and_unknown_paths_are_not_found()
    {
        using HttpResponseMessage page = await _http.GetAsync(_server.Url);
        string html = await page.Content.ReadAsStringAsync();
        string[] links = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"([a-z]+\\.(?:js|css))\\?token=")
            .Select(static match => match.Groups[1].Value).ToArray();

        Assert.Contains("app.js", links);
        Assert.Contains("app.css", links);
        foreach (string link in links)
        {
            using HttpResponseMessage response = await GetAsync("/" + link);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(link.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/css", response.Content.Headers.ContentType?.MediaType);
        }

        using HttpResponseMessage unknown = await GetAsync("/secrets.txt");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public void The_token_is_32_random_bytes_in_base64url()
    {
        string token = _server.Token;

        Assert.Equal(43, token.Length);
        Assert.All(token, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', token));
        Assert.NotEqual(token, ViewerToken.Create().Value);
        Assert.Equal($"http://127.0.0.1:{_server.Port}/?token={token}", _server.Url.AbsoluteUri);
    }

    [Fact]
    public async Task It_listens_on_127_0_0_1_only()
    {
        Assert.NotEmpty(_server.ListenAddresses);
        Assert.All(_server.ListenAddresses, address => Assert.Equal($"http://127.0.0.1:{_server.Port}", address));

        IPAddress[] others = NetworkInterface.GetAllNetworkInterfaces()
            .Where(static nic => nic.OperationalStatus == OperationalStatus.Up)
            .SelectMany(static nic => nic.GetIPProperties().UnicastAddresses)
            .Select(static unicast => unicast.Address)
            .Where(static address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
            .ToArray();
        foreach (IPAddress address in others)
        {
            using TcpClient client = new();
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(address, _server.Port));
        }
    }

    [Fact]
    public async Task A_request_for_another_host_name_is_refused()
    {
        using HttpRequestMessage request = new(HttpMethod.Get, _server.Url);
        request.Headers.Host = "attacker.example:" + _server.Port;
        using HttpResponseMessage response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_list_has_the_runs_of_the_file_newest_first_with_the_unreadable_lines()
    {
        SampleRuns.Append(_file, ["{ this is not json", SampleRuns.Run("run-03", 20)]);
        JsonElement list = await WaitForAsync("/api/runs", static list => list.GetProperty("runs").GetArrayLength() == 4);

        Assert.Equal(["run-03", SampleRuns.RealisticRunId, "run-02", "run-01"], Ids(list.GetProperty("runs")));
        JsonElement file = list.GetProperty("file");
        Assert.Equal(1, file.GetProperty("errorCount").GetInt32());
        Assert.Equal(SampleRuns.File().Count() + 1, file.GetProperty("errors")[0].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task The_list_filters_by_agent_status_session_and_since()
    {
        Assert.Equal(["run-02"], Ids((await GetJsonAsync("/api/runs?agent=billing-agent")).GetProperty("runs")));
        Assert.Equal(["run-02"], Ids((await GetJsonAsync("/api/runs?status=error")).GetProperty("runs")));
        Assert.Equal([SampleRuns.RealisticRunId, "run-01"], Ids((await GetJsonAsync("/api/runs?session=" + SampleRuns.SessionId)).GetProperty("runs")));
        Assert.Equal([SampleRuns.RealisticRunId], Ids((await GetJsonAsync("/api/runs?since=2026-03-01T12:06:00Z")).GetProperty("runs")));

        using HttpResponseMessage badStatus = await GetAsync("/api/runs?status=maybe");
        using HttpResponseMessage badSince = await GetAsync("/api/runs?since=yesterday-ish");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSince.StatusCode);
    }

    [Fact]
    public async Task One_run_has_its_steps_and_tool_calls_on_a_time_axis_with_totals_metadata_feedback_and_session()
    {
        JsonElement run = await GetJsonAsync("/api/runs/" + SampleRuns.RealisticRunId);

        Assert.Equal(["step-1", "step-2", "step-3"], Ids(run.GetProperty("steps")));
        Assert.Equal(["call-lookup-1", "call-track-2"], Ids(run.GetProperty("toolCalls")));
        JsonElement failed = run.GetProperty("toolCalls")[1];
        Assert.Equal("error", failed.GetProperty("status").GetString());
        Assert.Equal("carrier API timed out after 2000 ms", failed.GetProperty("statusMessage").GetString());
        Assert.Equal(3100, failed.GetProperty("offsetMs").GetDouble(), precision: 3);
        Assert.Equal(2040, failed.GetProperty("durationMs").GetDouble(), precision: 3);
        Assert.Equal(7600, run.GetProperty("timelineMs").GetDouble(), precision: 3);
        Assert.Equal(812 + 948 + 1034 + 41 + 38 + 96, run.GetProperty("summary").GetProperty("totalTokens").GetInt64());
        Assert.Equal(0.000466, run.GetProperty("summary").GetProperty("cost").GetDouble(), precision: 9);
        Assert.Contains(run.GetProperty("metadata").EnumerateArray(), static m => m.GetProperty("key").GetString() == "customer.tier" && m.GetProperty("value").GetString() == "gold");
        Assert.Equal("thumbs_up", run.GetProperty("feedback")[0].GetProperty("score").GetString());
        JsonElement session = run.GetProperty("session");
        Assert.Equal(1, session.GetProperty("index").GetInt32());
        Assert.Equal(2, session.GetProperty("count").GetInt32());
        Assert.Equal("run-01", session.GetProperty("previousRunId").GetString());
    }

    [Fact]
    public async Task A_session_lists_its_runs_oldest_first_and_the_agents_are_listed_once()
    {
        JsonElement session = await GetJsonAsync("/api/sessions/" + SampleRuns.SessionId);
        JsonElement agents = await GetJsonAsync("/api/agents");
        using HttpResponseMessage unknownRun = await GetAsync("/api/runs/no-such-run");

        Assert.Equal(["run-01", SampleRuns.RealisticRunId], Ids(session.GetProperty("runs")));
        Assert.Equal(["billing-agent", "support-agent"], agents.GetProperty("agents").EnumerateArray().Select(static a => a.GetString()!));
        Assert.Equal(HttpStatusCode.NotFound, unknownRun.StatusCode);
    }

    [Fact]
    public async Task Appended_lines_appear_in_the_api_and_end_a_waiting_long_poll()
    {
        long version = (await GetJsonAsync("/api/changes")).GetProperty("version").GetInt64();
        Task<JsonElement> waiting = GetJsonAsync("/api/changes?since=" + version);

        SampleRuns.Append(_file, [SampleRuns.Step("run-new", "s-new", 30, 0, 1), SampleRuns.Run("run-new", 30, agent: "triage-agent")]);

        JsonElement changes = await waiting.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(changes.GetProperty("version").GetInt64() > version);
        JsonElement list = await WaitForAsync("/api/runs", static list => Ids(list.GetProperty("runs")).Contains("run-new"));
        Assert.Equal("run-new", Ids(list.GetProperty("runs"))[0]);
        JsonElement run = await GetJsonAsync("/api/runs/run-new");
        Assert.Equal("s-new", run.GetProperty("steps")[0].GetProperty("id").GetString());
    }

    private Uri Address(string pathAndQuery) => new($"http://127.0.0.1:{_server.Port}{pathAndQuery}");

    private Task<HttpResponseMessage> GetAsync(string pathAndQuery)
    {
        using HttpRequestMessage request = new(HttpMethod.Get, Address(pathAndQuery));
        request.Headers.Add(ViewerToken.HeaderName, _server.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return _http.SendAsync(request);
    }

    private async Task<JsonElement> GetJsonAsync(string pathAndQuery)
    {
        using HttpResponseMessage response = await GetAsync(pathAndQuery);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asks again until the answer passes <paramref name="done"/>: the file is read on a poll.</summary>
    private async Task<JsonElement> WaitForAsync(string pathAndQuery, Func<JsonElement, bool> done)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(20));
        while (true)
        {
            JsonElement answer = await GetJsonAsync(pathAndQuery);
            if (done(answer))
            {
                return answer;
            }

            Assert.False(timeout.IsCancellationRequested, $"{pathAndQuery} never passed the check; last answer: {answer}");
            await Task.Delay(50);
        }
    }

    private static List<string> Ids(JsonElement array) => array.EnumerateArray().Select(static item => item.GetProperty("id").GetString()!).ToList();
}
