# Run in a fresh pwsh by Release0.Tests.ps1, with RELEASE0_BASE_URI and RELEASE0_API_TOKEN naming the sandbox and
# the module findable by name (as `release0 sandbox` and an installed module leave a user): runs every example of
# every cmdlet's help exactly as written and prints "ok", "fail" (with the first error) or "skip" for each.
$ErrorActionPreference = 'Stop'
Import-Module Release0
foreach ($command in Get-Command -Module Release0) {
    $number = 0
    foreach ($example in (Get-Help $command.Name -Full).examples.example) {
        $number++
        $name = "$($command.Name) example $number"
        # A secret vault is not something a test machine has; that example names what it needs.
        if ($example.code -match '-SecretName' -and -not (Get-Command Get-Secret -ErrorAction SilentlyContinue)) {
            "skip $name"
            continue
        }

        $Error.Clear()
        try {
            $null = & ([scriptblock]::Create($example.code)) *>&1
            if ($Error.Count -gt 0) { "fail ${name}: $($Error[0])" } else { "ok $name" }
        }
        catch { "fail ${name}: $_" }
    }
}
