using System.Management.Automation;
using Release0.Core.Http;

namespace Release0.PowerShell.Cmdlets;

/// <summary>
/// Shows one invocation's waits for the platform's rate limit as one progress record, written on the
/// pipeline thread. Many calls wait for their turn at once (a bulk submit paced to the limit), so only
/// the latest wait is written, and the short waits write no warning: a paced run would bury the
/// warnings that matter (a wait long enough to notice is also a warning, see <see cref="Release0Wait.IsNoticeable"/>). The record is removed when the invocation's work ends.
/// </summary>
internal sealed class PaceProgress
{
    private const int ProgressId = 29;
    private const string Activity = "Waiting for the platform's rate limit";
    private readonly Release0Cmdlet _cmdlet;
    private Release0Wait? _latest;
    private int _posted;
    private bool _shown;

    public PaceProgress(Release0Cmdlet cmdlet)
    {
        _cmdlet = cmdlet;
    }

    /// <summary>Any thread: shows this wait, or a later one if it arrives before the write.</summary>
    public void Waiting(Release0Wait wait)
    {
        Volatile.Write(ref _latest, wait);
        if (Interlocked.Exchange(ref _posted, 1) == 1)
        {
            return;
        }

        _cmdlet.Post(() =>
        {
            Interlocked.Exchange(ref _posted, 0);
            var latest = Volatile.Read(ref _latest)!;
            _shown = true;
            _cmdlet.WriteProgress(new ProgressRecord(ProgressId, Activity, latest.ToString())
            {
                SecondsRemaining = (int)Math.Ceiling(latest.Delay.TotalSeconds),
            });
        });
    }

    /// <summary>Pipeline thread: removes the record once the work that waited is done or stopped.</summary>
    public void Completed()
    {
        if (_shown)
        {
            _shown = false;
            _cmdlet.WriteProgress(new ProgressRecord(ProgressId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
