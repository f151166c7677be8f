using System.Reflection;
using NJsonSchema;
using Release0.Core.Jobs;
using Release0.Core.Jobs.Messages;

namespace Release0.Core.Tests;

/// <summary>The published JSON schemas and the workflow's own validation agree on what is valid.</summary>
public sealed class JobSchemaTests
{
    public static TheoryData<string, string, bool> Samples => new()
    {
        { "batch-job-request", FastJobs.Batch("job-1"), true },
        { "batch-job-request", """{"jobId":"job-2","agentId":"a","projectEnvId":"p","userProfileId":"u","messages":[{"text":"hi"}],"filters":{"includeEntities":"filtered","entityFilters":[{"entityId":"t","select":["a"],"where":{"b":1}}]},"deadline":"2026-11-21T03:00:00Z"}""", true },
        { "batch-job-request", """{"jobId":"job-3","agentId":"a","projectEnvId":"p","userProfileId":"u","messages":[]}""", false },
        { "batch-job-request", """{"jobId":"job 4","agentId":"a","projectEnvId":"p","userProfileId":"u","messages":["x"]}""", false },
        { "batch-job-request", """{"jobId":"../../tmp/x","agentId":"a","projectEnvId":"p","userProfileId":"u","messages":["x"]}""", false },
        { "batch-job-request", """{"jobId":"job-5","agentId":"a","projectEnvId":"p","userProfileId":"u","messages":[42]}""", false },
        { "batch-job-request", """{"jobId":"job-6","agentId":"a","projectEnvId":"p","userProfileId":"u","messages":["x"],"chatSessionId":"c","externalChatSessionId":"e"}""", false },
        { "batch-job-request", """{"jobId":"job-7","agentId":"a","projectEnvId":"p","userProfileId":"u","messages":["x"],"filters":{"includeEntities":"some"}}""", false },
        { "batch-job-request", """{"jobId":"job-8","agentId":" ","projectEnvId":"p","userProfileId":"u","messages":["x"]}""", false },
        { "batch-job-request", FastJobs.Batch("job-9").TrimEnd('}') + ",\"resendUnknown\":true}", true },
        { "batch-job-request", FastJobs.Batch("job-10").TrimEnd('}') + ",\"resendUnknown\":\"yes\"}", false },
        { "poll-ticket", """{"jobId":"j","batchJobId":"bj_1","userProfileId":"u","attempt":2,"deadline":"2026-11-21T03:00:00Z","submittedAt":"2026-11-21T02:00:00Z"}""", true },
        { "poll-ticket", """{"jobId":"j","batchJobId":"bj_1","userProfileId":"u","attempt":0,"deadline":"2026-11-21T03:00:00Z","submittedAt":"2026-11-21T02:00:00Z"}""", false },
        { "poll-ticket", """{"jobId":"j","batchJobId":"bj_1","userProfileId":"u","attempt":1,"submittedAt":"2026-11-21T02:00:00Z"}""", false },
        { "agent-event", FastJobs.Event("evt-1", "lead-form", "Ann"), true },
        { "agent-event", """{"eventId":"e","agentId":"a"}""", true },
        { "agent-event", """{"eventId":"e","agentId":"a","replies":[1]}""", false },
        { "agent-event", """{"eventId":"e","agentId":"a","initialContext":[]}""", false },
        { "agent-event", """{"agentId":"a"}""", false },
        { "agent-event", """{"eventId":"e","agentId":"a","resendUnknown":false}""", true },
        { "agent-event", """{"eventId":"e","agentId":"a","resendUnknown":1}""", false },
        { "agent-event", """{"eventId":"e","agentId":"a","releasedAttempt":3}""", true },
        { "agent-event", """{"eventId":"e","agentId":"a","releasedAttempt":0}""", false },
        { "scheduled-job", """{"id":"nightly","everyMinutes":60,"request":{"agentId":"a","projectEnvId":"p","userProfileId":"u","messages":["x"]}}""", true },
        { "scheduled-job", """{"id":"nightly","everyMinutes":0,"request":{"agentId":"a","projectEnvId":"p","userProfileId":"u","messages":["x"]}}""", false },
        { "scheduled-job", """{"id":"nightly","everyMinutes":5}""", false },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Schema_and_validation_agree(string schemaName, string message, bool valid)
    {
        var folder = typeof(JobSchemaTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SchemaFolder").Value!;
        var schema = await JsonSchema.FromFileAsync(Path.Combine(folder, schemaName + ".schema.json"));

        var schemaErrors = schema.Validate(message);
        var codeError = Record.Exception(() => Parse(schemaName, message));

        Assert.Equal(valid, schemaErrors.Count == 0);
        Assert.Equal(valid, codeError is null);
        if (!valid)
        {
            Assert.IsType<JobMessageException>(codeError);
        }
    }

    private static object Parse(string schemaName, string message) => schemaName switch
    {
        "batch-job-request" => BatchJobRequest.Parse(message),
        "poll-ticket" => PollTicket.Parse(message),
        "agent-event" => AgentEvent.Parse(message),
        _ => ScheduledJobDefinition.Parse(message),
    };
}
