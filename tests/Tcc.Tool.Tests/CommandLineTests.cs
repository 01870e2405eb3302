using ContextCompany.Tool.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tool.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_every_command()
    {
        using TempDirectory folder = new();
        ToolResult result = await ToolRunner.RunAsync(folder.Path, "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (string command in new[] { "runs", "show", "view", "send", "doctor" })
        {
            Assert.Contains("  " + command, result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_command_is_an_error_without_a_stack_trace()
    {
        using TempDirectory folder = new();
        ToolResult result = await ToolRunner.RunAsync(folder.Path, "list-everything");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("list-everything", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error + result.Output, StringComparison.Ordinal);
    }
}
