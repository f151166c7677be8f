# Dot-sourced by the Pester tests: how to start a fresh PowerShell session under whichever pwsh runs the suite.
# A pwsh installed as a .NET tool runs as `dotnet pwsh.dll`, so its process path is dotnet, not pwsh.

function Invoke-ChildSession {
    param([Parameter(Mandatory)] [string] $Command)
    $executable = [Environment]::ProcessPath
    $arguments = @('-NoProfile', '-NonInteractive', '-Command', $Command)
    if ([IO.Path]::GetFileNameWithoutExtension($executable) -eq 'dotnet') {
        $arguments = @(Join-Path $PSHOME 'pwsh.dll') + $arguments
    }
    & $executable @arguments
}
