using System.Text.RegularExpressions;
using ContextCompany.Tests.Shared;
using Xunit;

namespace ContextCompany.Generators.Tests.Infrastructure;

/// <summary>
/// Compares generated source with a baseline checked in under <c>Snapshots/</c>, after normalizing line
/// endings and the generator's version. Set <c>TCC_UPDATE_SNAPSHOTS=1</c> to rewrite the baselines when
/// a change to the output is intended, then review the diff.
/// </summary>
public static partial class Snapshot
{
    public const string UpdateVariable = "TCC_UPDATE_SNAPSHOTS";

    public static void Match(string actual, string name)
    {
        string path = RepositoryPaths.Combine("tests", "Tcc.Generators.Tests", "Snapshots", name + ".g.cs");
        string normalized = Normalize(actual);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, normalized);
            return;
        }

        Assert.True(File.Exists(path), $"No baseline at {path}; run the tests with {UpdateVariable}=1 to create it.");
        Assert.Equal(Normalize(File.ReadAllText(path)), normalized);
    }

    public static string Normalize(string text) =>
        VersionPattern().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), "GeneratedCode(\"ContextCompany.Generators\", \"VERSION\")");

    [GeneratedRegex("""GeneratedCode\("ContextCompany\.Generators", "[^"]*"\)""")]
    private static partial Regex VersionPattern();
}
