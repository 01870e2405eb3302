using System.Text.Json;
using ContextCompany.EndToEnd.Tests.Infrastructure;
using ContextCompany.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ContextCompany.EndToEnd.Tests;

/// <summary>
/// What a new user does, end to end: add the package from a feed, see the diagnostics of their mistakes,
/// fix them, build with no warnings, run against the service and without an account.
/// </summary>
public sealed class NewUserTests(PackagedSdk sdk, ITestOutputHelper output) : IClassFixture<PackagedSdk>
{
    [Fact]
    public void Package_holds_the_runtime_with_docs_the_compile_time_components_readme_and_licence()
    {
        output.WriteLine(string.Join(Environment.NewLine, sdk.PackageFiles));
        Assert.Contains("lib/netstandard2.0/ContextCompany.dll", sdk.PackageFiles);
        Assert.Contains("lib/netstandard2.0/ContextCompany.xml", sdk.PackageFiles);
        Assert.Contains("lib/net8.0/ContextCompany.dll", sdk.PackageFiles);
        Assert.Contains("lib/net8.0/ContextCompany.xml", sdk.PackageFiles);
        Assert.Contains("analyzers/dotnet/roslyn4.14/cs/ContextCompany.Generators.dll", sdk.PackageFiles);
        Assert.Contains("analyzers/dotnet/roslyn4.14/cs/ContextCompany.Analyzers.dll", sdk.PackageFiles);
        Assert.Contains("analyzers/dotnet/roslyn4.14/cs/ContextCompany.Analyzers.CodeFixes.dll", sdk.PackageFiles);
        Assert.Contains("README.md", sdk.PackageFiles);
        Assert.Contains("LICENSE", sdk.PackageFiles);
        Assert.True(File.Exists(Path.Combine(sdk.Feed, $"ContextCompany.{sdk.Version}.snupkg")));
    }

