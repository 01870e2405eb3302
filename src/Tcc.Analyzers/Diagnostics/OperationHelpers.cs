using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ContextCompany.Analyzers.Diagnostics;

internal static class OperationHelpers
{
    /// <summary>The operation under any implicit or explicit conversions and parentheses.</summary>
    public static IOperation? Unwrap(this IOperation? operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The constant string value of <paramref name="operation"/>, or null.</summary>
    /// <remarks>
    /// A string literal's value is read from its token: the compiler keeps string constants in a form that
    /// builds the string, and a weak reference to it, on the first read of <see cref="IOperation.ConstantValue"/>,
    /// which is most of the cost of checking the literals of a fresh compilation.
    /// </remarks>
    public static string? ConstantString(this IOperation? operation) =>
        operation is ILiteralOperation { Syntax: LiteralExpressionSyntax literal } &&
        literal.IsKind(SyntaxKind.StringLiteralExpression) && !literal.Token.ContainsDiagnostics
            ? literal.Token.ValueText
            : operation is { ConstantValue: { HasValue: true, Value: string text } } ? text : null;

    /// <summary>Whether <paramref name="operation"/> is the constant <c>null</c> (or <c>default</c> of a reference or nullable type).</summary>
    public static bool IsNullConstant(this IOperation? operation) =>
        operation.Unwrap() is { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation;

    /// <summary>The argument bound to the parameter named <paramref name="name"/>, or null.</summary>
    public static IArgumentOperation? Argument(this IInvocationOperation invocation, string name)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == name)
            {
                return argument;
            }
        }

        return null;
    }
}
