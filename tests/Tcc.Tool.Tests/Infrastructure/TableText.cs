namespace ContextCompany.Tool.Tests.Infrastructure;

/// <summary>Reads the rows of a table the tool printed as plain text (cells between <c>│</c> borders).</summary>
public static class TableText
{
    /// <summary>The cells of every body row, in printed order (the header row is left out).</summary>
    public static IReadOnlyList<string[]> Rows(string output) =>
        output.Split('\n')
            .Where(static line => line.TrimStart().StartsWith('│'))
            .Select(static line => line.Trim().Trim('│').Split('│').Select(static cell => cell.Trim()).ToArray())
            .Skip(1)
            .ToList();

    /// <summary>The row whose run column (the second) is <paramref name="shortId"/>.</summary>
    public static string[] Row(string output, string shortId) =>
        Rows(output).SingleOrDefault(row => row.Length > 1 && row[1] == shortId)
        ?? throw new InvalidOperationException($"no row for {shortId} in:\n{output}");

    /// <summary>The run column of every row, in printed order.</summary>
    public static IReadOnlyList<string> RunColumn(string output) => Rows(output).Select(static row => row[1]).ToList();
}
