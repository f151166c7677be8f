#!/usr/bin/env bash
# The project's test command (see README). Builds and tests everything this machine can build,
# and says in one line each what it had to skip: the Azure Functions host where its packages
# cannot be restored, and the Pester suite where pwsh is not installed.
set -euo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
pester_log=$(mktemp)
trap 'rm -f "$log" "$pester_log"' EXIT

# Automation.Local.slnf is Automation.sln without the Functions host, whose packages not every feed has.
dotnet build Automation.Local.slnf --nologo -v quiet
status=0
dotnet test Automation.Local.slnf --no-build --nologo 2>&1 | tee "$log" || status=$?

# The Functions host needs Microsoft.Azure.Functions.Worker and Azure.Storage.*, which some feeds lack.
functions_project=$(ls functions/*/*.csproj 2>/dev/null | head -n 1 || true)
if [ -z "$functions_project" ]; then
  echo "skipped Functions host: functions/ has no project yet"
elif dotnet restore "$functions_project" --nologo -v quiet >/dev/null 2>&1; then
  dotnet build "$functions_project" --no-restore --nologo -v quiet || status=1
else
  echo "skipped Functions host: its packages (Microsoft.Azure.Functions.Worker, Azure.Storage.*) cannot be restored from this machine's NuGet source"
fi

if ! command -v pwsh >/dev/null 2>&1; then
  echo "skipped Pester tests: pwsh is not installed"
elif [ -d tests/pester ] && ls tests/pester/*.Tests.ps1 >/dev/null 2>&1; then
  pwsh -NoProfile -NonInteractive -File tests/pester/Run-Pester.ps1 2>&1 | tee "$pester_log" || status=1
  grep -q '^pester: [0-9]' "$pester_log" || status=1
else
  echo "skipped Pester tests: tests/pester has no tests yet"
fi

# One closing line over all test assemblies and the Pester suite, in the plain form CI reads.
{
  sed -n 's/.*Failed: *\([0-9]*\), Passed: *\([0-9]*\), Skipped: *\([0-9]*\).*/\1 \2 \3/p' "$log"
  sed -n 's/^pester: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped.*/\2 \1 \3/p' "$pester_log"
} | awk '{f+=$1; p+=$2; s+=$3} END {printf "tests: %d passed, %d failed, %d skipped\n", p, f, s}'
exit "$status"
