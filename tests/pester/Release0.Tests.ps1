# Pester 5 tests of the built Release0 module against the sandbox, over real HTTP on 127.0.0.1.

BeforeAll {
    $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $script:manifest = Join-Path $repo 'artifacts/module/Release0/Release0.psd1'
    $cli = Join-Path $repo 'cli/Release0.Cli/bin/Debug/net10.0/release0.dll'
    $script:token = 'pester-token-7f3a9c'

    $start = New-Object System.Diagnostics.ProcessStartInfo 'dotnet'
    $start.Arguments = "`"$cli`" sandbox --token $script:token"
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $script:sandbox = [System.Diagnostics.Process]::Start($start)
    $first = $script:sandbox.StandardOutput.ReadLine()
    $script:baseUri = $first -replace '^Sandbox listening on ', ''

    $env:RELEASE0_API_TOKEN = $null
    $env:RELEASE0_BASE_URI = $null
    Import-Module $script:manifest -Force
    Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token
}

AfterAll {
    Remove-Module Release0 -ErrorAction SilentlyContinue
    if ($script:sandbox -and -not $script:sandbox.HasExited) { $script:sandbox.Kill() }
}

Describe 'Module' {
    It 'exports exactly its eight cmdlets' {
        $names = (Get-Command -Module Release0).Name | Sort-Object
        $names | Should -Be @('Connect-Release0', 'Disconnect-Release0', 'Get-BatchMessage', 'Get-Release0Connection', 'Send-AgentMessage', 'Start-AgentChat', 'Submit-BatchMessage', 'Wait-BatchMessage')
    }

    It 'gives every cmdlet help with a synopsis and an example' {
        foreach ($command in Get-Command -Module Release0) {
            $help = Get-Help $command.Name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because "$($command.Name) needs a synopsis"
            @($help.Examples.Example).Count | Should -BeGreaterThan 0 -Because "$($command.Name) needs an example"
        }
    }
}

Describe 'Connection' {
    It 'shows where the token came from, never the token' {
        $info = Get-Release0Connection
        $info.HasToken | Should -BeTrue
        $info.TokenSource | Should -Be 'Parameter'
        ($info | Format-List * | Out-String) | Should -Not -Match $script:token
    }

    It 'accepts a credential whose password is the token' {
        $credential = [pscredential]::new('ignored', (ConvertTo-SecureString $script:token -AsPlainText -Force))
        Connect-Release0 -BaseUri $script:baseUri -Credential $credential -PassThru | Select-Object -ExpandProperty TokenSource | Should -Be 'Credential'
        Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token
    }

    It 'refuses a token over plain http to a remote host' {
        { Connect-Release0 -BaseUri 'http://release0.example.com' -ApiToken 'x' } | Should -Throw -ErrorId 'Release0.InvalidArgument.BaseUri,Release0.PowerShell.Cmdlets.ConnectRelease0Command'
        Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token
    }
}

Describe 'Chat sessions' {
    It 'answers inputs piped in order and follows the session object' {
        $chat = Start-AgentChat -AgentId lead-form
        $chat.Prompt | Should -Be 'Type your name...'
        $turns = 'Ann', 'ann@example.com', 'Team' | Send-AgentMessage -Session $chat
        @($turns).Count | Should -Be 3
        $turns[-1].Messages[0] | Should -Be "Thanks, Ann! We'll write to ann@example.com about the team plan."
        $chat.IsCompleted | Should -BeTrue
    }

    It 'takes the session from the pipeline' {
        $turn = Start-AgentChat echo | Send-AgentMessage -Message 'hello'
        $turn.Messages | Should -Be @('You said: hello')
    }

    It 'binds SessionId by property name' {
        $chat = Start-AgentChat echo
        $turn = [pscustomobject]@{ SessionId = $chat.SessionId } | Send-AgentMessage -Message 'by id'
        $turn.Messages | Should -Be @('You said: by id')
    }

    It 'starts a preview with the token and pre-filled variables' {
        $chat = Start-AgentChat -AgentId agent-lead-form -Preview -InitialContext @{ Name = 'Dee' }
        $chat.IsPreview | Should -BeTrue
        $chat.PendingInput.PrefilledValue | Should -Be 'Dee'
    }

    It 'reports a finished session as ObjectNotFound with advice' {
        $chat = Start-AgentChat echo
        $null = $chat | Send-AgentMessage -Message 'bye'
        $chat | Send-AgentMessage -Message 'again' -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure[0].FullyQualifiedErrorId | Should -Be 'Release0.Http404,Release0.PowerShell.Cmdlets.SendAgentMessageCommand'
        $failure[0].TargetObject | Should -Be $chat.SessionId
        $failure[0].ErrorDetails.RecommendedAction | Should -Match 'Start-AgentChat'
    }

    It 'keeps the token out of verbose and debug output' {
        $output = Start-AgentChat -AgentId agent-echo -Preview -Verbose -Debug 4>&1 5>&1 | Out-String
        $output | Should -Match 'POST http://127\.0\.0\.1:\d+/api/v1/agents/agent-echo/preview/start -> 200'
        $output | Should -Match 'request body'
        $output | Should -Not -Match $script:token
    }
}

Describe 'Agent messages by slug' {
    It 'continues one conversation across piped messages' {
        $replies = 'one', 'two' | Send-AgentMessage -Slug echo
        $replies[0].Response | Should -Be 'Echo #1: one'
        $replies[1].Response | Should -Be 'Echo #2: two'
        $replies[1].ConversationId | Should -Be $replies[0].ConversationId
    }

    It 'streams chunks as objects, then the whole reply' {
        $output = Send-AgentMessage -Slug slow-stream -Message 'the plan' -Stream
        $chunks = $output | Where-Object { $_ -is [Release0.PowerShell.Output.AgentReplyChunk] }
        $reply = $output[-1]
        @($chunks).Count | Should -Be 5
        -join $chunks.Text | Should -Be $reply.Response
        $reply.IsComplete | Should -BeTrue
    }

    It 'reports a cut stream as a ProtocolError' {
        Send-AgentMessage -Slug cut-stream -Message 'hi' -Stream -ErrorVariable failure -ErrorAction SilentlyContinue | Out-Null
        $failure[0].CategoryInfo.Category | Should -Be 'ProtocolError'
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Release0.IncompleteResponse,*'
    }
}

Describe 'Batch messages' {
    It 'collects piped messages into one job and waits for it' {
        $result = 'first', 'second' | Submit-BatchMessage -AgentId batch-polls-2 -ProjectEnvId p1 -UserProfileId u1 -Wait
        $result.Status | Should -Be 'Completed'
        $result.Messages | Should -Be @('Echo: first', 'Echo: second')
    }

    It 'submits nothing with -WhatIf' {
        $output = 'x' | Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -UserProfileId u1 -WhatIf
        $output | Should -BeNullOrEmpty
    }

    It 'pipes a job into Get-BatchMessage and Wait-BatchMessage by property name' {
        $job = 'q' | Submit-BatchMessage -AgentId batch-polls-3 -ProjectEnvId p1 -UserProfileId u1
        ($job | Get-BatchMessage).Status | Should -Be 'Pending'
        ($job | Wait-BatchMessage -TimeoutSec 120).Status | Should -Be 'Completed'
    }

    It 'writes a failed job as an error about the job' {
        $job = 'q' | Submit-BatchMessage -AgentId batch-fail -ProjectEnvId p1 -UserProfileId u1
        $job | Wait-BatchMessage -ErrorVariable failure -ErrorAction SilentlyContinue | Out-Null
        $failure[0].FullyQualifiedErrorId | Should -Be 'Release0.BatchFailed,Release0.PowerShell.Cmdlets.WaitBatchMessageCommand'
        $failure[0].TargetObject | Should -Be $job.BatchJobId
    }

    It 'submits one job per message and reports each failure separately' {
        $jobs = 'a', '', 'c' | Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -UserProfileId u1 -PerMessage -ErrorVariable failure -ErrorAction SilentlyContinue
        @($jobs).Count | Should -Be 2
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'stops a wait at once when the pipeline is stopped' {
        $job = 'q' | Submit-BatchMessage -AgentId batch-never -ProjectEnvId p1 -UserProfileId u1
        $shell = [powershell]::Create()
        $null = $shell.AddScript("Import-Module '$script:manifest'; Connect-Release0 -BaseUri '$script:baseUri' -ApiToken '$script:token'; Wait-BatchMessage -BatchJobId '$($job.BatchJobId)' -UserProfileId u1 -TimeoutSec 3600")
        $running = $shell.BeginInvoke()
        while ($shell.InvocationStateInfo.State -ne 'Running') { Start-Sleep -Milliseconds 50 }
        $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
        $shell.Stop()
        $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 30
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $shell.Dispose()
    }

    It 'is a terminating AuthenticationError without any token' {
        Disconnect-Release0
        $saved = $env:RELEASE0_API_TOKEN
        try {
            { Get-BatchMessage -BatchJobId bj_1 -UserProfileId u1 } | Should -Throw -ErrorId 'Release0.NotConnected,Release0.PowerShell.Cmdlets.GetBatchMessageCommand'
        }
        finally {
            $env:RELEASE0_API_TOKEN = $saved
            Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token
        }
    }
}
