using System;
using System.IO;
#if NET
using System.Runtime.InteropServices;
#endif

namespace ContextCompany.Export;

/// <summary>
/// Delivers a client's runs when the process is asked to stop with SIGTERM (<c>docker stop</c>, a
/// Kubernetes pod stopping). Since .NET 10 a console program that gets SIGTERM ends with exit code 143
/// and no <see cref="AppDomain.ProcessExit"/>, so without this everything queued would be lost.
/// </summary>
/// <remarks>
/// The handler flushes within <see cref="TccOptions.ShutdownTimeout"/> and does not cancel the signal, so
/// the process then terminates as it would have. A Generic Host stops itself gracefully on SIGTERM and
/// shuts the client down from its hosted service; the hosting package turns this handler off so that runs
/// ended while the host stops are still accepted.
/// </remarks>
internal static class TerminationSignal
{
    /// <summary>Registers the handler; null where signals are not supported (.NET Framework, browsers).</summary>
    public static IDisposable? Register(Action onTerminate)
    {
#if NET
        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => onTerminate());
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or IOException)
        {
            return null;
        }
#else
        _ = onTerminate;
        return null;
#endif
    }
}
