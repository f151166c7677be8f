using Release0.Core.Http;

namespace Release0.PowerShell.Hosting;

/// <summary>
/// The module's connections log, and say what they wait for, through this; each cmdlet invocation
/// points it at its own output for the duration of its call (the target flows with the async work
/// that runs the call). Wait notices reach a target that is also an <see cref="IRelease0WaitObserver"/>.
/// </summary>
internal sealed class RoutingLog : IRelease0Log, IRelease0WaitObserver
{
    private static readonly AsyncLocal<IRelease0Log?> CurrentTarget = new();

    public static IDisposable Route(IRelease0Log target)
    {
        var previous = CurrentTarget.Value;
        CurrentTarget.Value = target;
        return new Restore(previous);
    }

    public bool IsEnabled(Release0LogLevel level) => CurrentTarget.Value?.IsEnabled(level) == true;

    public void Write(Release0LogLevel level, string message) => CurrentTarget.Value?.Write(level, message);

    public void Waiting(Release0Wait wait) => (CurrentTarget.Value as IRelease0WaitObserver)?.Waiting(wait);

    private sealed class Restore : IDisposable
    {
        private readonly IRelease0Log? _previous;

        public Restore(IRelease0Log? previous)
        {
            _previous = previous;
        }

        public void Dispose() => CurrentTarget.Value = _previous;
    }
}
