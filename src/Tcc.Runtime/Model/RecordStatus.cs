namespace ContextCompany.Model;

/// <summary>
/// The status of a run, step or tool call: OpenTelemetry's status codes, which the service uses and the
/// wire format carries as numbers. The public <c>Status(int code, ...)</c> methods take the number.
/// </summary>
internal enum RecordStatus
{
    /// <summary>No status was set; the service counts it as ok.</summary>
    Unset = 0,

    /// <summary>Explicitly ok.</summary>
    Ok = 1,

    /// <summary>Failed.</summary>
    Error = 2,
}
