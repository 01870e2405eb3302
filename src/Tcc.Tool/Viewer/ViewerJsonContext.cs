using System.Text.Json.Serialization;

namespace ContextCompany.Tool.Viewer;

/// <summary>The API's JSON, generated at build time (no reflection: the tool stays trimmable); camelCase for the page's script, absent values left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunListDto))]
[JsonSerializable(typeof(RunDetailDto))]
[JsonSerializable(typeof(SessionDto))]
[JsonSerializable(typeof(ChangesDto))]
[JsonSerializable(typeof(AgentsDto))]
internal sealed partial class ViewerJsonContext : JsonSerializerContext;