    [Fact]
    public async Task Mistakes_are_reported_by_the_build_and_the_fixed_program_builds_clean_and_delivers()
    {
        string project = sdk.CreateProject("Consumer", "net10.0");
        string source = Path.Combine(project, "Program.cs");

        // 1. Deliberate mistakes: the build fails with the TCC diagnostics, and nothing else.
        File.WriteAllText(source, ConsumerPrograms.WithMistakes);
        (int failed, string mistakes) = PackagedSdk.Run(project, "dotnet", "build", "--nologo", "-v", "quiet");
        output.WriteLine(mistakes);
        Assert.NotEqual(0, failed);
        foreach (string expected in new[] { "error TCC002", "error TCC011", "warning TCC007", "warning TCC001", "error TCC004" })
        {
            Assert.Contains(expected, mistakes);
        }

        Assert.DoesNotContain("CS8795", mistakes);
        Assert.DoesNotContain("AD0001", mistakes);

        // 2. Fixed: no warning at all.
        File.WriteAllText(source, ConsumerPrograms.Fixed);
        (int built, string clean) = PackagedSdk.Run(project, "dotnet", "build", "--nologo", "-warnaserror", "-c", "Release");
        output.WriteLine(clean);
        Assert.True(built == 0, clean);
        Assert.Contains("0 Warning(s)", clean);

        // 3. Against the service: runs, steps, tool calls and feedback arrive, with no flush in the program.
        await using IngestServer server = await IngestServer.StartAsync();
        string program = Path.Combine(project, "bin", "Release", "net10.0", "Consumer.dll");
        (int ran, string ranOutput) = PackagedSdk.RunWith(new() { ["TCC_API_KEY"] = "tcc_e2e_key", ["TCC_BASE_URL"] = server.BaseUrl.ToString() }, project, "dotnet", program);
        output.WriteLine(ranOutput);
        Assert.True(ran == 0, ranOutput);
        Assert.Contains("one|two|three|", ranOutput);
        JsonElement[] items = server.RequestsTo("/v1/custom").SelectMany(r => r.Items).ToArray(); // a run goes out with its children in one batch
        JsonElement[] runs = items.Where(i => i.GetProperty("type").GetString() == "run").ToArray();
        Assert.Equal(4, runs.Length);
        Assert.Equal(new[] { "hello", "manual", "one two three", "why" }, runs.Select(r => r.GetProperty("prompt").GetProperty("user_prompt").GetString()).Order());
        Assert.Single(items, i => i.GetProperty("type").GetString() == "step");
        Assert.Single(items, i => i.GetProperty("type").GetString() == "tool_call");
        Assert.Equal("one two three".Replace(" ", "", StringComparison.Ordinal), runs.Single(r => r.GetProperty("prompt").GetProperty("user_prompt").GetString() == "one two three").GetProperty("response").GetString());
        RecordedRequest feedback = Assert.Single(server.RequestsTo("/v1/feedback"));
        Assert.Contains("\"score\":\"thumbs_up\"", feedback.Body);
        Assert.All(server.Requests, r => Assert.Equal("Bearer tcc_e2e_key", r.Header("Authorization")));

        // 4. Without an API key: the local file, and the note that says where it is.
        (int local, string localOutput) = PackagedSdk.Run(project, "dotnet", program);
        Assert.True(local == 0, localOutput);
        Assert.Contains("No TCC_API_KEY set: runs are written to", localOutput);
        string[] lines = File.ReadAllLines(Path.Combine(project, ".tcc", "runs.jsonl"));
        Assert.Equal(4, lines.Count(l => l.Contains("\"type\":\"run\"", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.Contains("\"type\":\"feedback\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_netstandard20_library_builds_with_the_generator()
    {
        string project = sdk.CreateProject("Library", "netstandard2.0", outputType: "Library", extraProperties: "<LangVersion>10</LangVersion>");
        File.WriteAllText(Path.Combine(project, "LibraryAgent.cs"), ConsumerPrograms.NetStandardLibrary);

        (int exitCode, string buildOutput) = PackagedSdk.Run(project, "dotnet", "build", "--nologo", "-warnaserror");

        output.WriteLine(buildOutput);
        Assert.True(exitCode == 0, buildOutput);
        Assert.Contains("0 Warning(s)", buildOutput);
    }

    [Fact]
    public void A_CSharp8_program_builds_and_runs()
    {
        string project = sdk.CreateProject("Legacy", "net10.0", extraProperties: "<LangVersion>8</LangVersion><ImplicitUsings>disable</ImplicitUsings>");
        File.WriteAllText(Path.Combine(project, "Program.cs"), ConsumerPrograms.CSharp8);

        (int built, string buildOutput) = PackagedSdk.Run(project, "dotnet", "build", "--nologo", "-warnaserror");
        output.WriteLine(buildOutput);
        Assert.True(built == 0, buildOutput);

        (int ran, string ranOutput) = PackagedSdk.Run(project, "dotnet", Path.Combine(project, "bin", "Debug", "net10.0", "Legacy.dll"));
        Assert.True(ran == 0, ranOutput);
        Assert.Contains("handled legacy question for acme in run ", ranOutput);
        string line = Assert.Single(File.ReadAllLines(Path.Combine(project, ".tcc", "runs.jsonl")));
        JsonElement run = JsonDocument.Parse(line).RootElement;
        Assert.Equal("legacy-agent", run.GetProperty("metadata").GetProperty("tcc.agent").GetString());
        Assert.Equal("acme", run.GetProperty("metadata").GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task The_Agent_Framework_package_holds_its_library_with_docs_and_depends_on_this_runtime_and_the_framework()
    {
        string package = Path.Combine(sdk.Feed, $"ContextCompany.Agents.AI.{sdk.Version}.nupkg");
        using System.IO.Compression.ZipArchive archive = System.IO.Compression.ZipFile.OpenRead(package);
        string[] files = archive.Entries.Select(e => e.FullName).ToArray();
        output.WriteLine(string.Join(Environment.NewLine, files));
        foreach (string framework in new[] { "netstandard2.0", "net8.0" })
        {
            Assert.Contains($"lib/{framework}/ContextCompany.Agents.AI.dll", files);
            Assert.Contains($"lib/{framework}/ContextCompany.Agents.AI.xml", files);
        }

        Assert.Contains("README.md", files);
        Assert.Contains("LICENSE", files);
        Assert.True(File.Exists(Path.Combine(sdk.Feed, $"ContextCompany.Agents.AI.{sdk.Version}.snupkg")));
        using StreamReader nuspec = new(archive.GetEntry("ContextCompany.Agents.AI.nuspec")!.Open());
        string manifest = await nuspec.ReadToEndAsync();
        Assert.Contains($"<dependency id=\"ContextCompany\" version=\"{sdk.Version}\"", manifest);
        Assert.Contains("<dependency id=\"Microsoft.Agents.AI\" version=\"1.28.0\"", manifest);
        Assert.Contains($"<dependency id=\"ContextCompany.Extensions.AI\" version=\"{sdk.Version}\"", manifest);
    }

    [Fact]
    public async Task A_chat_pipeline_with_the_Extensions_AI_package_delivers_its_run_and_step()
    {
        string package = Path.Combine(sdk.Feed, $"ContextCompany.Extensions.AI.{sdk.Version}.nupkg");
        using (System.IO.Compression.ZipArchive archive = System.IO.Compression.ZipFile.OpenRead(package))
        {
            string[] files = archive.Entries.Select(e => e.FullName).ToArray();
            output.WriteLine(string.Join(Environment.NewLine, files));
            foreach (string framework in new[] { "netstandard2.0", "net8.0" })
            {
                Assert.Contains($"lib/{framework}/ContextCompany.Extensions.AI.dll", files);
                Assert.Contains($"lib/{framework}/ContextCompany.Extensions.AI.xml", files);
            }

            Assert.Contains("README.md", files);
            Assert.Contains("LICENSE", files);
            using StreamReader nuspec = new(archive.GetEntry("ContextCompany.Extensions.AI.nuspec")!.Open());
            string manifest = await nuspec.ReadToEndAsync();
            Assert.Contains($"<dependency id=\"ContextCompany\" version=\"{sdk.Version}\"", manifest);
            Assert.Contains("<dependency id=\"Microsoft.Extensions.AI\" version=\"10.11.0\"", manifest);
        }

        Assert.True(File.Exists(Path.Combine(sdk.Feed, $"ContextCompany.Extensions.AI.{sdk.Version}.snupkg")));

        string project = sdk.CreateProject(
            "ChatPipeline",
            "net10.0",
            extraReferences: """<PackageReference Include="ContextCompany.Extensions.AI" Version="$(HostingVersion)" />""");
        File.WriteAllText(Path.Combine(project, "Program.cs"), ConsumerPrograms.ChatPipeline);
        (int built, string buildOutput) = PackagedSdk.Run(project, "dotnet", "build", "--nologo", "-warnaserror");
        output.WriteLine(buildOutput);
        Assert.True(built == 0, buildOutput);
        string program = Path.Combine(project, "bin", "Debug", "net10.0", "ChatPipeline.dll");

        // Against a local server: the run and its step go out together in one batch.
        await using IngestServer server = await IngestServer.StartAsync();
        (int ran, string ranOutput) = PackagedSdk.RunWith(new() { ["TCC_API_KEY"] = "tcc_e2e_key", ["TCC_BASE_URL"] = server.BaseUrl.ToString() }, project, "dotnet", program);
        output.WriteLine(ranOutput);
        Assert.True(ran == 0, ranOutput);
        Assert.Contains("answer SAY HELLO", ranOutput);
        JsonElement[] items = server.RequestsTo("/v1/custom")
            .SelectMany(r => r.Json.GetProperty("type").GetString() == "batch" ? r.Json.GetProperty("items").EnumerateArray().ToArray() : [r.Json])
            .ToArray();
        JsonElement run = Assert.Single(items, i => i.GetProperty("type").GetString() == "run");
        Assert.Equal("Say hello", run.GetProperty("prompt").GetProperty("user_prompt").GetString());
        Assert.Equal("SAY HELLO", run.GetProperty("response").GetString());
        Assert.Equal("echo-agent", run.GetProperty("metadata").GetProperty("tcc.agent").GetString());
        JsonElement step = Assert.Single(items, i => i.GetProperty("type").GetString() == "step");
        Assert.Equal(run.GetProperty("run_id").GetString(), step.GetProperty("run_id").GetString());
        Assert.Equal("echo-1", step.GetProperty("model_used").GetString());
        Assert.Equal("stop", step.GetProperty("finish_reason").GetString());
        Assert.Equal(2, step.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(2, items.Length);

        // Without an API key: the same run and step in the local file.
        (int local, string localOutput) = PackagedSdk.Run(project, "dotnet", program);
        Assert.True(local == 0, localOutput);
        string[] lines = File.ReadAllLines(Path.Combine(project, ".tcc", "runs.jsonl"));
        Assert.Equal(["run", "step"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()!).Order().ToArray());

        // Then the tool, installed from the same feed, shows that file: the table, and the run as a tree.
        string tcc = sdk.InstallTool();
        (int listed, string table) = PackagedSdk.Run(project, tcc, "runs");
        output.WriteLine(table);
        Assert.True(listed == 0, table);
        Assert.Contains("echo-agent", table);
        Assert.Contains("Say hello", table);
        string runId = JsonDocument.Parse(lines.Single(l => l.Contains("\"type\":\"run\"", StringComparison.Ordinal))).RootElement.GetProperty("run_id").GetString()!;
        (int shown, string tree) = PackagedSdk.Run(project, tcc, "show", runId[..8]);
        output.WriteLine(tree);
        Assert.True(shown == 0, tree);
        Assert.Contains(runId, tree);
        Assert.Contains("echo-1", tree);
        (int checkedConfig, string doctor) = PackagedSdk.Run(project, tcc, "doctor");
        output.WriteLine(doctor);
        Assert.True(checkedConfig == 0, doctor);
    }

    [Fact]
    public async Task A_generic_host_with_the_hosting_package_delivers_its_runs_when_it_stops()
    {
        string package = Path.Combine(sdk.Feed, $"ContextCompany.Extensions.Hosting.{sdk.Version}.nupkg");
        using (System.IO.Compression.ZipArchive archive = System.IO.Compression.ZipFile.OpenRead(package))
        {
            string[] files = archive.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("lib/net8.0/ContextCompany.Extensions.Hosting.dll", files);
            Assert.Contains("lib/netstandard2.0/ContextCompany.Extensions.Hosting.dll", files);
            using StreamReader nuspec = new(archive.GetEntry("ContextCompany.Extensions.Hosting.nuspec")!.Open());
            Assert.Contains($"<dependency id=\"ContextCompany\" version=\"{sdk.Version}\"", await nuspec.ReadToEndAsync());
        }

        string project = sdk.CreateProject(
            "Hosted",
            "net10.0",
            extraReferences: """
                <PackageReference Include="ContextCompany.Extensions.Hosting" Version="$(HostingVersion)" />
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.0" />
                """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), ConsumerPrograms.Hosted);
        (int built, string buildOutput) = PackagedSdk.Run(project, "dotnet", "build", "--nologo", "-warnaserror");
        output.WriteLine(buildOutput);
        Assert.True(built == 0, buildOutput);

        // Options from the configuration's environment variables; a batch delay longer than the program's
        // life, so the runs only leave because stopping the host delivers them.
        await using IngestServer server = await IngestServer.StartAsync();
        (int ran, string ranOutput) = PackagedSdk.RunWith(
            new()
            {
                ["ContextCompany__ApiKey"] = "tcc_e2e_key",
                ["ContextCompany__BaseUrl"] = server.BaseUrl.ToString(),
                ["ContextCompany__MaxBatchDelay"] = "00:01:00",
            },
            project,
            "dotnet",
            Path.Combine(project, "bin", "Debug", "net10.0", "Hosted.dll"));
        output.WriteLine(ranOutput);
        Assert.True(ran == 0, ranOutput);
        string[] ended = ranOutput.Split('\n').Where(l => l.StartsWith("ended ", StringComparison.Ordinal)).Select(l => l["ended ".Length..].Trim()).ToArray();
        Assert.Equal(3, ended.Length);
        Assert.Equal(
            ended.Order(StringComparer.Ordinal),
            server.RequestsTo("/v1/custom").SelectMany(r => r.Items).Select(i => i.GetProperty("run_id").GetString()!).Order(StringComparer.Ordinal));
    }
}
