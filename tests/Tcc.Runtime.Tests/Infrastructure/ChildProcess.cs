using System.Diagnostics;

namespace ContextCompany.Tests.Infrastructure;

/// <summary>Runs a program of the test output folder (the exit probe, the sample) as a real child process.</summary>
public static class ChildProcess
{
    private static readonly string[] TccVariables =
        { "TCC_API_KEY", "TCC_BASE_URL", "TCC_FEEDBACK_URL", "TCC_ALLOW_UNSAFE_BASE_URL", "TCC_DEBUG", "TCC_STORAGE_DIR" };

    /// <summary>Runs <paramref name="assembly"/> with only the given TCC_* variables set; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string assembly, string workingDirectory, Dictionary<string, string> environment, params string[] arguments)
    {
        using Process process = Start(assembly, workingDirectory, environment, arguments);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Starts <paramref name="assembly"/> as <see cref="RunAsync"/> does and returns it running, its output redirected.</summary>
    public static Process Start(string assembly, string workingDirectory, Dictionary<string, string> environment, params string[] arguments)
    {
        ProcessStartInfo start = new(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in TccVariables)
        {
            start.Environment.Remove(name);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>Reads the child's standard output until a line starts with <paramref name="prefix"/>; fails after a minute.</summary>
    public static async Task<string> WaitForLineAsync(Process process, string prefix)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"The child process ended (exit code {process.ExitCode}) before printing '{prefix}': {await process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>Sends a POSIX signal (<c>TERM</c>, <c>KILL</c>) to the child, as <c>docker stop</c> or the kernel would.</summary>
    public static async Task SignalAsync(Process process, string signal)
    {
        using Process kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {process.Id}") { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
    }
}
