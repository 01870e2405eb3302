using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ContextCompany.Extensions.Hosting;

/// <summary>
/// Reads <see cref="TccOptions"/> from a configuration section (<c>ContextCompany</c> by default) without
/// reflection, so trimmed and native AOT applications bind the same way. A key that is absent leaves the
/// option as the environment variables or the defaults set it; a value of the wrong kind fails with the
/// key's full path and what it should look like.
/// </summary>
internal static class TccConfigurationBinder
{
    public static void Bind(IConfiguration section, TccOptions options)
    {
        String(section, nameof(TccOptions.ApiKey), value => options.ApiKey = value);
        // URLs go to the runtime as text: its check, when the client is created, says what is wrong with
        // them (credentials redacted), in the same words as for TCC_BASE_URL.
        String(section, nameof(TccOptions.BaseUrl), value => options.BaseUrlText = value);
        String(section, nameof(TccOptions.FeedbackUrl), value => options.FeedbackUrlText = value);
        Boolean(section, nameof(TccOptions.AllowUnsafeBaseUrl), value => options.AllowUnsafeBaseUrl = value);
        Boolean(section, nameof(TccOptions.Debug), value => options.Debug = value);
        Boolean(section, nameof(TccOptions.CaptureMessageContent), value => options.CaptureMessageContent = value);
        Boolean(section, nameof(TccOptions.DiagnosticsToStandardError), value => options.DiagnosticsToStandardError = value);
        String(section, nameof(TccOptions.LocalPath), value => options.LocalPath = value);
        Boolean(section, nameof(TccOptions.LocalRunSummaries), value => options.LocalRunSummaries = value);
        Integer(section, nameof(TccOptions.MaxQueueSize), value => options.MaxQueueSize = value);
        Integer(section, nameof(TccOptions.MaxConcurrentRequests), value => options.MaxConcurrentRequests = value);
        Integer(section, nameof(TccOptions.MaxDeliveryAttempts), value => options.MaxDeliveryAttempts = value);
        Duration(section, nameof(TccOptions.RequestTimeout), value => options.RequestTimeout = value);
        Duration(section, nameof(TccOptions.MaxBatchDelay), value => options.MaxBatchDelay = value);
        Duration(section, nameof(TccOptions.InitialRetryDelay), value => options.InitialRetryDelay = value);
        Duration(section, nameof(TccOptions.MaxRetryDelay), value => options.MaxRetryDelay = value);
        Duration(section, nameof(TccOptions.DeliveryDeadline), value => options.DeliveryDeadline = value);
        Duration(section, nameof(TccOptions.ShutdownTimeout), value => options.ShutdownTimeout = value);
        String(section, nameof(TccOptions.StorageDirectory), value => options.StorageDirectory = value);
        Parse(section, nameof(TccOptions.MaxStorageSize), "a whole number of bytes",
            text => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : (long?)null,
            value => options.MaxStorageSize = value);
    }

    private static void String(IConfiguration section, string key, Action<string> set)
    {
        string? value = section[key];
        if (!string.IsNullOrWhiteSpace(value))
        {
            set(value!.Trim());
        }
    }

    private static void Boolean(IConfiguration section, string key, Action<bool> set) =>
        Parse(section, key, "true or false", text => bool.TryParse(text, out bool value) ? value : (bool?)null, set);

    private static void Integer(IConfiguration section, string key, Action<int> set) =>
        Parse(section, key, "a whole number", text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : (int?)null, set);

    private static void Duration(IConfiguration section, string key, Action<TimeSpan> set) =>
        Parse(section, key, "a time span such as 00:00:05", text => TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan value) ? value : (TimeSpan?)null, set);

    private static void Parse<T>(IConfiguration section, string key, string expected, Func<string, T?> parse, Action<T> set)
        where T : struct
    {
        string? text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        T? value = parse(text!.Trim());
        if (value is null)
        {
            string path = section is IConfigurationSection named ? named.Path + ":" + key : key;
            throw new InvalidOperationException($"[TCC] Configuration value '{path}' is '{text}': expected {expected}.");
        }

        set(value.Value);
    }
}
