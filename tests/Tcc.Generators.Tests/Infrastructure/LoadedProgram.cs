using System.Reflection;
using System.Text.Json;
using Xunit;

namespace ContextCompany.Generators.Tests.Infrastructure;

/// <summary>
/// The behaviour program, compiled with the generator and loaded once, with the SDK's default client
/// writing runs to a temporary JSON-lines file that the tests read back.
/// </summary>
public sealed class LoadedProgram : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tcc-generator-tests-" + Guid.NewGuid().ToString("N"));
    private readonly Type _driver;

    public LoadedProgram()
    {
        Directory.CreateDirectory(_folder);
        RunsFile = Path.Combine(_folder, "runs.jsonl");
        Tcc.Configure(options =>
        {
            options.ApiKey = null;
            options.LocalPath = RunsFile;
            options.LocalRunSummaries = false;
        });

        GeneratorResult result = GeneratorHarness.Run(BehaviourProgram.Source);
        _driver = result.Load().GetType("Shop.Driver", throwOnError: true)!;
    }

    public string RunsFile { get; }

    /// <summary>Calls <c>Driver.<paramref name="name"/></c>; awaits it when it returns a task.</summary>
    public async Task<string> CallAsync(string name, params object?[] arguments)
    {
        MethodInfo method = _driver.GetMethod(name) ?? throw new InvalidOperationException("no Driver." + name);
        object? value;
        try
        {
            value = method.Invoke(null, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }

        return value is Task<string> task ? await task : (string)value!;
    }

    /// <summary>Every run recorded so far whose user prompt is <paramref name="prompt"/>.</summary>
    public async Task<JsonElement[]> RunsAsync(string prompt)
    {
        Assert.True(await Tcc.FlushAsync(TimeSpan.FromSeconds(10)));
        return File.Exists(RunsFile)
            ? File.ReadAllLines(RunsFile)
                .Select(line => JsonDocument.Parse(line).RootElement)
                .Where(e => e.GetProperty("type").GetString() == "run" &&
                    e.TryGetProperty("prompt", out JsonElement p) && p.GetProperty("user_prompt").GetString() == prompt)
                .ToArray()
            : [];
    }

    public async Task<JsonElement> RunAsync(string prompt) => Assert.Single(await RunsAsync(prompt));

    public void Dispose()
    {
        Tcc.ShutdownAsync().GetAwaiter().GetResult();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
