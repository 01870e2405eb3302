namespace ContextCompany.Tests.Shared;

/// <summary>
/// Finds files of the repository from a running test. The test assembly's own folder is the starting
/// point, not the source file's path: continuous-integration builds map source paths to <c>/_/</c>
/// (deterministic builds), so a path taken from <c>[CallerFilePath]</c> does not exist there.
/// </summary>
public static class RepositoryPaths
{
    private const string SolutionFile = "ContextCompany.Codegen.sln";

    private static readonly Lazy<string> CachedRoot = new(FindRoot);

    /// <summary>The folder that holds the solution file.</summary>
    public static string Root => CachedRoot.Value;

    /// <summary>A path below the repository root, from its parts (for example <c>"tests", "Tcc.Generators.Tests"</c>).</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"The repository root (the folder with {SolutionFile}) was not found above {AppContext.BaseDirectory}.");
    }
}
