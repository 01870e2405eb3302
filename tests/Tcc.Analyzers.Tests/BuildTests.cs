using System.Diagnostics;
using Xunit;

namespace ContextCompany.Analyzers.Tests;

/// <summary>
/// <c>dotnet build</c> of a small project that references the runtime, the generator and the analyzers the
/// way the package will: the diagnostics appear in the compiler's output, and <c>.editorconfig</c> changes
/// their severity.
/// </summary>
public sealed class BuildTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tcc-build-" + Guid.NewGuid().ToString("N"));

    public BuildTests()
    {
        Directory.CreateDirectory(_folder);
        string Dll(string name) => Path.Combine(AppContext.BaseDirectory, name);
        File.WriteAllText(Path.Combine(_folder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <NoWarn>$(NoWarn);CS1701;CS1702</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{Dll("ContextCompany.dll")}" />
                <Analyzer Include="{Dll("ContextCompany.Generators.dll")}" />
                <Analyzer Include="{Dll("ContextCompany.Analyzers.dll")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_folder, "Agent.cs"), """
            using ContextCompany;

            namespace Consumer;

            public partial class Agent
            {
                [TrackedAgent("runs")]
                public partial string Answer(string question);

                private string AnswerCore(string question) => question;

                public async Task Handle(string question)
                {
                    var run = Tcc.Run();
                    run.Metadata("tcc.userID", "user-1");
                    run.End();
                    await Tcc.SubmitFeedbackAsync(run.RunId, "Thumbs_Up");
                }
            }
            """);
    }

    [Fact]
    public async Task Build_output_shows_the_diagnostics_and_editorconfig_changes_their_severity()
    {
        (int exitCode, string output) = await BuildAsync();

        Assert.NotEqual(0, exitCode); // TCC002 and TCC004 are errors
        Assert.Contains("error TCC002", output);
        Assert.Contains("error TCC004", output);
        Assert.Contains("warning TCC001", output);
        Assert.Contains("warning TCC007", output);
        Assert.DoesNotContain("AD0001", output);
        Assert.DoesNotContain("CS8795", output);

        File.WriteAllText(Path.Combine(_folder, ".editorconfig"), """
            root = true

            [*.cs]
            dotnet_diagnostic.TCC002.severity = none
            dotnet_diagnostic.TCC004.severity = warning
            dotnet_diagnostic.TCC001.severity = error
            """);
        (int secondExitCode, string secondOutput) = await BuildAsync();

        Assert.NotEqual(0, secondExitCode); // TCC001 is an error now
        Assert.DoesNotContain("TCC002", secondOutput);
        Assert.Contains("warning TCC004", secondOutput);
        Assert.Contains("error TCC001", secondOutput);
        Assert.Contains("warning TCC007", secondOutput);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<(int ExitCode, string Output)> BuildAsync()
    {
        ProcessStartInfo start = new(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "build", "--nologo", "-v", "quiet", "-p:TreatWarningsAsErrors=false", "--no-incremental" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
