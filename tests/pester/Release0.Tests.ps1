# Pester 5 tests of the built Release0 module against the sandbox, over real HTTP on 127.0.0.1.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestProcesses.ps1')
    $repo = Resolve-Path (Join-Path $PSScriptRoot '../..')
    $script:manifest = Join-Path $repo 'artifacts/module/Release0/Release0.psd1'
    $script:token = 'pester-token-7f3a9c'
    $started = Start-TestSandbox $script:token
    $script:sandbox = $started.Process
    $script:baseUri = $started.BaseUri

    $env:RELEASE0_API_TOKEN = $null
    $env:RELEASE0_BASE_URI = $null
    $script:history = Join-Path ([System.IO.Path]::GetTempPath()) "release0-pester-history-$PID.json"
    $env:RELEASE0_POLL_HISTORY = $script:history
    Import-Module $script:manifest -Force
    Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token
}

AfterAll {
    Remove-Module Release0 -ErrorAction SilentlyContinue
    Remove-Item $script:history -ErrorAction SilentlyContinue
    if ($script:sandbox -and -not $script:sandbox.HasExited) { $script:sandbox.Kill() }
}

Describe 'Module' {
    It 'imports in a fresh session' {
        $fresh = Invoke-FreshPwsh "Import-Module '$script:manifest' -ErrorAction Stop; (Get-Command -Module Release0).Count"
        $fresh.ExitCode | Should -Be 0 -Because $fresh.Output
        $fresh.Output | Should -Be '8'
    }

    It 'uses its own Polly.Core when another version was loaded first' {
        $script = Join-Path $PSScriptRoot 'ConflictingPolly.ps1'
        $module = Split-Path $script:manifest
        $fresh = Invoke-FreshPwsh "& '$script' -Module '$module' -BaseUri '$script:baseUri' -Token '$script:token'"
        $fresh.ExitCode | Should -Be 0 -Because $fresh.Output
        $lines = $fresh.Output -split '\r?\n'
        $lines | Should -Contain 'chat: You said: after another Polly'
        $lines | Should -Contain 'polly: 9.0.0.0 in Default'
        $lines | Should -Contain 'polly: 8.0.0.0 in Release0.PowerShell.Dependencies'
    }

    It 'states its supported versions once, as the manifest and this run back them' {
        $readme = Get-Content (Join-Path $PSScriptRoot '../../README.md')
        $statement = @($readme | Where-Object { $_ -like 'Supported PowerShell versions:*' })
        $statement.Count | Should -Be 1
        $manifest = Test-ModuleManifest $script:manifest
        $statement[0] | Should -Match "Windows PowerShell $([regex]::Escape($manifest.PowerShellVersion.ToString()))"
        $statement[0] | Should -Match "``PowerShellVersion`` $([regex]::Escape($manifest.PowerShellVersion.ToString())), ``Desktop`` and ``Core``"
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $floor = [version]([regex]::Match($statement[0], 'versions: (\d+\.\d+) and later').Groups[1].Value)
        $PSVersionTable.PSVersion | Should -BeGreaterOrEqual $floor
        $statement[0] | Should -Match ([regex]::Escape("pinned $($PSVersionTable.PSVersion)"))
        @($readme | Where-Object { $_ -match 'needs PowerShell \d' }) | Should -BeNullOrEmpty
    }

    It 'has an about_Release0 topic on connections, pacing, bulk patterns and the poll history' {
        $about = Get-Help about_Release0 | Out-String
        foreach ($section in 'CONNECTIONS', 'PACING', 'BULK PATTERNS', 'POLL HISTORY') { $about | Should -Match $section }
        $about | Should -Match 'RELEASE0_POLL_HISTORY'
        $about | Should -Match '"off"'
    }

    It 'imports and works under Set-StrictMode -Version Latest' {
        $fresh = Invoke-FreshPwsh "Set-StrictMode -Version Latest; `$ErrorActionPreference = 'Stop'; Import-Module '$script:manifest'; Connect-Release0 -BaseUri '$script:baseUri' -ApiToken '$script:token'; (Start-AgentChat echo | Send-AgentMessage -Message 'strict').Messages; ('q' | Submit-BatchMessage -AgentId batch-polls-1 -ProjectEnvId p1 -UserProfileId u1 -PerMessage -Wait 6>`$null).Status" -Environment @{ RELEASE0_POLL_HISTORY = 'off' }
        $fresh.ExitCode | Should -Be 0 -Because $fresh.Output
        $fresh.Output -split '\r?\n' | Should -Be @('You said: strict', 'Completed')
    }

    It 'exports exactly its eight cmdlets' {
        $names = (Get-Command -Module Release0).Name | Sort-Object
        $names | Should -Be @('Connect-Release0', 'Disconnect-Release0', 'Get-BatchMessage', 'Get-Release0Connection', 'Send-AgentMessage', 'Start-AgentChat', 'Submit-BatchMessage', 'Wait-BatchMessage')
    }

    It 'gives every cmdlet help with a synopsis, an example, syntax per parameter set and links' {
        foreach ($command in Get-Command -Module Release0) {
            $help = Get-Help $command.Name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because "$($command.Name) needs a synopsis"
            @($help.Examples.Example).Count | Should -BeGreaterThan 0 -Because "$($command.Name) needs an example"
            @($help.Syntax.SyntaxItem).Count | Should -Be @($command.ParameterSets).Count -Because "$($command.Name) needs one SYNTAX entry per parameter set"
            @($help.RelatedLinks.NavigationLink).Count | Should -BeGreaterThan 0 -Because "$($command.Name) needs related links"
            if ($command.OutputType.Count -gt 0) {
                @($help.ReturnValues.ReturnValue).Count | Should -Be @($command.OutputType).Count -Because "$($command.Name) documents its outputs"
            }
        }
    }

    It 'runs every help example as written against the sandbox' {
        $folder = Join-Path ([System.IO.Path]::GetTempPath()) "release0-pester-examples-$PID"
        $null = New-Item -ItemType Directory $folder -Force
        $modules = Split-Path (Split-Path $script:manifest)
        $environment = @{
            RELEASE0_BASE_URI = $script:baseUri
            RELEASE0_API_TOKEN = $script:token
            RELEASE0_POLL_HISTORY = (Join-Path $folder 'history.json')
            PSModulePath = $modules + [System.IO.Path]::PathSeparator + $env:PSModulePath
        }
        $fresh = Invoke-FreshPwsh "& '$(Join-Path $PSScriptRoot 'HelpExamples.ps1')'" -Environment $environment -WorkingDirectory $folder
        Remove-Item $folder -Recurse -Force
        $fresh.ExitCode | Should -Be 0 -Because $fresh.Output
        $lines = $fresh.Output -split '\r?\n'
        @($lines | Where-Object { $_ -like 'fail *' }) | Should -BeNullOrEmpty
        @($lines | Where-Object { $_ -like 'ok *' }).Count | Should -BeGreaterOrEqual 14
        @($lines | Where-Object { $_ -like 'skip *' }) | Should -BeIn @($null, 'skip Connect-Release0 example 3')
    }

    It 'shows each parameter''s real default in help' {
        foreach ($command in Get-Command -Module Release0) {
            $instance = $command.ImplementingType::new()
            foreach ($parameter in (Get-Help $command.Name -Full).parameters.parameter) {
                if ($parameter.name -in 'WhatIf', 'Confirm') { continue }
                $value = $instance.($parameter.name)
                $because = "$($command.Name) -$($parameter.name)"
                if ($null -eq $value -and $parameter.defaultValue -ne 'None') {
                    # A default decided when the call runs (an environment variable, say) is one the prose states.
                    ($parameter.description.Text -join ' ') | Should -Match ([regex]::Escape("(default $($parameter.defaultValue))")) -Because $because
                    continue
                }

                $expected = if ($value -is [System.Management.Automation.SwitchParameter]) { 'False' }
                    elseif ($null -eq $value -or "$value" -eq '' -or ($value -is [int] -and $value -eq 0)) { 'None' }
                    else { "$value" }
                $parameter.defaultValue | Should -Be $expected -Because $because
            }
        }
    }

    It 'shows parameter positions, pipeline input and aliases as the cmdlet declares them' {
        $agentId = Get-Help Start-AgentChat -Parameter AgentId
        $agentId.position | Should -Be '0'
        $agentId.pipelineInput | Should -Match 'ByValue'
        $agentId.aliases | Should -Be 'PublicId'
        (Get-Help Send-AgentMessage -Parameter SessionId).pipelineInput | Should -Be 'True (ByPropertyName)'
        (Get-Help Start-AgentChat | Out-String) | Should -Match '\[-AgentId\] <String>'
        (Get-Help Send-AgentMessage).inputTypes.inputType.type.name | Should -Contain 'Release0.PowerShell.Output.AgentChatSession'
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

    It 'says nothing was sent when the platform cannot be reached' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        Connect-Release0 -BaseUri "http://127.0.0.1:$port" -ApiToken $script:token -MaxRetries 0
        Start-AgentChat echo -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].Exception.Message | Should -Match 'nothing was sent'
        $failure[0].Exception.Message | Should -Not -Match 'may have acted'
        $failure[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token
    }

    It 'refuses a token over plain http to a remote host' {
        { Connect-Release0 -BaseUri 'http://release0.example.com' -ApiToken 'x' } | Should -Throw -ErrorId 'Release0.InvalidArgument.BaseUri,Release0.PowerShell.Cmdlets.ConnectRelease0Command'
        Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token
    }
}

