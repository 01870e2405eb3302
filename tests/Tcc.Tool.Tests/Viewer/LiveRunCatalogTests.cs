using ContextCompany.Tool.Tests.Infrastructure;
using ContextCompany.Tool.Viewer;
using Xunit;

namespace ContextCompany.Tool.Tests.Viewer;

/// <summary>The viewer's reading of a growing file, one poll at a time (each <see cref="LiveRunCatalog.Refresh"/> is a poll).</summary>
public sealed class LiveRunCatalogTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_line_still_being_written_waits_until_it_is_whole()
    {
        string file = _folder.File("runs.jsonl");
        string line = SampleRuns.Run("run-b", 1);
        File.WriteAllText(file, SampleRuns.Run("run-a", 0) + "\n" + line[..25]);
        await using LiveRunCatalog runs = new(file, TimeSpan.FromHours(1));

        runs.Refresh();
        Assert.Equal(["run-a"], RunIds(runs));
        Assert.Equal(0, ErrorCount(runs));

        File.AppendAllText(file, line[25..] + "\n");
        long before = runs.Version;
        runs.Refresh();

        Assert.Equal(["run-a", "run-b"], RunIds(runs));
        Assert.Equal(0, ErrorCount(runs));
        Assert.True(runs.Version > before);
    }

    [Fact]
    public async Task A_last_line_without_a_line_break_is_read_once_the_file_stopped_growing()
    {
        string file = _folder.File("runs.jsonl");
        File.WriteAllText(file, SampleRuns.Run("run-a", 0));
        await using LiveRunCatalog runs = new(file, TimeSpan.FromHours(1));

        runs.Refresh();
        Assert.Empty(RunIds(runs));
        runs.Refresh();

        Assert.Equal(["run-a"], RunIds(runs));
    }

    [Fact]
    public async Task Nothing_new_keeps_the_version_and_a_replaced_file_is_read_anew()
    {
        string file = _folder.File("runs.jsonl");
        SampleRuns.Write(file, SampleRuns.File());
        await using LiveRunCatalog runs = new(file, TimeSpan.FromHours(1));
        runs.Refresh();
        long version = runs.Version;

        runs.Refresh();
        Assert.Equal(version, runs.Version);

        SampleRuns.Write(file, [SampleRuns.Run("run-z", 0)]);
        runs.Refresh();

        Assert.Equal(["run-z"], RunIds(runs));
        Assert.True(runs.Version > version);
    }

    [Fact]
    public async Task A_deleted_file_is_reported_and_what_was_read_stays()
    {
        string file = _folder.File("runs.jsonl");
        SampleRuns.Write(file, [SampleRuns.Run("run-a", 0)]);
        await using LiveRunCatalog runs = new(file, TimeSpan.FromHours(1));
        runs.Refresh();

        File.Delete(file);
        runs.Refresh();

        Assert.Equal(["run-a"], RunIds(runs));
        Assert.Contains("gone", runs.Query(static (_, _, problem) => problem), StringComparison.Ordinal);
    }

    private static List<string> RunIds(LiveRunCatalog runs) =>
        runs.Query(static (catalog, _, _) => catalog.Runs.Select(static run => run.RunId).Order(StringComparer.Ordinal).ToList());

    private static int ErrorCount(LiveRunCatalog runs) => runs.Query(static (catalog, _, _) => catalog.Errors.Count);
}
