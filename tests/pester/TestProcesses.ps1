# The processes the Pester files start: the sandbox they talk to, and fresh pwsh sessions.

# Starts the sandbox (the built release0 tool) on a free port of 127.0.0.1 with the given token and any
# further sandbox options (e.g. '--rate-limit', '10/s').
function Start-TestSandbox([string] $Token, [string[]] $Options = @()) {
    $cli = Join-Path $PSScriptRoot '../../cli/Release0.Cli/bin/Debug/net10.0/release0.dll'
    $start = New-Object System.Diagnostics.ProcessStartInfo 'dotnet'
    $start.ArgumentList.Add($cli)
    foreach ($argument in @('sandbox', '--token', $Token) + $Options) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $first = $process.StandardOutput.ReadLine()
    [pscustomobject]@{ Process = $process; BaseUri = $first -replace '^Sandbox listening on ', '' }
}

# Runs a command in a fresh pwsh started the way this one was: pwsh itself, or dotnet with the pwsh.dll
# beside $PSHOME when this one is the .NET tool (dotnet pwsh), whose process is dotnet.
# -Environment sets variables for that process only ($null removes one). Returns its exit code and output (stdout, then stderr).
function Invoke-FreshPwsh([string] $Command, [hashtable] $Environment = @{}, [string] $WorkingDirectory = $PWD) {
    $path = [Environment]::ProcessPath
    $start = New-Object System.Diagnostics.ProcessStartInfo $path
    $start.WorkingDirectory = $WorkingDirectory
    if ([System.IO.Path]::GetFileNameWithoutExtension($path) -eq 'dotnet') {
        $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
    }

    foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', $Command) { $start.ArgumentList.Add($argument) }
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { [void]$start.Environment.Remove($name) } else { $start.Environment[$name] = $Environment[$name] }
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $errors = $process.StandardError.ReadToEndAsync()
    $output = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = ($output + $errors.Result).Trim() }
}
