@{
    RootModule           = 'Release0.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f4c2a8e-3b1d-4e7a-9c55-0d2f7b8a1e63'
    Author               = 'Release0 Automation'
    CompanyName          = 'Release0 Automation'
    Copyright            = '(c) Release0 Automation. All rights reserved.'
    Description          = 'Drive Release0 AI chat agents from PowerShell: chat sessions, agent messages (streamed), and batch message jobs.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    CmdletsToExport      = @(
        'Connect-Release0'
        'Disconnect-Release0'
        'Get-Release0Connection'
        'Start-AgentChat'
        'Send-AgentMessage'
        'Submit-BatchMessage'
        'Get-BatchMessage'
        'Wait-BatchMessage'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    FormatsToProcess     = @('Release0.Format.ps1xml')
    PrivateData          = @{
        PSData = @{
            Tags         = @('Release0', 'AI', 'Agents', 'Chat', 'Automation', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://release0.com'
            LicenseUri   = 'https://opensource.org/license/mit'
            ReleaseNotes = '0.1.0: chat sessions, agent messages with streaming, batch message jobs with adaptive waiting.'
        }
    }
}
