#Requires -Version 5.1
# Runs the Pester suite against the built module (artifacts/module/Release0) in this child process.
# test.sh calls it wherever pwsh is installed, after building the solution.
$ErrorActionPreference = 'Stop'
if (-not (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.5.0')) {
    Install-Module Pester -MinimumVersion 5.5.0 -Scope CurrentUser -Force -SkipPublisherCheck
}
Import-Module Pester -MinimumVersion 5.5.0
$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.Exit = $true
$configuration.Output.Verbosity = 'Normal'
Invoke-Pester -Configuration $configuration
