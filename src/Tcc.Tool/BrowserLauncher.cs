using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ContextCompany.Tool;

/// <summary>Opens a URL in the user's browser, when the machine has one.</summary>
internal static class BrowserLauncher
{
    public static bool TryOpen(Uri url)
    {
        try
        {
            ProcessStartInfo start = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? new(url.AbsoluteUri) { UseShellExecute = true }
                : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? new("open", url.AbsoluteUri)
                : new("xdg-open", url.AbsoluteUri);
            start.RedirectStandardError = !start.UseShellExecute;
            start.RedirectStandardOutput = !start.UseShellExecute;
            using Process? process = Process.Start(start);
            return process is not null;
        }
        catch (Exception exception) when (exception is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            return false; // no browser here (a server, a container): the printed URL is enough
        }
    }
}