Describe 'Connections per caller' {
    BeforeAll {
        $script:tokenB = 'pester-token-b-51e2d0'
        $startedB = Start-TestSandbox $script:tokenB
        $script:sandboxB = $startedB.Process
        $script:baseUriB = $startedB.BaseUri
    }

    AfterAll {
        if ($script:sandboxB -and -not $script:sandboxB.HasExited) { $script:sandboxB.Kill() }
        Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token
    }

    It 'keeps each parallel runspace on the tenant it connected to, and the caller on its own' {
        $tenants = @(
            [pscustomobject]@{ Name = 'A'; BaseUri = $script:baseUri; Token = $script:token }
            [pscustomobject]@{ Name = 'B'; BaseUri = $script:baseUriB; Token = $script:tokenB })
        $manifest = $script:manifest
        $lines = $tenants | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:manifest
            Connect-Release0 -BaseUri $_.BaseUri -ApiToken $_.Token
            foreach ($i in 1..25) {
                # A preview needs the tenant's own token: a call sent with the other tenant's fails.
                $chat = Start-AgentChat agent-echo -Preview -ErrorAction Continue
                '{0} {1} {2}' -f $_.Name, (Get-Release0Connection).BaseUri, $chat.IsPreview
            }
        }
        @($lines).Count | Should -Be 50
        @($lines | Where-Object { $_ -like "A *" }) | Should -Be (@("A $([uri]$script:baseUri) True") * 25)
        @($lines | Where-Object { $_ -like "B *" }) | Should -Be (@("B $([uri]$script:baseUriB) True") * 25)
        (Get-Release0Connection).BaseUri | Should -Be ([uri]$script:baseUri)
    }

    It 'lets a runspace that never connected use the first connection' {
        $seen = 1..2 | ForEach-Object -Parallel { Import-Module $using:manifest; "$((Get-Release0Connection).BaseUri)" }
        $seen | Should -Be @("$([uri]$script:baseUri)", "$([uri]$script:baseUri)")
    }

    It 'takes -Connection on every platform cmdlet, in parallel, without crosstalk' {
        $a = Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token -PassThru
        $b = Connect-Release0 -BaseUri $script:baseUriB -ApiToken $script:tokenB -PassThru
        Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token
        $a.Source | Should -Be 'Connect-Release0'
        $results = $a, $b | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:manifest
            $connection = $_
            $chat = Start-AgentChat agent-echo -Preview -Connection $connection
            $turn = $chat | Send-AgentMessage -Message 'hi' -Connection $connection
            $reply = Send-AgentMessage -Slug echo -Message 'hi' -Connection $connection
            $job = 'q' | Submit-BatchMessage -AgentId batch-polls-1 -ProjectEnvId p1 -UserProfileId u1 -Connection $connection
            $done = $job | Wait-BatchMessage -Connection $connection -TimeoutSec 60
            $again = $job | Get-BatchMessage -Connection $connection
            [pscustomobject]@{ BaseUri = "$($connection.BaseUri)"; Turn = $turn.Messages[0]; Reply = $reply.Response; Done = $done.Status; Again = $again.Status; Job = $job.BatchJobId }
        }
        @($results).Count | Should -Be 2
        foreach ($result in $results) {
            ($result.Turn, $result.Reply, $result.Done, $result.Again) | Should -Be @('You said: hi', 'Echo #1: hi', 'Completed', 'Completed')
        }
        # Each job exists only on its own tenant's platform.
        $jobA = ($results | Where-Object BaseUri -eq "$([uri]$script:baseUri)").Job
        Get-BatchMessage -BatchJobId $jobA -UserProfileId u1 -Connection $b -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'retries a call as often as its -MaxRetries says, each retry a warning' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        $unreachable = Connect-Release0 -BaseUri "http://127.0.0.1:$port" -ApiToken $script:token -MaxRetries 3 -PassThru
        Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token
        Start-AgentChat echo -Connection $unreachable -MaxRetries 0 -ErrorAction SilentlyContinue -WarningVariable none -WarningAction SilentlyContinue
        @($none).Count | Should -Be 0
        Start-AgentChat echo -Connection $unreachable -MaxRetries 1 -ErrorVariable failure -ErrorAction SilentlyContinue -WarningVariable one -WarningAction SilentlyContinue
        @($one).Count | Should -Be 1
        "$($one[0])" | Should -Match 'start chat: .*retrying in'
        $failure[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $unreachable.MaxRetries | Should -Be 3
    }

    It 'says what is wrong when -Connection is given a disconnected view' {
        Disconnect-Release0
        $view = Get-Release0Connection
        Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token
        $view.IsConnected | Should -BeFalse
        $view.BaseUri | Should -BeNullOrEmpty
        $view.DeadlineSec | Should -BeNullOrEmpty
        $failure = { Start-AgentChat echo -Connection $view } | Should -Throw -ErrorId 'Release0.NotConnected,Release0.PowerShell.Cmdlets.StartAgentChatCommand' -PassThru
        $failure.ErrorDetails.RecommendedAction | Should -Match 'PassThru'
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

    It 'takes SessionId and Message from the properties of any object' {
        $chat = Start-AgentChat echo
        $turn = [pscustomobject]@{ SessionId = $chat.SessionId; Message = 'from a property' } | Send-AgentMessage
        $turn.Messages | Should -Be @('You said: from a property')
    }

    It 'never sends a piped object as message text' {
        $chat = Start-AgentChat echo
        [pscustomobject]@{ Note = 'no session id' } | Send-AgentMessage -SessionId $chat.SessionId -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure.Count | Should -BeGreaterThan 0
        $reply = Send-AgentMessage -Slug echo -Message 'first'
        $reply | Send-AgentMessage -Slug echo -ErrorVariable failure2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure2.Count | Should -BeGreaterThan 0
    }

    It 'shows no .NET type names in default or Format-List * views' {
        $chat = Start-AgentChat lead-form
        $turn = $chat | Send-AgentMessage -Message 'Ann'
        foreach ($object in @($chat, $turn, (Send-AgentMessage -Slug echo -Message 'x'), (Get-Release0Connection))) {
            ($object | Out-String) | Should -Not -Match 'Release0\.(Core|PowerShell)\.'
            ($object | Format-List * | Out-String) | Should -Not -Match 'Release0\.(Core|PowerShell)\.'
        }
    }

    It 'starts a preview with the token and pre-filled variables' {
        $chat = Start-AgentChat -AgentId agent-lead-form -Preview -InitialContext @{ Name = 'Dee' }
        $chat.IsPreview | Should -BeTrue
        $chat.PendingInput.PrefilledValue | Should -Be 'Dee'
    }

    It 'refuses a finished session object locally, as ObjectNotFound with advice' {
        $chat = Start-AgentChat echo
        $null = $chat | Send-AgentMessage -Message 'bye'
        $chat | Send-AgentMessage -Message 'again' -Verbose -ErrorVariable failure -ErrorAction SilentlyContinue 4>&1 | Should -BeNullOrEmpty
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure[0].FullyQualifiedErrorId | Should -Be 'Release0.SessionEnded,Release0.PowerShell.Cmdlets.SendAgentMessageCommand'
        $failure[0].TargetObject | Should -Be $chat.SessionId
        $failure[0].ErrorDetails.RecommendedAction | Should -Match 'Start-AgentChat'
    }

    It 'reports a finished session given by id as the platform''s 404' {
        $chat = Start-AgentChat echo
        $null = $chat | Send-AgentMessage -Message 'bye'
        Send-AgentMessage -SessionId $chat.SessionId -Message 'again' -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -Be 'Release0.Http404,Release0.PowerShell.Cmdlets.SendAgentMessageCommand'
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

    It 'reads an empty ConversationId cell as no conversation, so the rows stay in one' {
        $replies = "Ticket,ConversationId`nT-1,`nT-2," | ConvertFrom-Csv | Send-AgentMessage -Slug echo -Message 'hi'
        $replies.Response | Should -Be @('Echo #1: hi', 'Echo #2: hi')
        $replies[1].ConversationId | Should -Be $replies[0].ConversationId
    }

    It 'shows a streamed reply as flowing text on the host, then the whole reply' {
        $output = Send-AgentMessage -Slug slow-stream -Message 'the plan' -Stream -InformationVariable shown 6>$null
        @($output).Count | Should -Be 1
        $output.Response | Should -Be 'Streaming reply to: the plan'
        @($shown).Count | Should -Be 6
        ($shown | Select-Object -First 5 | ForEach-Object { $_.MessageData.NoNewLine }) | Should -Be (@($true) * 5)
        -join ($shown | ForEach-Object { $_.MessageData.Message }) | Should -Be $output.Response
    }

    It 'writes a streamed reply piped on as plain text lines' {
        $file = Join-Path ([System.IO.Path]::GetTempPath()) "release0-pester-stream-$PID.txt"
        Send-AgentMessage -Slug echo -Message "first line`nsecond line" -Stream | Out-File $file
        Get-Content $file | Should -Be @('Echo #1: first line', 'second line')
        Remove-Item $file
        Send-AgentMessage -Slug slow-stream -Message 'the plan' -Stream | Tee-Object -Variable teed | Out-Null
        $teed | Should -Be 'Streaming reply to: the plan'
    }

    It 'streams chunks as objects with -AsChunks, then the whole reply' {
        $output = Send-AgentMessage -Slug slow-stream -Message 'the plan' -AsChunks
        $chunks = $output | Where-Object { $_ -is [Release0.PowerShell.Output.AgentReplyChunk] }
        $reply = $output[-1]
        @($chunks).Count | Should -Be 5
        -join $chunks.Text | Should -Be $reply.Response
        $reply.IsComplete | Should -BeTrue
    }

    It 'reports a cut stream as a ProtocolError' {
        Send-AgentMessage -Slug cut-stream -Message 'hi' -AsChunks -ErrorVariable failure -ErrorAction SilentlyContinue | Out-Null
        $failure[0].CategoryInfo.Category | Should -Be 'ProtocolError'
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Release0.IncompleteResponse,*'
    }
}

Describe 'Batch messages' {
    It 'collects piped messages into one job, waits for it and learns how long the agent took' {
        $result = 'first', 'second' | Submit-BatchMessage -AgentId batch-polls-2 -ProjectEnvId p1 -UserProfileId u1 -Wait
        $result.Status | Should -Be 'Completed'
        $result.Messages | Should -Be @('Echo: first', 'Echo: second')
        @((Get-Content $script:history -Raw | ConvertFrom-Json).Agents.'batch-polls-2').Count | Should -BeGreaterThan 0
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
        $shell.Stop()
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $shell.Dispose()
    }

    It 'shows a submitted job with a message count, not a plural noun' {
        $job = 'a', 'b' | Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -UserProfileId u1
        $table = $job | Format-Table | Out-String
        $table | Should -Match 'MessageCount'
        $table | Should -Not -Match '\bMessages\b'
    }

    It 'is a terminating NotConnected error without any token' {
        Connect-Release0 -BaseUri $script:baseUri
        { Get-BatchMessage -BatchJobId bj_1 -UserProfileId u1 } | Should -Throw -ErrorId 'Release0.NotConnected,Release0.PowerShell.Cmdlets.GetBatchMessageCommand'
        Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token
    }
}

Describe 'Batch messages at admin scale' {
    BeforeAll {
        # The most jobs the batch progress bar ever showed waited for and not yet done ("3 of 40 jobs done": 37).
        # More than one means waits ran at the same time: counted, so a slow machine cannot make it flaky as a stopwatch can.
        function Get-MostWaitsAtOnce($Progress) {
            $open = foreach ($record in $Progress) {
                if ($record.Activity -eq 'Waiting for batch jobs' -and $record.StatusDescription -match '^(\d+) of (\d+) jobs? done') {
                    [int]$Matches[2] - [int]$Matches[1]
                }
            }
            ($open | Measure-Object -Maximum).Maximum
        }
    }

    It 'files each row under its own user and agent, one job per user and agent, never mixed' {
        $rows = @'
Id,AgentId,UserProfileId,Message
T-1,batch-echo,alice,reset my password
T-2,batch-echo,bob,close my account
T-3,batch-echo,alice,change my email
T-4,batch-polls-2,alice,ping
'@ | ConvertFrom-Csv
        $jobs = $rows | Submit-BatchMessage -ProjectEnvId p1
        @($jobs).Count | Should -Be 3
        $alice = $jobs | Where-Object { $_.UserProfileId -eq 'alice' -and $_.AgentId -eq 'batch-echo' }
        $alice.Rows | Should -Be @('T-1', 'T-3')
        $bob = $jobs | Where-Object UserProfileId -eq 'bob'
        $bob.Rows | Should -Be @('T-2')
        ($jobs | Where-Object AgentId -eq 'batch-polls-2').Rows | Should -Be @('T-4')

        $results = $jobs | Wait-BatchMessage -TimeoutSec 120
        ($results | Where-Object BatchJobId -eq $alice.BatchJobId).Messages | Should -Be @('Echo: reset my password', 'Echo: change my email')
        ($results | Where-Object BatchJobId -eq $alice.BatchJobId).Rows | Should -Be @('T-1', 'T-3')
        ($bob | Get-BatchMessage).Rows | Should -Be @('T-2')
        ($results | Where-Object BatchJobId -eq $bob.BatchJobId).Messages | Should -Be @('Echo: close my account')
        Get-BatchMessage -BatchJobId $bob.BatchJobId -UserProfileId alice -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'takes each row''s user with -PerMessage and carries the row to its result' {
        $rows = @(
            [pscustomobject]@{ UserProfileId = 'alice'; Message = 'one' }
            [pscustomobject]@{ UserProfileId = 'bob'; Message = 'two' }
            [pscustomobject]@{ UserProfileId = 'carol'; ExternalUserId = 'c-9'; Message = 'three' })
        $results = $rows | Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -PerMessage -Wait -InformationVariable announced 6>$null
        @($results).Count | Should -Be 3
        foreach ($result in $results) {
            $row = $rows[[int]$result.Rows[0]]
            $result.UserProfileId | Should -Be $row.UserProfileId
            $result.Messages | Should -Be @("Echo: $($row.Message)")
        }
        @($announced).Count | Should -Be 3
        "$($announced[0])" | Should -Match '^Submitted batch job \S+ \(agent batch-echo, user profile (alice|bob|carol), row [012]\)\.$'
    }

    It 'applies a value given on the command line to every row' {
        $rows = [pscustomobject]@{ UserProfileId = 'alice'; Message = 'a' }, [pscustomobject]@{ UserProfileId = 'bob'; Message = 'b' }
        $job = $rows | Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -UserProfileId dana
        $job.UserProfileId | Should -Be 'dana'
        $job.Rows | Should -Be @('0', '1')
    }

    It 'writes each job before the input ends' {
        $log = [System.Collections.Generic.List[string]]::new()
        & { foreach ($i in 1..3) { $log.Add("row $i"); "m$i" } } |
            Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -UserProfileId u1 -PerMessage -ThrottleLimit 1 |
            ForEach-Object { $log.Add("job $($_.Rows)") }
        $log.IndexOf('job 0') | Should -BeLessThan $log.IndexOf('row 3')
        $log | Should -Contain 'job 2'
    }

    It 'leaves every job written so far on screen when a 500-row -PerMessage submit is stopped' {
        $shell = [powershell]::Create()
        $null = $shell.AddScript("Import-Module '$script:manifest'; Connect-Release0 -BaseUri '$script:baseUri' -ApiToken '$script:token'; 1..500 | ForEach-Object { [pscustomobject]@{ UserProfileId = 'u' + (`$_ % 3); Message = 'm' + `$_ } } | Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -PerMessage")
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $null = Register-ObjectEvent -InputObject $output -EventName DataAdded -SourceIdentifier release0-jobs-written
        try {
            $running = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            while ($output.Count -lt 20 -and -not $running.IsCompleted) { Wait-Event -SourceIdentifier release0-jobs-written -Timeout 30 | Remove-Event }
            $shell.Stop()
        }
        finally {
            Unregister-Event -SourceIdentifier release0-jobs-written
            Get-Event -SourceIdentifier release0-jobs-written -ErrorAction SilentlyContinue | Remove-Event
        }
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $shell.Dispose()
        $written = @($output)
        $written.Count | Should -BeGreaterOrEqual 20
        $written.Count | Should -BeLessThan 500
        foreach ($job in $written | Select-Object -First 5) {
            (Get-BatchMessage -BatchJobId $job.BatchJobId -UserProfileId $job.UserProfileId).BatchJobId | Should -Be $job.BatchJobId
        }
    }

    It 'waits for 40 one-second jobs together, not one after another' {
        $shell = [powershell]::Create()
        $null = $shell.AddScript("Import-Module '$script:manifest'; Connect-Release0 -BaseUri '$script:baseUri' -ApiToken '$script:token'; 1..40 | ForEach-Object { 'm' + `$_ } | Submit-BatchMessage -AgentId batch-after-1000 -ProjectEnvId p1 -UserProfileId u1 -PerMessage -Wait -ThrottleLimit 16")
        $results = $shell.Invoke()
        $progress = @($shell.Streams.Progress)
        $shell.Dispose()
        @($results).Count | Should -Be 40
        @($results | Where-Object Status -eq 'Completed').Count | Should -Be 40
        ($results.Rows | Sort-Object { [int]$_ }) | Should -Be (0..39 | ForEach-Object { "$_" })
        # One after another, no job's wait began before the one before it ended: never more than one open at once.
        Get-MostWaitsAtOnce $progress | Should -BeGreaterThan 1
    }

    It 'shows one progress bar for all the jobs: done of total, the next poll, the slowest job' {
        $shell = [powershell]::Create()
        $null = $shell.AddScript("Import-Module '$script:manifest'; Connect-Release0 -BaseUri '$script:baseUri' -ApiToken '$script:token'; 1..5 | ForEach-Object { 'm' + `$_ } | Submit-BatchMessage -AgentId batch-after-1000 -ProjectEnvId p1 -UserProfileId u1 -PerMessage -Wait")
        $results = $shell.Invoke()
        $progress = @($shell.Streams.Progress)
        $shell.Dispose()
        @($results).Count | Should -Be 5
        @($progress.ActivityId | Sort-Object -Unique).Count | Should -Be 1
        @($progress.StatusDescription | Where-Object { $_ -match '^[0-4] of 5 jobs done(; next poll in \d+\.\ds)?; slowest bj_\w+, \d+s$' }).Count | Should -BeGreaterThan 0
        $progress.StatusDescription | Should -Contain '5 of 5 jobs done'
        $progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'waits for many piped jobs together' {
        $jobs = 1..10 | ForEach-Object { "m$_" } | Submit-BatchMessage -AgentId batch-after-1000 -ProjectEnvId p1 -UserProfileId u1 -PerMessage
        $shell = [powershell]::Create()
        $null = $shell.AddScript("param(`$jobs) Import-Module '$script:manifest'; Connect-Release0 -BaseUri '$script:baseUri' -ApiToken '$script:token'; `$jobs | Wait-BatchMessage -TimeoutSec 120").AddArgument(@($jobs))
        $results = $shell.Invoke()
        $progress = @($shell.Streams.Progress)
        $shell.Dispose()
        @($results | Where-Object Status -eq 'Completed').Count | Should -Be 10
        Get-MostWaitsAtOnce $progress | Should -BeGreaterThan 1
    }

    It 'does nothing for empty input' {
        $output = @() | Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -UserProfileId u1 -ErrorVariable failure
        $output | Should -BeNullOrEmpty
        $failure | Should -BeNullOrEmpty
    }
}

Describe 'Bulk work behind the platform''s rate limit' {
    BeforeAll {
        $limited = Start-TestSandbox $script:token '--rate-limit', '10/s'
        $script:limitedSandbox = $limited.Process
        $script:limitedUri = $limited.BaseUri
    }

    AfterAll {
        if ($script:limitedSandbox -and -not $script:limitedSandbox.HasExited) { $script:limitedSandbox.Kill() }
    }

    It 'completes 60 -PerMessage -Wait jobs behind 10 calls/s, gives none up, and shows the waits for the limit as one progress record' {
        $shell = [powershell]::Create()
        $null = $shell.AddScript(@"
Import-Module '$script:manifest'
Connect-Release0 -BaseUri '$script:limitedUri' -ApiToken '$script:token'
1..60 | ForEach-Object { [pscustomobject]@{ Id = "T-`$_"; UserProfileId = "user-`$(`$_ % 7)"; Message = "ticket `$_" } } |
    Submit-BatchMessage -AgentId batch-after-2000 -ProjectEnvId p1 -PerMessage -Wait
"@)
        $results = $shell.Invoke()
        $streams = $shell.Streams
        # Read before Dispose, which empties the error stream (the other streams are kept).
        $failure = @($streams.Error)
        $shell.Dispose()

        @($results | Where-Object Status -eq 'Completed').Count | Should -Be 60
        ($results.Rows | Sort-Object) | Should -Be (1..60 | ForEach-Object { "T-$_" } | Sort-Object)
        $failure | Should -BeNullOrEmpty
        $pace = @($streams.Progress | Where-Object Activity -eq 'Waiting for the platform''s rate limit')
        $pace.Count | Should -BeGreaterThan 0
        @($pace.ActivityId | Sort-Object -Unique).Count | Should -Be 1
        @($pace | Where-Object { $_.StatusDescription -match '^(submit|poll) batch: (starting at \d+ calls/s until the platform''s limit is known|paced to about [\d.]+ calls/s|the platform asked to slow down); waiting [\d.]+s$' }).Count | Should -BeGreaterThan 0
        $pace[-1].RecordType | Should -Be 'Completed'
        # A paced run writes no warning per short wait for its turn: only waits of 2 s or more are warnings too.
        @($streams.Warning | Where-Object { $_.Message -match 'calls/s|slow down' -and $_.Message -notmatch 'waiting (\d{2,}|[2-9])(\.\d)?s$' }) | Should -BeNullOrEmpty
        ($streams.Progress.StatusDescription + $streams.Warning.Message + $streams.Information.MessageData) -join "`n" | Should -Not -Match $script:token
    }

    It 'sends a submit refused for the rate limit past its retries again after the wait, and gives nothing up' {
        # Four 429s (Retry-After 1 s): two calls of two attempts each are refused, the third is accepted.
        Invoke-RestMethod -Method Post -Uri "$($script:baseUri.TrimEnd('/'))/_sandbox/faults" -Body '429=1*4@/api/v1/chat/batch-message'
        $result = 'throttled' | Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -UserProfileId u1 -PerMessage -Wait -MaxRetries 1 -ErrorVariable failure -WarningVariable warned -WarningAction SilentlyContinue 6>$null
        $failure | Should -BeNullOrEmpty
        $result.Status | Should -Be 'Completed'
        @($warned | Where-Object Message -match '^submit batch: attempt 1 of 2 failed \(HTTP 429').Count | Should -Be 2
    }

    It 'polls a job again after the platform''s wait when a poll is refused for the rate limit past its retries, and ends no wait with an error' {
        # Three 429s (Retry-After 1 s) for polls only (the submit's path has no trailing slash); with -MaxRetries 0 each is a whole poll refused.
        Invoke-RestMethod -Method Post -Uri "$($script:baseUri.TrimEnd('/'))/_sandbox/faults" -Body '429=1*3@/api/v1/chat/batch-message/'
        $shell = [powershell]::Create()
        $null = $shell.AddScript("Import-Module '$script:manifest'; Connect-Release0 -BaseUri '$script:baseUri' -ApiToken '$script:token'; 'throttled' | Submit-BatchMessage -AgentId batch-polls-1 -ProjectEnvId p1 -UserProfileId u1 -PerMessage -Wait -MaxRetries 0")
        $results = $shell.Invoke()
        # Read before Dispose, which empties the error stream.
        $failure = @($shell.Streams.Error)
        $pace = @($shell.Streams.Progress | Where-Object Activity -eq 'Waiting for the platform''s rate limit')
        $shell.Dispose()

        $failure | Should -BeNullOrEmpty
        @($results).Count | Should -Be 1
        $results[0].Status | Should -Be 'Completed'
        # batch-polls-1 is done at the first poll that reaches it: the three refused ones were made again, not counted as answers.
        $results[0].PollCount | Should -Be 1
        @($pace.StatusDescription | Where-Object { $_ -eq "poll batch $($results[0].BatchJobId): still refused for the platform's rate limit (HTTP 429) after 1 attempt; waiting 1s" }).Count | Should -BeGreaterThan 0
        $pace[-1].RecordType | Should -Be 'Completed'
    }

    It 'ends a wait whose polls are refused for the rate limit until its timeout with an error that says so' {
        # A sandbox of its own, whose every poll is refused: the faults left over cannot reach another test.
        $refusing = Start-TestSandbox $script:token '--fault', '429=1*100000@/api/v1/chat/batch-message/'
        try {
            $shell = [powershell]::Create()
            $null = $shell.AddScript("Import-Module '$script:manifest'; Connect-Release0 -BaseUri '$($refusing.BaseUri)' -ApiToken '$script:token'; `$job = 'q' | Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -UserProfileId u1; `$job.BatchJobId; `$job | Wait-BatchMessage -TimeoutSec 1 -MaxRetries 0")
            $output = $shell.Invoke()
            $failure = @($shell.Streams.Error)
            $shell.Dispose()
        }
        finally {
            if (-not $refusing.Process.HasExited) { $refusing.Process.Kill() }
        }

        @($output).Count | Should -Be 1
        $failure.Count | Should -Be 1
        $failure[0].FullyQualifiedErrorId | Should -Be 'Release0.BatchWaitThrottled,Release0.PowerShell.Cmdlets.WaitBatchMessageCommand'
        $failure[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $failure[0].TargetObject | Should -Be $output[0]
        "$failure" | Should -Match "^Batch job $($output[0]) was not waited for to its end: the platform kept refusing its polls for its rate limit \(1 poll refused in a row, the last with HTTP 429, asking to wait 1s\) until the wait's timeout of 1s\."
        $failure[0].ErrorDetails.RecommendedAction | Should -Match 'Wait-BatchMessage'
    }
}

Describe 'Objects that serialise' {
    BeforeAll {
        $chat = Start-AgentChat lead-form
        $turn = $chat | Send-AgentMessage -Message 'Ann'
        $job = 'q' | Submit-BatchMessage -AgentId batch-polls-1 -ProjectEnvId p1 -UserProfileId u1
        $script:objects = @(
            $chat
            $turn
            (Send-AgentMessage -Slug echo -Message 'x')
            (Send-AgentMessage -Slug slow-stream -Message 'x' -AsChunks | Select-Object -First 1)
            $job
            ($job | Wait-BatchMessage -TimeoutSec 60)
            (Get-Release0Connection))
        $script:clixml = Join-Path ([System.IO.Path]::GetTempPath()) "release0-pester-$PID.clixml"
    }

    AfterAll { Remove-Item $script:clixml -ErrorAction SilentlyContinue }

    It 'gives data from ConvertTo-Json for every output type: raw JSON as text, names for enums, seconds for durations' {
        foreach ($object in $script:objects) {
            $json = $object | ConvertTo-Json -Depth 6
            $json | Should -Not -Match '"(ValueKind|Ticks|TotalMilliseconds)"' -Because $object.GetType().Name
            $back = $json | ConvertFrom-Json
            foreach ($property in $object.PSObject.Properties | Where-Object { $_.Value -is [string] }) {
                $back.($property.Name) | Should -Be $property.Value -Because "$($object.GetType().Name).$($property.Name)"
            }
            if ($object.PSObject.Properties['Raw'] -and $object.Raw) { { $object.Raw | ConvertFrom-Json } | Should -Not -Throw }
        }
        ($script:objects | ConvertTo-Json -Depth 6) | Should -Not -Match $script:token
        $session = $script:objects[0] | ConvertTo-Json -Depth 6 | ConvertFrom-Json
        $session.Transcript[0].Speaker | Should -Be 'Agent'
        $session.PendingInput.Prompt | Should -Be 'Type your email...'
        ($script:objects[5] | ConvertTo-Json | ConvertFrom-Json).ElapsedSec | Should -BeGreaterThan 0
    }

    It 'keeps the data through Export-Clixml and Import-Clixml' {
        $script:objects | Export-Clixml $script:clixml -Depth 4
        Get-Content $script:clixml -Raw | Should -Not -Match $script:token
        $back = Import-Clixml $script:clixml
        $back[0].SessionId | Should -Be $script:objects[0].SessionId
        $back[0].PendingInput.Prompt | Should -Be 'Type your email...'
        $back[1].Messages | Should -Be $script:objects[1].Messages
        $back[5].Status | Should -Be 'Completed'
        $back[6].BaseUri | Should -Be $script:objects[6].BaseUri
    }
}

Describe 'Scripts as admins write them' {
    BeforeAll {
        $script:csv = Join-Path ([System.IO.Path]::GetTempPath()) "release0-pester-$PID.csv"
    }

    AfterAll {
        Remove-Item $script:csv -ErrorAction SilentlyContinue
        $global:PSDefaultParameterValues.Clear()
    }

    It 'continues sessions from Import-Csv rows with SessionId and Message columns' {
        $one = Start-AgentChat echo
        $two = Start-AgentChat echo
        "SessionId,Message`n$($one.SessionId),to one`n$($two.SessionId),to two" | Set-Content $script:csv
        $turns = Import-Csv $script:csv | Send-AgentMessage
        $turns.Messages | Should -Be @('You said: to one', 'You said: to two')
    }

    It 'starts a chat per Import-Csv row by its AgentId column' {
        "AgentId,Owner`necho,ops`nlead-form,sales" | Set-Content $script:csv
        $chats = Import-Csv $script:csv | Start-AgentChat
        $chats.AgentId | Should -Be @('echo', 'lead-form')
    }

    It 'batches the Message column of Import-Csv rows, never the rows as text' {
        "Message,Ticket`nreset my password,T-1`nclose my account,T-2" | Set-Content $script:csv
        $result = Import-Csv $script:csv | Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -UserProfileId u1 -Wait
        $result.Messages | Should -Be @('Echo: reset my password', 'Echo: close my account')

        "Ticket`nT-3" | Set-Content $script:csv
        "Message,Ticket`nreset my password,T-1" | Set-Content $script:csv
        $rows = @(Import-Csv $script:csv) + [pscustomobject]@{ Ticket = 'T-3' }
        $rows | Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -UserProfileId u1 -ErrorVariable failure -ErrorAction SilentlyContinue -WarningVariable warning -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Release0.NotMessageText,*'
        $failure[0].Exception.Message | Should -Match 'Message column'
        $warning[0] | Should -Match 'Nothing was submitted: 1 piped object is not message text'
    }

    It 'throws a catchable error with -ErrorAction Stop' {
        $caught = $null
        try {
            Start-AgentChat echo | Send-AgentMessage -Message 'bye' | Out-Null
            Send-AgentMessage -SessionId 'no-such-session' -Message 'x' -ErrorAction Stop
        }
        catch {
            $caught = $_
        }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -Be 'Release0.Http404,Release0.PowerShell.Cmdlets.SendAgentMessageCommand'
        $caught.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'stops a script at the first failure under $ErrorActionPreference = Stop' {
        $reached = & {
            $ErrorActionPreference = 'Stop'
            try {
                Send-AgentMessage -SessionId 'no-such-session' -Message 'x'
                'went on'
            }
            catch { 'stopped' }
        }
        $reached | Should -Be 'stopped'
    }

    It 'writes nothing and records the error with -ErrorAction SilentlyContinue' {
        $Error.Clear()
        $output = Send-AgentMessage -SessionId 'no-such-session' -Message 'x' -ErrorAction SilentlyContinue
        $succeeded = $?
        $output | Should -BeNullOrEmpty
        $succeeded | Should -BeFalse
        $Error[0].FullyQualifiedErrorId | Should -BeLike 'Release0.Http404,*'
    }

    It 'takes parameters from $PSDefaultParameterValues' {
        $global:PSDefaultParameterValues['Submit-BatchMessage:ProjectEnvId'] = 'p1'
        $global:PSDefaultParameterValues['*-BatchMessage:UserProfileId'] = 'u1'
        $job = 'from defaults' | Submit-BatchMessage -AgentId batch-echo
        $job.UserProfileId | Should -Be 'u1'
        ($job | Wait-BatchMessage -TimeoutSec 120).Messages | Should -Be @('Echo: from defaults')
        $global:PSDefaultParameterValues.Clear()
    }
}

Describe 'Disconnect' {
    AfterEach {
        $env:RELEASE0_BASE_URI = $null
        Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token
    }

    It 'makes every later call a terminating NotConnected error naming Connect-Release0' {
        Disconnect-Release0
        $failure = { Start-AgentChat echo } | Should -Throw -ErrorId 'Release0.NotConnected,Release0.PowerShell.Cmdlets.StartAgentChatCommand' -PassThru
        $failure.ErrorDetails.RecommendedAction | Should -Match 'Connect-Release0'
        (Get-Release0Connection).IsConnected | Should -BeFalse
    }

    It 'still lets the environment supply the connection' {
        Disconnect-Release0
        $env:RELEASE0_BASE_URI = $script:baseUri
        (Start-AgentChat echo).AgentId | Should -Be 'echo'
    }
}

Describe 'Tab completion' {
    It 'offers session ids started in this session for -SessionId' {
        $chat = Start-AgentChat echo
        $line = 'Send-AgentMessage -SessionId '
        $offered = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $offered.CompletionText | Should -Contain $chat.SessionId
        ($offered | Where-Object CompletionText -eq $chat.SessionId).ToolTip | Should -Match 'echo'
    }

    It 'offers agent ids and slugs used in this session, filtered by what was typed' {
        $null = Send-AgentMessage -Slug echo -Message 'for completion'
        $line = 'Send-AgentMessage -Slug ec'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('echo')
        $line = 'Start-AgentChat -AgentId lead'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'lead-form'
    }

    It 'offers batch job ids submitted in this session' {
        $job = 'q' | Submit-BatchMessage -AgentId batch-echo -ProjectEnvId p1 -UserProfileId u1
        $line = 'Wait-BatchMessage -UserProfileId u1 -BatchJobId '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $job.BatchJobId
    }
}

Describe 'Connect-Release0 -SecretName' {
    AfterEach {
        Remove-Item Function:\Get-Secret -ErrorAction SilentlyContinue
        Connect-Release0 -BaseUri $script:baseUri -ApiToken $script:token
    }

    It 'names the SecretManagement module when Get-Secret is missing' {
        if (Get-Command Get-Secret -ErrorAction SilentlyContinue) { Set-ItResult -Skipped -Because 'a real Get-Secret is installed here' }
        $failure = { Connect-Release0 -BaseUri $script:baseUri -SecretName Release0Token } | Should -Throw -ErrorId 'Release0.SecretManagementMissing,Release0.PowerShell.Cmdlets.ConnectRelease0Command' -PassThru
        $failure.Exception.Message | Should -Match 'Microsoft.PowerShell.SecretManagement'
    }

    It 'reads the token through Get-Secret, from the named vault' {
        Set-Variable -Name token -Scope Global -Value $script:token
        function global:Get-Secret {
            param([string] $Name, [string] $Vault)
            $global:secretAsked = "$Vault/$Name"
            ConvertTo-SecureString $global:token -AsPlainText -Force
        }

        $info = Connect-Release0 -BaseUri $script:baseUri -SecretName Release0Token -Vault Ops -PassThru
        $global:secretAsked | Should -Be 'Ops/Release0Token'
        $info.TokenSource | Should -Be 'Secret'
        (Start-AgentChat -AgentId agent-echo -Preview).IsPreview | Should -BeTrue
        Remove-Variable -Name token, secretAsked -Scope Global
    }

    It 'reads the token through a Get-Secret function that uses its caller''s variables' {
        $failure = & {
            $vaultContents = @{ Release0Token = " $script:token " }
            function Get-Secret { param([string] $Name, [string] $Vault) ConvertTo-SecureString $vaultContents[$Name].Trim() -AsPlainText -Force }
            (Connect-Release0 -BaseUri $script:baseUri -SecretName Release0Token -PassThru).TokenSource
        }
        $failure | Should -Be 'Secret'
        (Start-AgentChat -AgentId agent-echo -Preview).IsPreview | Should -BeTrue
    }

    It 'fails with the vault''s own reason when the secret cannot be read' {
        function global:Get-Secret { param([string] $Name, [string] $Vault) Write-Error "The secret $Name was not found." }
        $failure = { Connect-Release0 -BaseUri $script:baseUri -SecretName Missing } | Should -Throw -ErrorId 'Release0.SecretUnreadable,Release0.PowerShell.Cmdlets.ConnectRelease0Command' -PassThru
        $failure.Exception.Message | Should -Match 'not found'
    }
}
