using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Tool.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ContextCompany.Tool.Viewer;

/// <summary>The viewer's JSON API: read only, every answer a copy made under the catalog's lock.</summary>
internal static class ViewerApi
{
    /// <summary>How long <c>/api/changes</c> holds a request when nothing changes: short enough for proxies and sleeping laptops.</summary>
    private static readonly TimeSpan LongPollTimeout = TimeSpan.FromSeconds(25);

    public static void Map(IEndpointRouteBuilder endpoints, LiveRunCatalog runs, TimeProvider time, CancellationToken stopping)
    {
        endpoints.MapGet("/api/runs", context => ListAsync(context, runs, time));
        endpoints.MapGet("/api/runs/{id}", context => RunAsync(context, runs));
        endpoints.MapGet("/api/sessions/{id}", context => SessionAsync(context, runs));
        endpoints.MapGet("/api/agents", context => WriteAsync(context, runs.Query((catalog, _, _) => RunViews.Agents(catalog)), ViewerJsonContext.Default.AgentsDto));
        endpoints.MapGet("/api/changes", context => ChangesAsync(context, runs, stopping));
    }

    private static Task ListAsync(HttpContext context, LiveRunCatalog runs, TimeProvider time)
    {
        IQueryCollection query = context.Request.Query;
        if (!RunFilter.TryParse(Value(query, "agent"), Value(query, "session"), Value(query, "status"), Value(query, "since"), time.GetUtcNow().UtcDateTime, out RunFilter filter, out string? problem))
        {
            return BadRequestAsync(context, "invalid " + problem);
        }

        RunListDto list = runs.Query((catalog, version, problem) => RunViews.List(catalog, version, problem, runs.DisplayPath, filter));
        return WriteAsync(context, list, ViewerJsonContext.Default.RunListDto);
    }

    private static Task RunAsync(HttpContext context, LiveRunCatalog runs)
    {
        string id = (string)context.Request.RouteValues["id"]!;
        RunDetailDto? detail = runs.Query((catalog, version, _) => catalog.Find(id) is { } run ? RunViews.Detail(catalog, version, run) : null);
        return detail is null
            ? NotFoundAsync(context, "no run with this id in the file")
            : WriteAsync(context, detail, ViewerJsonContext.Default.RunDetailDto);
    }

    private static Task SessionAsync(HttpContext context, LiveRunCatalog runs)
    {
        string id = (string)context.Request.RouteValues["id"]!;
        SessionDto session = runs.Query((catalog, version, _) => RunViews.Session(catalog, version, id));
        return session.Runs.Count == 0
            ? NotFoundAsync(context, "no run of this session in the file")
            : WriteAsync(context, session, ViewerJsonContext.Default.SessionDto);
    }

    private static async Task ChangesAsync(HttpContext context, LiveRunCatalog runs, CancellationToken stopping)
    {
        if (!long.TryParse(Value(context.Request.Query, "since"), NumberStyles.None, CultureInfo.InvariantCulture, out long seen))
        {
            seen = -1; // no version yet: answer at once
        }

        using CancellationTokenSource wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        wait.CancelAfter(LongPollTimeout);
        await runs.WaitForChangeAsync(seen, wait.Token).ConfigureAwait(false);
        if (!context.RequestAborted.IsCancellationRequested)
        {
            ChangesDto changes = runs.Query((catalog, version, problem) => new ChangesDto(version, RunViews.Health(catalog, problem, runs.DisplayPath)));
            await WriteAsync(context, changes, ViewerJsonContext.Default.ChangesDto).ConfigureAwait(false);
        }
    }

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.ToString() is { Length: > 0 } value ? value : null;

    private static Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    private static Task BadRequestAsync(HttpContext context, string message) => TextAsync(context, StatusCodes.Status400BadRequest, message);

    private static Task NotFoundAsync(HttpContext context, string message) => TextAsync(context, StatusCodes.Status404NotFound, message);

    /// <summary>A short plain-text answer (errors).</summary>
    public static Task TextAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("tcc view: " + message + "\n", context.RequestAborted);
    }
}
