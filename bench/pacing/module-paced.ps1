#Requires -Version 7.4
# The pacing issue's module goal, measured (never asserted): 60 `Submit-BatchMessage -PerMessage -Wait` jobs of
# two-second batch jobs behind the sandbox's per-token limit of 10 calls/s (`release0 sandbox --rate-limit 10/s`,
# one bucket for every route). Counts come from the sandbox (GET /_sandbox/rate-limit): calls let through and
# refused. Goal: all complete, at most 10 % refused. Run from the checkout after `dotnet build`:
#   dotnet pwsh bench/pacing/module-paced.ps1 [-Jobs 60] [-Rate 10] [-Runs 3]
param([int] $Jobs = 60, [double] $Rate = 10, [int] $Runs = 3)
$ErrorActionPreference = 'Stop'
$repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
$manifest = Join-Path $repo 'artifacts/module/Release0/Release0.psd1'
. (Join-Path $repo 'tests/pester/TestProcesses.ps1')
$token = 'bench-token-9d2e'
$env:RELEASE0_POLL_HISTORY = 'off'
Import-Module $manifest

'| Run | Jobs | Completed | Errors | Calls let through | Refused | Refused share | Wall | Floor (let through / R) |'
'| --- | --- | --- | --- | --- | --- | --- | --- | --- |'
foreach ($run in 1..$Runs) {
    # A sandbox per run, so each run starts against a full bucket and counts only its own calls.
    $sandbox = Start-TestSandbox $token '--rate-limit', "$Rate/s"
    try {
        $baseUri = $sandbox.BaseUri.TrimEnd('/')
        Connect-Release0 -BaseUri $baseUri -ApiToken $token
        $rows = 1..$Jobs | ForEach-Object { [pscustomobject]@{ Id = "T-$_"; UserProfileId = "user-$($_ % 7)"; Message = "ticket $_" } }
        $failures = $null
        $results = $null
        $wall = (Measure-Command {
            $results = $rows | Submit-BatchMessage -AgentId batch-after-2000 -ProjectEnvId p1 -PerMessage -Wait -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 6>$null
        }).TotalSeconds
        $counts = Invoke-RestMethod "$baseUri/_sandbox/rate-limit"
        $completed = @($results | Where-Object Status -eq 'Completed').Count
        $share = 100 * $counts.refused / [math]::Max(1, $counts.admitted + $counts.refused)
        '| {0} | {1} | {2} | {3} | {4} | {5} | {6:0.0} % | {7:0.0} s | {8:0.0} s |' -f $run, $Jobs, $completed, @($failures).Count, $counts.admitted, $counts.refused, $share, $wall, ($counts.admitted / $Rate)
    }
    finally {
        if (-not $sandbox.Process.HasExited) { $sandbox.Process.Kill() }
    }
}
