namespace Release0.PowerShell.Decisions;

/// <summary>
/// Which pipeline values count as message text. PowerShell would turn any object into a string to
/// bind it to a string parameter; a message must never be an object's ToString() by accident
/// (a session or reply piped back, a custom object without the expected property).
/// </summary>
internal static class PipelineText
{
    public static bool IsText(object? value) => value is null or string or char || (value.GetType().IsPrimitive && value is not IntPtr and not UIntPtr) || value is decimal;

    public static string Refusal(object value) =>
        $"A {value.GetType().Name} is not message text. Pipe strings, or objects with a SessionId property (and optionally a Message property).";
}
