using System.Threading;
using System.Threading.Tasks;

namespace ContextCompany.Tool;

/// <summary>The <c>tcc</c> command.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => TccCommandLine.InvokeAsync(args, ToolContext.FromProcess(), CancellationToken.None);
}
