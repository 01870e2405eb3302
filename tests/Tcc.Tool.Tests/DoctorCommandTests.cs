using ContextCompany.Tool.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tool.Tests;

public sealed class DoctorCommandTests
{
    private const string DevKey = "dev_Zx81secretPart";
    private const string ProductionKey = "tcc_Qw55secretPart";

    private static Task<ToolResult> Doctor(TempDirectory folder, params (string Name, string Value)[] environment) =>
        ToolRunner.RunAsync(folder.Path, environment.ToDictionary(static pair => pair.Name, static pair => pair.Value), "doctor");

    [Fact]
    public async Task A_dev_key_goes_to_the_development_service_and_is_never_printed()
    {
        using TempDirectory folder = new();

        ToolResult result = await Doctor(folder, ("TCC_API_KEY", DevKey));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("set (dev_ key: the development service)", result.Output, StringComparison.Ordinal);
        Assert.Contains("https://dev.thecontext.company (default for this key, allowed)", result.Output, StringComparison.Ordinal);
        Assert.Contains("https://dev.thecontext.company/v1/feedback", result.Output, StringComparison.Ordinal);
        Assert.Contains("No problems found.", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("secretPart", result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Zx81", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_production_key_goes_to_the_production_service()
    {
        using TempDirectory folder = new();

        ToolResult result = await Doctor(folder, ("TCC_API_KEY", ProductionKey));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("set (production key)", result.Output, StringComparison.Ordinal);
        Assert.Contains("https://api.thecontext.company (default for this key, allowed)", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("secretPart", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_runs_go_to_the_local_file_which_is_described()
    {
        using TempDirectory folder = new();
        string path = RunLines.WriteDefault(folder, RunLines.Run("r1", RunLines.T0), RunLines.Run("r2", RunLines.T0), "{partial");

        ToolResult result = await Doctor(folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("not set (TCC_API_KEY): runs are written to the local runs file", result.Output, StringComparison.Ordinal);
        Assert.Contains("https://api.thecontext.company (default, allowed) (not used without an API key)", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{path} (", result.Output, StringComparison.Ordinal);
        Assert.Contains("3 lines; written by the SDK", result.Output, StringComparison.Ordinal);
        Assert.Contains("Debug              off", result.Output, StringComparison.Ordinal);
        Assert.Contains("Message content    not captured", result.Output, StringComparison.Ordinal);
        Assert.Contains("Storage directory  not set", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_runs_file_is_not_a_problem()
    {
        using TempDirectory folder = new();

        ToolResult result = await Doctor(folder);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(Path.Combine(folder.Path, ".tcc", "runs.jsonl") + " (does not exist yet", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsafe_base_url_fails_with_the_sdk_message()
    {
        using TempDirectory folder = new();

        ToolResult result = await Doctor(folder, ("TCC_API_KEY", ProductionKey), ("TCC_BASE_URL", "https://collector.example.com/"));

        Assert.Equal(1, result.ExitCode);
        string text = Flat(result.Output);
        Assert.Contains("error: Refusing unsafe TCC base URL (https://collector.example.com)", text, StringComparison.Ordinal);
        Assert.Contains("TCC_ALLOW_UNSAFE_BASE_URL=1", text, StringComparison.Ordinal);
        Assert.Contains("Nothing is sent until it is fixed.", text, StringComparison.Ordinal);
        Assert.Contains("1 problem found.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secretPart", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsafe_url_is_allowed_when_the_user_says_so()
    {
        using TempDirectory folder = new();

        ToolResult result = await Doctor(folder, ("TCC_API_KEY", ProductionKey), ("TCC_BASE_URL", "https://collector.example.com"), ("TCC_ALLOW_UNSAFE_BASE_URL", "1"));

        Assert.True(result.ExitCode == 0, result.ToString());
        string text = Flat(result.Output);
        Assert.Contains("https://collector.example.com (from TCC_BASE_URL, allowed by TCC_ALLOW_UNSAFE_BASE_URL=1)", text, StringComparison.Ordinal);
        Assert.Contains("https://collector.example.com/v1/feedback", text, StringComparison.Ordinal);
        Assert.Contains("allowed (TCC_ALLOW_UNSAFE_BASE_URL=1)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_base_url_fails_even_without_a_key_and_hides_credentials()
    {
        using TempDirectory folder = new();

        ToolResult invalid = await Doctor(folder, ("TCC_BASE_URL", "ftp://user:hunter2@files.example.com"));
        ToolResult local = await Doctor(folder, ("TCC_API_KEY", DevKey), ("TCC_BASE_URL", "http://localhost:8080"));

        Assert.Equal(1, invalid.ExitCode);
        string text = Flat(invalid.Output);
        Assert.Contains("error: Invalid TCC base URL", text, StringComparison.Ordinal);
        Assert.Contains("(not used without an API key)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", invalid.Output + invalid.Error, StringComparison.Ordinal);
        Assert.Equal(0, local.ExitCode);
        Assert.Contains("http://localhost:8080 (from TCC_BASE_URL, allowed)", Flat(local.Output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsafe_feedback_url_is_its_own_problem()
    {
        using TempDirectory folder = new();

        ToolResult result = await Doctor(folder, ("TCC_API_KEY", DevKey), ("TCC_FEEDBACK_URL", "https://feedback.example.com/v1/feedback"));

        Assert.Equal(1, result.ExitCode);
        string text = Flat(result.Output);
        Assert.Contains("https://dev.thecontext.company (default for this key, allowed)", text, StringComparison.Ordinal);
        Assert.Contains("Feedback URL error: Refusing unsafe TCC base URL (https://feedback.example.com/v1/feedback)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debug_and_message_content_are_reported()
    {
        using TempDirectory folder = new();

        ToolResult result = await Doctor(folder, ("TCC_DEBUG", "true"), ("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "TRUE"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Debug              on (TCC_DEBUG)", result.Output, StringComparison.Ordinal);
        Assert.Contains("Message content    captured", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_writable_storage_directory_is_described()
    {
        using TempDirectory folder = new();
        Directory.CreateDirectory(folder.File("store"));
        File.WriteAllBytes(folder.File(Path.Combine("store", "segment-1.pending")), new byte[2048]);

        ToolResult existing = await Doctor(folder, ("TCC_API_KEY", DevKey), ("TCC_STORAGE_DIR", "store"));
        ToolResult missing = await Doctor(folder, ("TCC_API_KEY", DevKey), ("TCC_STORAGE_DIR", "later/store"));

        Assert.True(existing.ExitCode == 0, existing.ToString());
        Assert.Contains(folder.File("store") + " (exists, writable, 1 file, 2.0 KB)", Flat(existing.Output), StringComparison.Ordinal);
        Assert.Equal(["segment-1.pending"], Directory.GetFiles(folder.File("store")).Select(Path.GetFileName)); // the probe file is gone
        Assert.Equal(0, missing.ExitCode);
        Assert.Contains("(does not exist yet; the SDK will create it)", Flat(missing.Output), StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("later")));
    }

    [Fact]
    public async Task A_storage_directory_that_cannot_be_created_fails()
    {
        using TempDirectory folder = new();
        File.WriteAllText(folder.File("blocker"), "a file where a folder should be");

        ToolResult under = await Doctor(folder, ("TCC_API_KEY", DevKey), ("TCC_STORAGE_DIR", Path.Combine("blocker", "store")));
        ToolResult itself = await Doctor(folder, ("TCC_STORAGE_DIR", "blocker"));

        Assert.Equal(1, under.ExitCode);
        Assert.Contains($"error: {folder.File(Path.Combine("blocker", "store"))}: cannot be created: {folder.File("blocker")} is a file", Flat(under.Output), StringComparison.Ordinal);
        Assert.Equal(1, itself.ExitCode);
        Assert.Contains("is a file, not a directory (ignored without an API key", Flat(itself.Output), StringComparison.Ordinal);
    }

    /// <summary>The report with its second column's wrapped lines joined, so a long value reads as one.</summary>
    private static string Flat(string output) =>
        System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");
}
