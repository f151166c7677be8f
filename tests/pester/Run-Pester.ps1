#Requires -Version 5.1
# Runs the Pester suite against the built module (artifacts/module/Release0) in this child process.
# test.sh calls it wherever pwsh is installed, after building the solution, and adds the last line,
# "pester: N passed, N failed, N skipped", to its own closing count.
$ErrorActionPreference = 'Stop'
$pester = Get-Module -ListAvailable Pester | Where-Object Version -ge '5.5.0' | Sort-Object Version -Descending | Select-Object -First 1
if (-not $pester) {
    Write-Output 'pester: Pester 5.5 or later is not installed (Install-Module Pester -MinimumVersion 5.5.0)'
    exit 2
}

Import-Module $pester
$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$result = Invoke-Pester -Configuration $configuration
Write-Output ('pester: {0} passed, {1} failed, {2} skipped' -f $result.PassedCount, ($result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount), $result.SkippedCount)
exit ([int]($result.Result -ne 'Passed'))
