# The module as PowerShell users get it: published to a repository, installed by name, imported by name.
# Publishing and installing run in fresh pwsh sessions whose HOME (and XDG folders) is a temporary folder,
# so the repository registration and the installed module never touch the user's own configuration.

BeforeDiscovery {
    # Windows keeps the CurrentUser module path in Documents, which no variable moves.
    $script:skipInstall = $IsWindows
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestProcesses.ps1')
    $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $script:module = Join-Path $repo 'artifacts/module/Release0'
    $script:token = 'pester-publish-token-4b81d2'
    $started = Start-TestSandbox $script:token
    $script:sandbox = $started.Process
    $script:baseUri = $started.BaseUri

    $script:work = Join-Path ([System.IO.Path]::GetTempPath()) "release0-publish-$PID"
    $script:feed = Join-Path $script:work 'feed'
    $userHome = Join-Path $script:work 'home'
    $script:isolated = @{
        HOME                          = $userHome
        XDG_DATA_HOME                 = Join-Path $userHome '.local/share'
        XDG_CONFIG_HOME               = Join-Path $userHome '.config'
        XDG_CACHE_HOME                = Join-Path $userHome '.cache'
        POWERSHELL_TELEMETRY_OPTOUT   = '1'
        # Unset: pwsh then searches only the temporary user module path and its own.
        PSModulePath                  = $null
        RELEASE0_API_TOKEN            = $null
        RELEASE0_BASE_URI             = $null
    }

    # .NET reports a missing special folder as '' and PSResourceGet would then write relative to the
    # working directory: every folder exists up front, and the sessions run inside the temporary folder.
    New-Item -ItemType Directory -Force -Path $script:feed, $userHome, $script:isolated.XDG_DATA_HOME, $script:isolated.XDG_CONFIG_HOME, $script:isolated.XDG_CACHE_HOME | Out-Null
}

AfterAll {
    if ($script:sandbox -and -not $script:sandbox.HasExited) { $script:sandbox.Kill() }
    Remove-Item -Recurse -Force $script:work -ErrorAction SilentlyContinue
}

Describe 'Gallery manifest' {
    It 'passes Test-ModuleManifest and carries what a gallery shows' {
        $manifest = Test-ModuleManifest (Join-Path $script:module 'Release0.psd1') -ErrorAction Stop
        $manifest.Name | Should -Be 'Release0'
        $manifest.Description | Should -Not -BeNullOrEmpty
        $manifest.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.LicenseUri | Should -Not -BeNullOrEmpty
        $manifest.ReleaseNotes | Should -Match ([regex]::Escape($manifest.Version.ToString()))
        $manifest.Tags | Should -Contain 'Release0'
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
        Join-Path $script:module 'LICENSE' | Should -Exist
    }
}

Describe 'Publish, install and import by name' -Skip:$script:skipInstall {
    It 'publishes to a local repository and installs by name into a temporary module path' {
        $result = Invoke-FreshPwsh -Environment $script:isolated -WorkingDirectory $script:work -Command @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name Release0Local -Uri '$script:feed' -Trusted
Publish-PSResource -Path '$script:module' -Repository Release0Local
Install-PSResource -Name Release0 -Repository Release0Local -Scope CurrentUser -TrustRepository
(Get-InstalledPSResource -Name Release0).InstalledLocation
"@
        $result.ExitCode | Should -Be 0 -Because $result.Output
        Join-Path $script:feed 'Release0.0.1.0.nupkg' | Should -Exist
        $result.Output | Should -BeLike "$($script:isolated.HOME)*"
    }

    It 'imports by name in a fresh pwsh and runs a chat against the sandbox' {
        $result = Invoke-FreshPwsh -Environment $script:isolated -WorkingDirectory $script:work -Command @"
`$ErrorActionPreference = 'Stop'
Import-Module Release0
(Get-Module Release0).ModuleBase
Connect-Release0 -BaseUri '$script:baseUri' -ApiToken '$script:token'
`$chat = Start-AgentChat -AgentId lead-form
`$turns = 'Ann', 'ann@example.com', 'Team' | Send-AgentMessage -Session `$chat
`$turns[-1].Messages[0]
`$chat.IsCompleted
"@
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $lines = $result.Output -split "`r?`n"
        $lines[0] | Should -BeLike "$($script:isolated.HOME)*Release0*0.1.0"
        $lines[1] | Should -Be "Thanks, Ann! We'll write to ann@example.com about the team plan."
        $lines[2] | Should -Be 'True'
        $result.Output | Should -Not -Match $script:token
    }
}
