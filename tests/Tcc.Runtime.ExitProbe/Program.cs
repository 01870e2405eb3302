using System;
using System.Globalization;
using ContextCompany;

// Ends N runs through the default client (configured from TCC_* environment variables) and returns at
// once: delivery of everything ended is left to the SDK's process-exit flush.
int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
for (int i = 0; i < count; i++)
{
    Tcc.Run(runId: $"exit-probe-{i:D5}")
        .Prompt($"question {i}")
        .Response($"answer {i}")
        .End();
}

Console.WriteLine($"ended {count} runs");
return 0;
