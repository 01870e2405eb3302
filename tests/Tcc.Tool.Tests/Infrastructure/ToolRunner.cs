namespace ContextCompany.Tool.Tests.Infrastructure;

/// <summary>What one <c>tcc</c> command printed and returned.</summary>
public sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>Runs <c>tcc</c> commands in the test process, as the tool's entry point does, with their output captured as plain text.</summary>
public static class ToolRunner
{
    public static async Task<ToolResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using StringWriter output = new();
        using StringWriter error = new();
        ToolContext context = ToolContext.ForText(output, error, name => environment is not null && environment.TryGetValue(name, out string? value) ? value : null, workingDirectory);
        int exitCode = await TccCommandLine.InvokeAsync(args, context, CancellationToken.None);
        return new ToolResult(exitCode, output.ToString(), error.ToString());
    }

    public static Task<ToolResult> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, environment: null, args);
}
