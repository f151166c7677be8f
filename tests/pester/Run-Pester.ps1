#Requires -Version 5.1
# Runs the Pester suite against the built module (artifacts/module/Release0) in this child process.
# test.sh calls it under the pinned pwsh after building the solution, passing the Pester module it restored
# from NuGet, and adds the last line, "pester: N passed, N failed, N skipped", to its own closing count.
param(
    # Pester.psd1 to import; without it, the newest installed Pester 5.5+.
    [string] $PesterModule
)
$ErrorActionPreference = 'Stop'
$pester = if ($PesterModule) { $PesterModule } else {
    Get-Module -ListAvailable Pester | Where-Object Version -ge '5.5.0' | Sort-Object Version -Descending | Select-Object -First 1
}
if (-not $pester) {
    Write-Output 'pester: Pester 5.5 or later is not installed (Install-PSResource Pester, or run ./test.sh, which restores it)'
    exit 2
}

Import-Module $pester
Write-Output ('pester: Pester {0} under PowerShell {1} ({2})' -f (Get-Module Pester).Version, $PSVersionTable.PSVersion, [Environment]::ProcessPath)
$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
if ([Console]::IsOutputRedirected) { $configuration.Output.RenderMode = 'Plaintext' }
$result = Invoke-Pester -Configuration $configuration
Write-Output ('pester: {0} passed, {1} failed, {2} skipped' -f $result.PassedCount, ($result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount), $result.SkippedCount)
exit ([int]($result.Result -ne 'Passed'))
