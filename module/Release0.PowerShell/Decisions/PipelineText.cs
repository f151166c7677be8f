namespace Release0.PowerShell.Decisions;

/// <summary>
/// Which pipeline values count as message text. PowerShell would turn any object into a string to
/// bind it to a string parameter; a message must never be an object's ToString() by accident
/// (a custom object without the expected property, a reply piped back).
/// </summary>
/// <remarks>
/// PowerShell binds a pipeline object in passes: by value as is, by property name as is, then by
/// value with conversion. Refusing (throwing) in the first pass would end binding before the
/// by-property-name pass could bind -SessionId, so a non-text object is instead replaced with a
/// <see cref="NotText"/>: it cannot bind as is, and converted in the last pass it becomes a marked
/// string the cmdlet recognises and reports.
/// </remarks>
internal static class PipelineText
{
    private const string Marker = "\u0000release0:not-text:";

    public static bool IsText(object? value) => value is null or string or char or decimal || (value.GetType().IsPrimitive && value is not IntPtr and not UIntPtr);

    /// <summary>The type name of the object a marked message stands for; null for real text.</summary>
    public static string? Refused(string? message) =>
        message is not null && message.StartsWith(Marker, StringComparison.Ordinal) ? message.Substring(Marker.Length) : null;

    public static string Refusal(string typeName) =>
        $"An object of type {typeName} is not message text. Pipe strings, or objects with a Message property (Import-Csv rows with a Message column, say); Send-AgentMessage also takes SessionId and ConversationId properties.";

    /// <summary>Stands in for a non-text pipeline object; see the remarks on <see cref="PipelineText"/>.</summary>
    public sealed class NotText
    {
        private readonly string _typeName;

        public NotText(object value) => _typeName = value.GetType().Name;

        public override string ToString() => Marker + _typeName;
    }
}
