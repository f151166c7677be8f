using System.Text.Json.Serialization;
using Release0.Core.Jobs.Messages;

namespace Release0.Core.Jobs.Results;

/// <summary>Source-generated serializers for queue messages the workflow sends and the documents it writes.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PollTicket))]
[JsonSerializable(typeof(SubmissionRecord))]
[JsonSerializable(typeof(ClaimRecord))]
[JsonSerializable(typeof(ClaimRelease))]
[JsonSerializable(typeof(BatchJobResult))]
[JsonSerializable(typeof(ChatTranscriptResult))]
[JsonSerializable(typeof(RejectedMessage))]
[JsonSerializable(typeof(ScheduleSlotRecord))]
public sealed partial class JobsJsonContext : JsonSerializerContext;
