using System.Text.Json;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>The service's rules for reserved metadata, applied on export: dropped, reported once, never thrown.</summary>
public sealed class ReservedMetadataTests : ServerTestBase
{
    [Theory]
    [InlineData("runs")]
    [InlineData("sessions")]
    [InlineData("patterns")]
    [InlineData("recaps")]
    [InlineData("overview")]
    [InlineData("search")]
    [InlineData("failures")]
    [InlineData("feedback")]
    [InlineData("tools")]
    [InlineData("topics")]
    [InlineData("views")]
    [InlineData("settings")]
    [InlineData("mcp-and-api")]
    [InlineData(" Runs ")]
    [InlineData("SETTINGS")]
    public async Task Agent_named_like_a_dashboard_route_is_dropped(string agent)
    {
        JsonElement metadata = await SendAsync(new() { ["tcc.agent"] = agent, ["plan"] = "pro" });

        Assert.False(metadata.TryGetProperty("tcc.agent", out _));
        Assert.Equal("pro", metadata.GetProperty("plan").GetString());
        Assert.Contains(StandardError(), line => line.Contains("tcc.agent", StringComparison.Ordinal) && line.Contains("reserved dashboard route", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("runs-bot")]
    [InlineData("support-agent")]
    [InlineData("my runs")]
    public async Task Agent_names_that_only_contain_a_route_are_kept(string agent)
    {
        JsonElement metadata = await SendAsync(new() { ["tcc.agent"] = agent });
        Assert.Equal(agent, metadata.GetProperty("tcc.agent").GetString());
        Assert.Empty(StandardError());
    }

    [Fact]
    public async Task User_name_without_user_id_is_dropped()
    {
        JsonElement metadata = await SendAsync(new() { ["tcc.userName"] = "Jane Doe", ["tcc.orgId"] = "org-1" });

        Assert.False(metadata.TryGetProperty("tcc.userName", out _));
        Assert.Equal("org-1", metadata.GetProperty("tcc.orgId").GetString());
        Assert.Contains(StandardError(), line => line.Contains("tcc.userName: it requires tcc.userId", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Org_name_without_org_id_is_dropped()
    {
        JsonElement metadata = await SendAsync(new() { ["tcc.orgName"] = "Acme", ["tcc.userId"] = "u-1" });

        Assert.False(metadata.TryGetProperty("tcc.orgName", out _));
        Assert.Contains(StandardError(), line => line.Contains("tcc.orgName: it requires tcc.orgId", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tcc.userName", "tcc.userId", "tcc.orgName", "tcc.orgId")]
    [InlineData("tcc.orgName", "tcc.orgId", "tcc.userName", "tcc.userId")]
    public async Task Each_name_needs_its_own_id(string keptName, string keptId, string droppedName, string droppedNameId)
    {
        JsonElement metadata = await SendAsync(new() { [keptName] = "kept", [keptId] = "id-1", [droppedName] = "dropped" });

        Assert.Equal("kept", metadata.GetProperty(keptName).GetString());
        Assert.Equal("id-1", metadata.GetProperty(keptId).GetString());
        Assert.False(metadata.TryGetProperty(droppedName, out _));
        Assert.Single(StandardError(), line => line.Contains($"{droppedName}: it requires {droppedNameId}", StringComparison.Ordinal));
        Assert.DoesNotContain(StandardError(), line => line.Contains($"{keptName}:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Names_with_their_ids_set_in_a_later_call_are_kept()
    {
        AgentRun r = Client.Run().Prompt("p");
        r.Metadata(TccMetadataKeys.UserName, "Jane Doe");
        r.Metadata(TccMetadataKeys.OrgName, "Acme");
        r.Metadata((TccMetadataKeys.UserId, "u-1"), (TccMetadataKeys.OrgId, "o-1"));
        r.End();

        JsonElement metadata = await SingleMetadataAsync();
        Assert.Equal(4, metadata.EnumerateObject().Count());
        Assert.Empty(StandardError());
    }

    [Theory]
    [InlineData("tcc.userID", "did you mean 'tcc.userId'?")]
    [InlineData("tcc.user_id", "did you mean 'tcc.userId'?")]
    [InlineData("TCC.agent", "did you mean 'tcc.agent'?")]
    [InlineData("tcc.custom", "is not recognized")]
    public async Task Unknown_tcc_keys_are_dropped_with_a_hint(string key, string hint)
    {
        JsonElement metadata = await SendAsync(new() { [key] = "x", ["tcc-like"] = "kept", ["tccx.key"] = "kept" });

        Assert.False(metadata.TryGetProperty(key, out _));
        Assert.Equal("kept", metadata.GetProperty("tcc-like").GetString());
        Assert.Equal("kept", metadata.GetProperty("tccx.key").GetString());
        Assert.Contains(StandardError(), line => line.Contains($"'{key}'", StringComparison.Ordinal) && line.Contains(hint, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_reserved_key_is_kept()
    {
        JsonElement metadata = await SendAsync(new()
        {
            [TccMetadataKeys.RunId] = "r", [TccMetadataKeys.SessionId] = "s", [TccMetadataKeys.Conversational] = "true",
            [TccMetadataKeys.Agent] = "a", [TccMetadataKeys.UserId] = "u", [TccMetadataKeys.UserName] = "U",
            [TccMetadataKeys.OrgId] = "o", [TccMetadataKeys.OrgName] = "O",
        });

        Assert.Equal(8, metadata.EnumerateObject().Count());
    }

    [Fact]
    public async Task Each_drop_is_reported_once_however_many_runs_repeat_it()
    {
        using EventCapture events = new();
        for (int i = 0; i < 20; i++)
        {
            Client.Run().Prompt("p").Metadata("tcc.agent", "runs").Metadata("tcc.userID", "u").End();
        }

        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(20, Server.RequestsTo("/v1/custom").Count);
        Assert.Single(StandardError(), line => line.Contains("tcc.agent='runs'", StringComparison.Ordinal));
        Assert.Single(StandardError(), line => line.Contains("'tcc.userID'", StringComparison.Ordinal));
        Assert.Contains(events.Messages, m => m.Contains("tcc.agent='runs'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metadata_left_empty_by_the_rules_is_left_out()
    {
        Client.Run().Prompt("p").Metadata("tcc.agent", "runs").End();

        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(10)));
        Assert.False(Assert.Single(Server.RequestsTo("/v1/custom")).Json.TryGetProperty("metadata", out _));
    }

    private async Task<JsonElement> SendAsync(Dictionary<string, string> metadata)
    {
        Client.Run().Prompt("p").Metadata(metadata).End();
        return await SingleMetadataAsync();
    }

    private async Task<JsonElement> SingleMetadataAsync()
    {
        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(10)));
        return Assert.Single(Server.RequestsTo("/v1/custom")).Json.GetProperty("metadata");
    }
}
