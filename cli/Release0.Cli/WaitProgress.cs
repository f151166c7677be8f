using Release0.Core.Http;

namespace Release0.Cli;

/// <summary>
/// Says on stderr what the client is waiting for, so a slow platform never looks like a hang:
/// one line per poll, and each retry or agent-requested pause long enough to notice.
/// On a terminal the line is updated in place; elsewhere each is a plain line.
/// </summary>
internal sealed class WaitProgress : IRelease0WaitObserver
{
    private readonly CliContext _context;

    public WaitProgress(CliContext context)
    {
        _context = context;
    }

    public void Waiting(Release0Wait wait)
    {
        // Shorter pauses pass unnoticed; --verbose still lists them.
        if (wait.Kind != Release0WaitKind.Poll && !wait.IsNoticeable)
        {
            return;
        }

        if (_context.StatusLine is { } line)
        {
            line.Show(wait.ToString());
        }
        else
        {
            _context.Error.WriteLine(wait.ToString());
        }
    }
}
