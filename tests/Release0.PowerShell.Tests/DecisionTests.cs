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
    public void Messages_become_one_job_or_one_job_each()
    {
        var builder = new BatchRequestBuilder { AgentId = "a1", ProjectEnvId = "p1", UserProfileId = "u1", ExternalUserId = "x", FiltersJson = """{"includeEntities":"all"}""", MessagesAsArray = true };

        var one = builder.Build(["q1", "q2"], onePerMessage: false);
        var each = builder.Build(["q1", "q2"], onePerMessage: true);

        Assert.Equal(["q1", "q2"], Assert.Single(one).Messages.Select(m => m.Text));
        Assert.Equal([["q1"], ["q2"]], each.Select(r => r.Messages.Select(m => m.Text).ToArray()));
        Assert.All(each, r => Assert.Equal(("a1", "p1", "u1", "x", "all", BatchMessagesEncoding.Array), (r.AgentId, r.ProjectEnvId, r.UserProfileId, r.ExternalUserId, r.Filters!.IncludeEntities, r.MessagesEncoding)));
        Assert.Equal("agent a1 (project environment p1, user profile u1): 2 messages", BatchRequestBuilder.Describe(one[0]));
    }

    [Fact]
    public void Bad_filters_are_refused_when_building()
    {
        var builder = new BatchRequestBuilder { AgentId = "a", ProjectEnvId = "p", UserProfileId = "u", FiltersJson = "{nope" };

        Assert.Equal("filters", Assert.Throws<Release0ConfigurationException>(() => builder.Build(["q"], false)).Setting);
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
