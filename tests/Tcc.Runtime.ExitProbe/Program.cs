using System;
using System.Globalization;
using System.Threading;
using ContextCompany;

// A program of the tests, run as a child process with only the TCC_* variables a test sets.
//   <count> (default 1000): ends that many runs through the default client (configured from the
//     environment) and returns at once: delivery is left to the SDK's process-exit flush.
//   wait-for-signal <count>: ends that many runs, leaves one open, prints "ended", then sleeps until killed.
//   statistics: reads Tcc.Statistics and flushes before anything else, then ends nothing.
//   configure-null, configure-null-options: Tcc.Configure(null) through either overload, then one run.
switch (args.Length > 0 ? args[0] : null)
{
    case "statistics":
        Console.WriteLine($"statistics: {Tcc.Statistics}");
        Console.WriteLine($"flushed: {await Tcc.FlushAsync()}");
        return 0;

    case "wait-for-signal":
        // Ends the runs, leaves one run open, then waits to be stopped by a signal (SIGTERM, SIGKILL).
        int ended = int.Parse(args[1], CultureInfo.InvariantCulture);
        for (int i = 0; i < ended; i++)
        {
            Tcc.Run(runId: $"signal-probe-{i:D5}").Prompt($"question {i}").Response($"answer {i}").End();
        }

        Tcc.Run(runId: "signal-probe-open").Prompt("never ended");
        Console.WriteLine($"ended {ended} runs");
        Thread.Sleep(Timeout.Infinite);
        return 0;

    case "configure-null":
    case "configure-null-options":
        try
        {
            TccClient client = args[0] == "configure-null" ? Tcc.Configure(null) : Tcc.Configure((TccOptions?)null);
            Console.WriteLine($"default client replaced: {ReferenceEquals(client, Tcc.Client)}");
            Tcc.Run(runId: "configured-from-the-environment").Prompt("p").End();
            Console.WriteLine($"flushed: {await Tcc.FlushAsync()}");
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            Console.WriteLine($"{ex.GetType().Name}: {ex.Message}");
        }

        return 0;
}

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
