using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Threading.Tasks;
using ContextCompany.Configuration;
using ContextCompany.Tool.Output;
using Spectre.Console;

namespace ContextCompany.Tool.Commands;

/// <summary>
/// <c>tcc doctor</c>: the configuration the SDK would take from this environment and folder, checked with the
/// SDK's own code (<see cref="TccOptions"/>, <see cref="ServiceEndpoints"/>), so the verdict and the messages are
/// the ones an app would get. Exits 1 when something would fail. The API key is never printed, only its kind.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(ToolContext context)
    {
        Command command = new("doctor", "Check the configuration the SDK would use here: API key (never shown), base and feedback URLs, debug, message content capture, the local runs file and the storage directory.");
        command.SetAction((_, _) => Task.FromResult(Run(context)));
        return command;
    }

    private static int Run(ToolContext context)
    {
        TccOptions options = new(context.Environment);
        Report report = new();
        bool hasKey = options.ApiKey is not null;

        report.Add("API key", hasKey
            ? options.ApiKey!.StartsWith(TccRules.DevelopmentKeyPrefix, StringComparison.Ordinal)
                ? $"set ({TccRules.DevelopmentKeyPrefix} key: the development service); runs are sent"
                : "set (production key); runs are sent"
            : $"not set ({TccOptions.ApiKeyVariable}): runs are written to the local runs file, nothing is sent");
        CheckUrls(report, options, hasKey);
        if (options.AllowUnsafeBaseUrl)
        {
            report.Warn("Unsafe URLs", $"allowed ({TccOptions.AllowUnsafeBaseUrlVariable}=1): the API key is sent to whatever host the URLs name");
        }

        report.Add("Debug", options.Debug ? $"on ({TccOptions.DebugVariable}): the SDK's diagnostics go to standard error" : $"off ({TccOptions.DebugVariable}=1 turns it on)");
        report.Add("Message content", options.CaptureMessageContent
            ? $"captured on OpenTelemetry activities ({TccOptions.CaptureMessageContentVariable}=true)"
            : $"not captured on OpenTelemetry activities ({TccOptions.CaptureMessageContentVariable}=true turns it on)");
        CheckRunsFile(report, context, hasKey);
        CheckStorage(report, context, options.StorageDirectory, hasKey);

        Grid grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach ((string name, string markup) in report.Rows)
        {
            grid.AddRow(new Markup($"[bold]{Markup.Escape(name)}[/]"), new Markup(markup));
        }

        context.Output.Write(grid);
        if (report.Errors == 0)
        {
            context.Output.MarkupLine("[green]No problems found.[/]");
            return TccCommandLine.Success;
        }

        context.Output.MarkupLineInterpolated($"[red]{Formats.Plural(report.Errors, "problem", "problems")} found.[/]");
        return TccCommandLine.Failure;
    }

    /// <summary>The base and feedback URLs through <see cref="ServiceEndpoints.Resolve"/>, each checked alone so an error names the right one.</summary>
    private static void CheckUrls(Report report, TccOptions options, bool hasKey)
    {
        // The SDK resolves them only with a key; a bad one is still reported, since it fails as soon as a key is set.
        string unused = hasKey ? string.Empty : " (not used without an API key)";
        string consequence = hasKey ? " Nothing is sent until it is fixed." : unused;
        TccOptions baseOnly = options.Clone();
        baseOnly.FeedbackUrlText = null;
        string? baseUrl = null;
        try
        {
            baseUrl = ServiceEndpoints.Resolve(baseOnly).BaseUrl;
            string source = options.BaseUrlText is null
                ? hasKey ? "default for this key" : "default"
                : "from " + TccOptions.BaseUrlVariable;
            string safety = ServiceEndpoints.IsSafe(baseUrl) ? "allowed" : $"[yellow]allowed by {TccOptions.AllowUnsafeBaseUrlVariable}=1[/]";
            report.Add("Base URL", $"{Markup.Escape(baseUrl)} ({source}, {safety}){unused}", escape: false);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            report.Error("Base URL", SdkMessage.Of(exception) + consequence);
        }

        TccOptions feedbackOnly = options.Clone();
        if (baseUrl is null)
        {
            feedbackOnly.BaseUrlText = null; // judge the feedback URL on its own
        }

        try
        {
            string feedbackUrl = ServiceEndpoints.Resolve(feedbackOnly).FeedbackUrl.ToString();
            if (options.FeedbackUrlText is not null)
            {
                report.Add("Feedback URL", $"{feedbackUrl} (from {TccOptions.FeedbackUrlVariable}){unused}");
            }
            else if (baseUrl is not null)
            {
                report.Add("Feedback URL", $"{feedbackUrl} (the base URL's){unused}");
            }
            else
            {
                report.Add("Feedback URL", "none: it derives from the base URL, which is invalid");
            }
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            report.Error("Feedback URL", SdkMessage.Of(exception) + consequence);
        }
    }

    private static void CheckRunsFile(Report report, ToolContext context, bool hasKey)
    {
        string path = context.RunsFile(null);
        string use = hasKey ? "not written while an API key is set" : "written by the SDK";
        FileInfo file = new(path);
        if (!file.Exists)
        {
            report.Add("Local runs file", $"{path} (does not exist yet; {use})");
            return;
        }

        long lines = DoctorProbes.CountLines(path);
        report.Add("Local runs file", $"{path} ({Formats.Bytes(file.Length)}, {Formats.Plural(lines, "line", "lines")}; {use}; tcc runs lists them)");
    }

    private static void CheckStorage(Report report, ToolContext context, string? directory, bool hasKey)
    {
        if (directory is null)
        {
            report.Add("Storage directory", $"not set ({TccOptions.StorageDirectoryVariable}): undelivered runs are kept in memory only");
            return;
        }

        string path = Path.GetFullPath(directory, context.WorkingDirectory);
        string unused = hasKey ? string.Empty : " (ignored without an API key: the local runs file keeps everything)";
        DoctorProbes.StorageState state = DoctorProbes.ProbeStorage(path);
        if (state.Problem is { } problem)
        {
            report.Error("Storage directory", $"{path}: {problem}{unused}");
        }
        else if (!state.Exists)
        {
            report.Add("Storage directory", $"{path} (does not exist yet; the SDK will create it){unused}");
        }
        else
        {
            report.Add("Storage directory", $"{path} (exists, writable, {Formats.Plural(state.Files, "file", "files")}, {Formats.Bytes(state.Bytes)}){unused}");
        }
    }

    /// <summary>The rows of the report, and how many are errors.</summary>
    private sealed class Report
    {
        public List<(string Name, string Markup)> Rows { get; } = [];

        public int Errors { get; private set; }

        public void Add(string name, string text, bool escape = true) => Rows.Add((name, escape ? Markup.Escape(text) : text));

        public void Warn(string name, string text) => Rows.Add((name, $"[yellow]{Markup.Escape(text)}[/]"));

        public void Error(string name, string text)
        {
            Errors++;
            Rows.Add((name, $"[red]error: {Markup.Escape(text)}[/]"));
        }
    }
}
