using System;

namespace ContextCompany.Tool;

/// <summary>A user mistake (a missing file, an unknown run id, a bad option value): printed as one line, in red, with no stack trace.</summary>
internal sealed class ToolException : Exception
{
    public ToolException(string message)
        : base(message)
    {
    }

    public ToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
