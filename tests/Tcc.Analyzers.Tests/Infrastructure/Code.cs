namespace ContextCompany.Analyzers.Tests.Infrastructure;

/// <summary>Test programs: statements inside a method of an agent class, or members of it.</summary>
public static class Code
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using ContextCompany;

        """;

    /// <summary>Statements in <c>async Task Handle(bool x, string p, TccClient client, AgentRun given)</c>.</summary>
    public static string Statements(string statements) => Usings + $$"""
        namespace Agents
        {
            public partial class Agent
            {
                public async Task Handle(bool x, string p, TccClient client, AgentRun given)
                {
                    {{statements}}
                    await Task.CompletedTask;
                }

                private static void Use(object value) { }

                private static void SetPrompt(AgentRun run) => run.Prompt("p");

                private static string Compute() => "computed";

                private AgentRun? _stored;
            }
        }
        """;

    /// <summary>Members of <c>public partial class Agent</c>.</summary>
    public static string Members(string members) => Usings + $$"""
        namespace Agents
        {
            public sealed class Order { public string Id { get; set; } = ""; }
            public sealed class Named { public override string ToString() => "named"; }
            public record Receipt(string Id);
            public struct Point { public int X; }
            public enum Mood { Happy }

            public partial class Agent
            {
                {{members}}
            }
        }
        """;
}
