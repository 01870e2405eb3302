using System.Diagnostics;
using System.Globalization;
using ContextCompany.Tests.Shared;
using Xunit;

namespace ContextCompany.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Packs the <c>ContextCompany</c> package once, with a version of its own, into a local feed in a
/// temporary folder, and creates consumer projects that use it through a <c>nuget.config</c> which adds
/// that feed and keeps the machine's own sources.
/// </summary>
public sealed class PackagedSdk : IDisposable
{
    public PackagedSdk()
    {
        Root = Path.Combine(Path.GetTempPath(), "tcc-e2e-" + Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        Version = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        foreach (string project in new[] { "src/Tcc.Runtime/Tcc.Runtime.csproj", "src/Tcc.Extensions.Hosting/Tcc.Extensions.Hosting.csproj", "src/Tcc.Extensions.AI/Tcc.Extensions.AI.csproj", "src/Tcc.Agents.AI/Tcc.Agents.AI.csproj", "src/Tcc.Tool/Tcc.Tool.csproj" })
        {
            (int exitCode, string output) = Run(RepositoryPaths.Root, "dotnet", "pack", project, "-c", "Release", "-o", Feed, $"-p:Version={Version}", "--nologo");
            Assert.True(exitCode == 0, output);
        }

        PackageFiles = System.IO.Compression.ZipFile.OpenRead(Path.Combine(Feed, $"ContextCompany.{Version}.nupkg")).Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToArray();
    }

    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    public IReadOnlyList<string> PackageFiles { get; }

    /// <summary>
    /// A new project folder with the feed's nuget.config and a project file referencing the package, plus
    /// <paramref name="extraReferences"/> (package references; the hosting package gets this build's version).
    /// </summary>
    public string CreateProject(string name, string targetFramework, string outputType = "Exe", string? extraProperties = null, string? extraReferences = null)
    {
        string folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="contextcompany-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>{outputType}</OutputType>
                <TargetFramework>{targetFramework}</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ContextCompany" Version="{Version}" />
                {extraReferences?.Replace("$(HostingVersion)", Version, StringComparison.Ordinal)}
              </ItemGroup>
            </Project>
            """);
        return folder;
    }

    /// <summary>
    /// Installs the <c>tcc</c> tool package of this build into a tool folder of its own, once, as a user would
    /// (<c>dotnet tool install</c> from the feed); returns the path of the <c>tcc</c> command.
    /// </summary>
    public string InstallTool()
    {
        lock (_toolLock)
        {
            string tools = Path.Combine(Root, "tools");
            string command = Path.Combine(tools, OperatingSystem.IsWindows() ? "tcc.exe" : "tcc");
            if (!File.Exists(command))
            {
                (int exitCode, string output) = Run(Root, "dotnet", "tool", "install", "ContextCompany.Tool", "--version", Version, "--tool-path", tools, "--add-source", Feed);
                Assert.True(exitCode == 0, output);
            }

            return command;
        }
    }

    private readonly object _toolLock = new();

    public static (int ExitCode, string Output) Run(string workingDirectory, string fileName, params string[] arguments) =>
        RunWith(new Dictionary<string, string?>(), workingDirectory, fileName, arguments);

    /// <summary>Runs a program; <c>TCC_*</c> variables are only those given (null removes).</summary>
    public static (int ExitCode, string Output) RunWith(Dictionary<string, string?> environment, string workingDirectory, string fileName, params string[] arguments) =>
        RunWith(environment, TimeSpan.FromMinutes(5), workingDirectory, fileName, arguments);

    /// <summary>Runs a program, giving up after <paramref name="limit"/>; <c>TCC_*</c> variables are only those given (null removes).</summary>
    public static (int ExitCode, string Output) RunWith(Dictionary<string, string?> environment, TimeSpan limit, string workingDirectory, string fileName, params string[] arguments)
    {
        ProcessStartInfo start = new(fileName == "dotnet" ? Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet" : fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // An installed tool starts through its own launcher, which finds the runtime through DOTNET_ROOT.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && Environment.GetEnvironmentVariable("DOTNET_ROOT") is null)
        {
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(host);
        }

        foreach (string name in new[] { "TCC_API_KEY", "TCC_BASE_URL", "TCC_FEEDBACK_URL", "TCC_ALLOW_UNSAFE_BASE_URL", "TCC_DEBUG", "TCC_STORAGE_DIR" })
        {
            start.Environment.Remove(name);
        }

        foreach ((string name, string? value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in {limit.TotalMinutes} minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose()
    {
        TryDelete(Root);

        // The package of this run only: the NuGet cache must not fill up with test versions.
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        TryDelete(Path.Combine(cache, "contextcompany", Version));
        TryDelete(Path.Combine(cache, "contextcompany.extensions.ai", Version));
        TryDelete(Path.Combine(cache, "contextcompany.agents.ai", Version));
        TryDelete(Path.Combine(cache, "contextcompany.tool", Version));
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}
