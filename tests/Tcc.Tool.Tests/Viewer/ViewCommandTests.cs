using System.Net;
using ContextCompany.Tool.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tool.Tests.Viewer;

/// <summary><c>tcc view</c> as a user runs it: the URL printed and opened, the server up until cancelled, clear errors.</summary>
public sealed class ViewCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task It_prints_and_opens_the_url_serves_the_file_and_stops_on_cancel()
    {
        SampleRuns.Write(_folder.File("runs.jsonl"), SampleRuns.File());
        TaskCompletionSource<Uri> opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenSource stop = new();
        using StringWriter output = new();
        using StringWriter error = new();
        ToolContext plain = ToolContext.ForText(output, error, static _ => null, _folder.Path);
        ToolContext context = new(plain.Output, plain.Error, plain.Environment, plain.WorkingDirectory) { OpenBrowser = opened.TrySetResult };

        Task<int> command = TccCommandLine.InvokeAsync(["view", "runs.jsonl"], context, stop.Token);
        Uri url = await opened.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using HttpClient http = new();
        string api = await http.GetStringAsync(new Uri(url, "/api/runs" + url.Query));
        await stop.CancelAsync();
        int exitCode = await command.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{43}$", url.AbsoluteUri);
        Assert.Contains(url.AbsoluteUri, output.ToString(), StringComparison.Ordinal);
        Assert.Contains(SampleRuns.RealisticRunId, api, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetStringAsync(url));
    }

    [Fact]
    public async Task With_no_open_it_opens_nothing_and_listens_on_the_port_asked_for()
    {
        Directory.CreateDirectory(_folder.File(".tcc"));
        SampleRuns.Write(_folder.File(".tcc/runs.jsonl"), SampleRuns.File()); // the default file
        int port = FreePort();
        bool openCalled = false;
        using CancellationTokenSource stop = new();
        using StringWriter output = new();
        using StringWriter error = new();
        ToolContext plain = ToolContext.ForText(output, error, static _ => null, _folder.Path);
        ToolContext context = new(plain.Output, plain.Error, plain.Environment, plain.WorkingDirectory) { OpenBrowser = _ => openCalled = true };

        Task<int> command = TccCommandLine.InvokeAsync(["view", "--no-open", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], context, stop.Token);
        using HttpClient http = new();
        HttpStatusCode status = await WaitForStatusAsync(http, new Uri($"http://127.0.0.1:{port}/"));
        await stop.CancelAsync();
        await command.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Unauthorized, status); // up, and wanting the token
        Assert.False(openCalled);
        Assert.Contains($"http://127.0.0.1:{port}/?token=", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_one_clear_error()
    {
        ToolResult result = await ToolRunner.RunAsync(_folder.Path, "view", "--no-open");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no runs file at", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_out_of_range_or_taken_is_one_clear_error()
    {
        Directory.CreateDirectory(_folder.File(".tcc"));
        SampleRuns.Write(_folder.File(".tcc/runs.jsonl"), SampleRuns.File());
        using System.Net.Sockets.TcpListener taken = new(IPAddress.Loopback, 0);
        taken.Start();
        int takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;

        ToolResult outOfRange = await ToolRunner.RunAsync(_folder.Path, "view", "--no-open", "--port", "70000");
        ToolResult inUse = await ToolRunner.RunAsync(_folder.Path, "view", "--no-open", "--port", takenPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, outOfRange.ExitCode);
        Assert.Contains("--port must be between 0 and 65535", outOfRange.Error, StringComparison.Ordinal);
        Assert.Equal(1, inUse.ExitCode);
        Assert.Contains($"cannot listen on 127.0.0.1:{takenPort}", inUse.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", inUse.Error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using System.Net.Sockets.TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The status of the first answer: the server starts in the background.</summary>
    private static async Task<HttpStatusCode> WaitForStatusAsync(HttpClient http, Uri url)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                using HttpResponseMessage response = await http.GetAsync(url, timeout.Token);
                return response.StatusCode;
            }
            catch (HttpRequestException) when (!timeout.IsCancellationRequested)
            {
                await Task.Delay(100, timeout.Token);
            }
        }
    }
}
