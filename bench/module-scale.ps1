#Requires -Version 7.4
# The PowerShell module at admin scale, in one run: 500 CSV-like rows (each with its own user) into batch jobs of the
# sandbox's batch-echo agent (done 3 s after submission), by Submit-BatchMessage -PerMessage and by the raw loop an
# admin would write with Invoke-RestMethod; submit only, and submit + wait. Also the module's import time in fresh
# pwsh processes. Run from the checkout after `dotnet build`:  dotnet pwsh bench/module-scale.ps1
param([int] $Rows = 500, [int] $Imports = 11)
$ErrorActionPreference = 'Stop'
$repo = Resolve-Path (Join-Path $PSScriptRoot '..')
$manifest = Join-Path $repo 'artifacts/module/Release0/Release0.psd1'
. (Join-Path $repo 'tests/pester/TestProcesses.ps1')
$token = 'bench-token-5c1e'
$sandbox = Start-TestSandbox $token
$baseUri = $sandbox.BaseUri.TrimEnd('/')
$env:RELEASE0_POLL_HISTORY = 'off'
$results = [ordered]@{}
try {
    # Import: median of fresh processes (the first is dropped: it pays for the disk cache).
    $times = foreach ($i in 1..$Imports) {
        $fresh = Invoke-FreshPwsh "(Measure-Command { Import-Module '$manifest' }).TotalMilliseconds"
        [double]$fresh.Output
    }
    $results['import'] = ($times | Select-Object -Skip 1 | Sort-Object)[[int](($Imports - 1) / 2)]

    Import-Module $manifest
    Connect-Release0 -BaseUri $baseUri -ApiToken $token
    $records = 1..$Rows | ForEach-Object { [pscustomobject]@{ Id = "T-$_"; UserProfileId = "user-$($_ % 7)"; Message = "ticket $_" } }
    $headers = @{ Authorization = "Bearer $token" }
    function Submit-Raw($row) {
        $body = @{ agentId = 'batch-echo'; projectEnvId = 'p1'; userProfileId = $row.UserProfileId; messages = (ConvertTo-Json -Compress @(@{ type = ''; text = $row.Message })) } | ConvertTo-Json -Compress
        (Invoke-RestMethod -Method Post -Uri "$baseUri/api/v1/chat/batch-message" -Headers $headers -ContentType 'application/json' -Body $body).batchJobId
    }

    $jobs = $null
    $results['module submit'] = (Measure-Command { $jobs = $records | Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -PerMessage }).TotalSeconds
    if (@($jobs).Count -ne $Rows) { throw "module submit: $(@($jobs).Count) jobs" }
    $results['raw submit'] = (Measure-Command { $ids = foreach ($row in $records) { Submit-Raw $row } }).TotalSeconds
    if (@($ids).Count -ne $Rows) { throw "raw submit: $(@($ids).Count) jobs" }

    $done = $null
    $results['module submit + wait'] = (Measure-Command { $done = $records | Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -PerMessage -Wait 6>$null }).TotalSeconds
    if (@($done | Where-Object Status -eq 'Completed').Count -ne $Rows) { throw 'module wait: not all completed' }
    $results['raw submit + wait'] = (Measure-Command {
        $pending = [System.Collections.Generic.List[object]]::new()
        foreach ($row in $records) { $pending.Add([pscustomobject]@{ Id = (Submit-Raw $row); User = $row.UserProfileId }) }
        while ($pending.Count -gt 0) {
            Start-Sleep -Seconds 1
            $pending = [System.Collections.Generic.List[object]]@($pending | Where-Object {
                $poll = Invoke-RestMethod -Method Post -Uri "$baseUri/api/v1/chat/batch-message/$($_.Id)" -Headers $headers -ContentType 'application/json' -Body (@{ userProfileId = $_.User } | ConvertTo-Json -Compress)
                $poll.status -ne 'completed'
            })
        }
    }).TotalSeconds
}
finally {
    if (-not $sandbox.Process.HasExited) { $sandbox.Process.Kill() }
}

'| What ({0} rows, batch-echo: 3 s per job) | Module | Raw Invoke-RestMethod loop |' -f $Rows
'| --- | --- | --- |'
'| Submit only | {0:0.00} s | {1:0.00} s |' -f $results['module submit'], $results['raw submit']
'| Submit + wait for all | {0:0.00} s | {1:0.00} s |' -f $results['module submit + wait'], $results['raw submit + wait']
'| Import-Module (median of {0} fresh pwsh) | {1:0} ms | |' -f ($Imports - 1), $results['import']
