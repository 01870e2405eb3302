using System.Text;

namespace ContextCompany.Analyzers.Tests.Infrastructure;

/// <summary>
/// Method bodies built at random (with a fixed seed) from calls on a run <c>r</c>, a step <c>s</c> and a tool
/// call <c>t</c>, nested in the shapes the operation-tree pass decides (if/else, try/catch, return, throw) and
/// in shapes it leaves to the graph (loops, switch, finally, using, short-circuit conditions, reassignment).
/// </summary>
public static class FlowCorpus
{
    private static readonly string[] Headers =
    [
        "var r = Tcc.Run();",
        "var r = Tcc.Run().Prompt(p);",
        "AgentRun r = client.Run(sessionId: \"s\");",
        "AgentRun r = Tcc.Run(), other = Tcc.Run().Prompt(p);",
    ];

    private static readonly string[] StepHeaders = ["var s = r.Step();", "var s = r.Step().Prompt(\"q\");", "AgentStep s = Tcc.Step(r.RunId).Prompt(\"q\").Response(\"a\");"];

    private static readonly string[] ToolHeaders = ["var t = r.ToolCall();", "var t = r.ToolCall(\"search\");", "ToolCall t = r.ToolCall(toolName: null);"];

    // Formatted like the shapes: {0} makes names unique.
    private static readonly string[] Actions =
    [
        "r.Prompt(p);", "r.Response(\"a\");", "r.Metadata(\"k\", \"v\");", "r.End();", "r.Error(\"e\");", "r.Prompt(p).Response(\"a\");",
        "r.Response(\"a\").End();", "r.Metadata((\"a\", \"b\"), (\"c\", $\"{{p}}!\")).End();",
        "s.Prompt(\"q\");", "s.Response(\"a\");", "s.End();", "s.Error();", "s.Tokens(completion: 3);", "s.Prompt(Compute()).Response(p + \"!\").End();",
        "t.Name(\"search\");", "t.Args(\"{{}}\");", "t.End();", "t.Error(\"timeout\");",
        "Use(p);", "Use(r.RunId);", "await r.FeedbackAsync(FeedbackScore.ThumbsUp);", "p = Compute() + p;", "Use(new object());",
        "Tcc.Run().Prompt(p).End();", "Tcc.Run().Prompt(p);", "r.Step().Prompt(\"q\").End();", "_ = r.Prompt(p);",
        "Use((Action)(() => Use(p)));", "Use(!x);", "Use(x == y);", "Use(new[] {{ p, p }});", "Use(typeof(AgentRun));", "Use(default(int));",
        "Use((Action)(() => Tcc.Run().Prompt(p).End()));", "Use((Action)(() => {{ var inner{0} = Tcc.Run(); }}));", "void Local{0}() => Use(p); Local{0}();",
        "Use(r.Prompt(p).Step().Prompt(\"q\").Response(\"a\").RunId);", "var id{0} = r.Response(\"a\").RunId;", ";",
    ];

    // Expressions the operation-tree pass leaves to the graph (formatted: {0} makes names unique).
    private static readonly string[] GraphActions =
    [
        "Use(x ? r.RunId : p);", "Use(p ?? Compute());", "r = Tcc.Run();", "Use(x && y);", "Use(new List<string> {{ p }});", "Use(p is {{ Length: > 0 }});",
        "Use(nameof(p));", "int n{0} = 0; n{0}++;", "p += \"!\";", "r?.End();",
    ];

