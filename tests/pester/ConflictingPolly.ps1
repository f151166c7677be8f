# Run in a fresh pwsh by Release0.Tests.ps1: loads a Polly.Core of another version (9.0.0.0, Polly's own public
# key, none of Polly's types) into the default load context, as another module would, before Release0 is imported;
# then chats with the sandbox and says which context each Polly.Core is in.
param([string] $Module, [string] $BaseUri, [string] $Token)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$folder = Join-Path ([System.IO.Path]::GetTempPath()) "release0-conflicting-polly-$PID"
$null = New-Item -ItemType Directory $folder -Force
$path = Join-Path $folder 'Polly.Core.dll'
$key = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $Module 'dependencies/Core/Polly.Core.dll')).GetPublicKey()
$runtime = [System.IO.Path]::GetDirectoryName([object].Assembly.Location)
$references = [Microsoft.CodeAnalysis.MetadataReference[]]@(
    [Microsoft.CodeAnalysis.MetadataReference]::CreateFromFile([object].Assembly.Location)
    [Microsoft.CodeAnalysis.MetadataReference]::CreateFromFile((Join-Path $runtime 'System.Runtime.dll')))
$options = [Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions]::new([Microsoft.CodeAnalysis.OutputKind]::DynamicallyLinkedLibrary).WithPublicSign($true).WithCryptoPublicKey([System.Collections.Immutable.ImmutableArray]::Create([byte[]] $key))
$tree = [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree]::ParseText('[assembly: System.Reflection.AssemblyVersion("9.0.0.0")] namespace Polly { public sealed class ResiliencePipeline { } }')
$compilation = [Microsoft.CodeAnalysis.CSharp.CSharpCompilation]::Create('Polly.Core', [Microsoft.CodeAnalysis.SyntaxTree[]] @($tree), $references, $options)
$file = [System.IO.File]::Create($path)
try { $emitted = $compilation.Emit($file) } finally { $file.Dispose() }
if (-not $emitted.Success) { throw "could not build the conflicting Polly.Core: $($emitted.Diagnostics)" }
$null = [System.Reflection.Assembly]::LoadFrom($path)

Import-Module (Join-Path $Module 'Release0.psd1')
Connect-Release0 -BaseUri $BaseUri -ApiToken $Token
'chat: ' + (Start-AgentChat echo | Send-AgentMessage -Message 'after another Polly').Messages[0]
foreach ($assembly in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Polly.Core' }) {
    'polly: {0} in {1}' -f $assembly.GetName().Version, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name
}
Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
