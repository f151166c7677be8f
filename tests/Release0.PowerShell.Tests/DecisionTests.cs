using System.Collections;
using System.Globalization;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.PowerShell.Decisions;

namespace Release0.PowerShell.Tests;

public sealed class DecisionTests
{
    [Fact]
    public void A_hashtable_becomes_invariant_text_variables()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var map = InitialContextMapper.Map(new Hashtable { ["Name"] = "Ann", ["Score"] = 4.5, ["Tags"] = new object[] { "a", 2 }, ["Empty"] = null });

            Assert.Equal("Ann", map!["Name"]);
            Assert.Equal("4.5", map["Score"]);
            Assert.Equal("a, 2", map["Tags"]);
            Assert.Null(map["Empty"]);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Null(InitialContextMapper.Map(new Hashtable()));
        Assert.Null(InitialContextMapper.Map(null));
    }

    [Fact]
    public void Rows_become_one_job_per_user_and_session_or_one_job_per_message()
    {
        var builder = new BatchRequestBuilder { FiltersJson = """{"includeEntities":"all"}""", MessagesAsArray = true };
        BatchRow Row(string id, string user, string agent = "a1", string? session = null, params string[] messages) =>
            new() { RowId = id, AgentId = agent, ProjectEnvId = "p1", UserProfileId = user, ExternalUserId = "x", ChatSessionId = session, Messages = messages };
        var rows = new[] { Row("T-1", "alice", messages: "q1"), Row("T-2", "bob", messages: "q2"), Row("T-3", "alice", messages: ["q3", "q4"]), Row("T-4", "alice", "a2", messages: "q5"), Row("T-5", "alice", session: "s1", messages: "q6") };

        var grouped = builder.Build(rows, onePerMessage: false);
        var each = builder.Build(rows, onePerMessage: true);

        Assert.Equal(
            [("alice", "a1", null, "T-1,T-3", "q1,q3,q4"), ("bob", "a1", null, "T-2", "q2"), ("alice", "a2", null, "T-4", "q5"), ("alice", "a1", "s1", "T-5", "q6")],
            grouped.Select(j => (j.Request.UserProfileId, j.Request.AgentId, j.Request.ChatSessionId, string.Join(",", j.RowIds), string.Join(",", j.Request.Messages.Select(m => m.Text)))));
        Assert.Equal(["T-1", "T-2", "T-3", "T-3", "T-4", "T-5"], each.Select(j => Assert.Single(j.RowIds)));
        Assert.Equal(["alice", "bob", "alice", "alice", "alice", "alice"], each.Select(j => j.Request.UserProfileId));
        Assert.All(each, j => Assert.Equal(("p1", "x", "all", BatchMessagesEncoding.Array), (j.Request.ProjectEnvId, j.Request.ExternalUserId, j.Request.Filters!.IncludeEntities, j.Request.MessagesEncoding)));
        Assert.Equal("agent a1 (project environment p1, user profile alice): 3 messages", BatchRequestBuilder.Describe(grouped[0].Request));
    }

    [Fact]
    public void Empty_cells_are_no_ids_and_do_not_split_a_users_rows()
    {
        var rows = new[]
        {
            new BatchRow { RowId = "0", AgentId = "a", ProjectEnvId = "p", UserProfileId = "u", ExternalUserId = string.Empty, ChatSessionId = string.Empty, Messages = ["q1"] },
            new BatchRow { RowId = "1", AgentId = "a", ProjectEnvId = "p", UserProfileId = "u", Messages = ["q2"] },
        };

        var job = Assert.Single(new BatchRequestBuilder().Build(rows, onePerMessage: false));

        Assert.Equal((null, null, null), (job.Request.ExternalUserId, job.Request.ChatSessionId, job.Request.ExternalChatSessionId));
        Assert.Equal(["0", "1"], job.RowIds);
    }

    [Fact]
    public void Bad_filters_are_refused_when_building()
    {
        var builder = new BatchRequestBuilder { FiltersJson = "{nope" };

        Assert.Equal("filters", Assert.Throws<Release0ConfigurationException>(() => builder.Build([new BatchRow { AgentId = "a", ProjectEnvId = "p", UserProfileId = "u", Messages = ["q"] }], false)).Setting);
    }

    [Fact]
    public void Streamed_chunks_become_whole_lines_as_each_line_ends()
    {
        var lines = new StreamedLines();

        Assert.Empty(lines.Add("Echo #1: fir"));
        Assert.Equal(["Echo #1: first"], lines.Add("st\r\nsec"));
        Assert.Equal(["second", string.Empty], lines.Add("ond\n\nthi"));
        Assert.Empty(lines.Add("rd"));
        Assert.Equal("third", lines.Finish());
        Assert.Null(new StreamedLines().Finish());
    }

    [Fact]
    public void Secure_strings_round_trip_and_empty_ones_are_absent()
    {
        Assert.Equal("tok en", SecretText.Read(SecretText.ToSecure("tok en")));
        Assert.True(SecretText.ToSecure("x").IsReadOnly());
        Assert.Null(SecretText.Read(new System.Security.SecureString()));
        Assert.Null(SecretText.Read(null));
    }

    [Fact]
    public void Completion_offers_values_used_in_this_session_newest_first_by_prefix()
    {
        CompletionHistory.Remember(CompletionKind.Slug, "support-agent");
        CompletionHistory.Remember(CompletionKind.Slug, "sales-agent");
        CompletionHistory.Remember(CompletionKind.Slug, "support-agent");
        CompletionHistory.Remember(CompletionKind.Slug, " ");

        Assert.Equal(["support-agent", "sales-agent"], CompletionHistory.Complete(CompletionKind.Slug, "s").Select(v => v.Value).Take(2));
        Assert.Equal(["sales-agent"], CompletionHistory.Complete(CompletionKind.Slug, "'SAL").Select(v => v.Value));
        Assert.DoesNotContain(CompletionHistory.Complete(CompletionKind.BatchJobId, string.Empty), v => v.Value == "sales-agent");
    }

    [Fact]
    public void Completion_history_keeps_only_the_newest_values()
    {
        for (var i = 0; i < CompletionHistory.Capacity + 10; i++)
        {
            CompletionHistory.Remember(CompletionKind.SessionId, $"capacity-{i}", "lead-form");
        }

        var offered = CompletionHistory.Complete(CompletionKind.SessionId, "capacity-");
        Assert.Equal(CompletionHistory.Capacity, offered.Count);
        Assert.Equal(($"capacity-{CompletionHistory.Capacity + 9}", "lead-form"), offered[0]);
    }
}