    /// <summary>Shapes the operation-tree pass decides; <c>{0}</c> and <c>{1}</c> are blocks, <c>{2}</c> makes names unique.</summary>
    private static readonly string[] TreeShapes =
    [
        "if (x) {{ {0} }} else {{ {1} }}",
        "if (y) {{ {0} }}",
        "if (x) {{ {0} }} else if (y) {{ {1} }}",
        "try {{ {0} }} catch (Exception exception{2}) {{ Use(exception{2}.Message); {1} }}",
        "try {{ {0} }} catch (InvalidOperationException) {{ {1} }} catch {{ }}",
        "try {{ {0} }} catch {{ {1} throw; }}",
        "{{ {0} }}",
        "if (x) {{ {0} return r.RunId; }}",
        "if (y) {{ {0} throw new InvalidOperationException(p); }}",
        "if (x) {{ {0} return r.Response(\"a\").RunId; }} else {{ {1} return Compute(); }}",
        "try {{ {0} return p; }} catch (Exception) {{ {1} }}",
        "try {{ Use(p); try {{ {0} }} catch {{ {1} }} }} catch {{ r.Error(); }}",
    ];

    /// <summary>Shapes left to the graph.</summary>
    private static readonly string[] GraphShapes =
    [
        "while (x) {{ {0} x = false; }}",
        "for (int i{2} = 0; i{2} < 2; i{2}++) {{ {0} }}",
        "foreach (char c{2} in p) {{ {0} }}",
        "do {{ {0} }} while (y);",
        "try {{ {0} }} finally {{ {1} }}",
        "try {{ {0} }} catch (Exception) when (x) {{ {1} }}",
        "switch (p) {{ case \"a\": {{ {0} }} break; default: {{ {1} }} break; }}",
        "using (new System.IO.MemoryStream()) {{ {0} }}",
        "checked {{ {0} }}",
        "if (x && y) {{ {0} }} else {{ {1} }}",
        "if (true) {{ {0} }}",
        "try {{ }} catch {{ {0} }}",
        "try {{ int k{2} = 0; {0} }} catch {{ {1} }}",
        "try {{ int k{2}; {0} }} catch {{ {1} }}",
        "if (x) {{ {0} goto done{2}; }} {1} done{2}: Use(p);",
    ];

    public static IReadOnlyList<string> Bodies(int count, int seed)
    {
        Random random = new(seed);
        List<string> bodies = new();
        for (int i = 0; i < count; i++)
        {
            StringBuilder body = new();
            body.Append(Pick(random, Headers)).Append(' ');
            body.Append(Pick(random, StepHeaders)).Append(' ');
            body.Append(Pick(random, ToolHeaders)).Append(' ');
            int locals = 0;
            body.Append(Block(random, depth: 0, ref locals));
            bodies.Add(body.ToString());
        }

        return bodies;
    }

    // A finally clause cannot return: its blocks get no shape that does.
    private static string Block(Random random, int depth, ref int locals, bool mayReturn = true)
    {
        StringBuilder block = new();
        int statements = random.Next(1, 5);
        for (int i = 0; i < statements; i++)
        {
            int roll = random.Next(100);
            if (depth < 3 && roll < 30)
            {
                string shape = random.Next(100) < 80 ? Pick(random, TreeShapes) : Pick(random, GraphShapes);
                if (!mayReturn && shape.Contains("return", StringComparison.Ordinal))
                {
                    shape = "{{ {0} }}";
                }

                bool inFinally = shape.Contains("finally", StringComparison.Ordinal);
                string first = Block(random, depth + 1, ref locals, mayReturn);
                string second = Block(random, depth + 1, ref locals, mayReturn && !inFinally);
                block.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, first, second, locals++)).Append(' ');
            }
            else if (roll < 36)
            {
                // A step declared and used inside the block.
                string name = "u" + locals++;
                block.Append($"var {name} = r.Step(); {name}.Prompt(\"q\"); ");
                if (random.Next(2) == 0)
                {
                    block.Append($"{name}.Response(\"a\"); ");
                }

                block.Append(random.Next(3) == 0 ? string.Empty : $"{name}.End(); ");
            }
            else if (roll < 40)
            {
                block.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(random, GraphActions), locals++)).Append(' ');
            }
            else
            {
                block.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(random, Actions), locals++)).Append(' ');
            }
        }

        return block.ToString();
    }

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];
}
