#!/usr/bin/env bash
# Compiles and lints every template in infra/ with the Bicep compiler from the NuGet feed
# (tools/bicep restores it). Any diagnostic fails, warnings included: bicep itself exits 0 on them.
# Usage: infra/check.sh [folder]   (with a folder, the compiled ARM JSON is left there)
set -euo pipefail
infra=$(cd "$(dirname "$0")" && pwd)
tool="$infra/../tools/bicep/bicep.csproj"

dotnet restore "$tool" --nologo -v quiet >/dev/null
bicep=$(dotnet msbuild "$tool" -getProperty:BicepPath -nologo)
if [ ! -x "$bicep" ]; then
  echo "infra: the Bicep compiler is not at $bicep after restoring tools/bicep; check that the NuGet source serves Azure.Bicep.CommandLine.linux-x64" >&2
  exit 1
fi

keep=${1:-}
out=${keep:-$(mktemp -d)}
diagnostics=$(mktemp)
trap 'rm -f "$diagnostics"; [ -n "$keep" ] || rm -rf "$out"' EXIT
mkdir -p "$out"
status=0
"$bicep" build --pattern "$infra/*.bicep" --outdir "$out" >"$diagnostics" 2>&1 || status=$?
"$bicep" lint --pattern "$infra/*.bicep" >>"$diagnostics" 2>&1 || status=$?
if [ -s "$diagnostics" ] || [ "$status" -ne 0 ]; then
  cat "$diagnostics" >&2
  echo "infra: bicep build/lint reported the diagnostics above; fix each one (warnings count)" >&2
  exit 1
fi
echo "infra: $(ls "$infra"/*.bicep | wc -l) template(s) build and lint clean with $("$bicep" --version)"
