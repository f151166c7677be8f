#!/usr/bin/env bash
# Runs the CLI test suite against the native (NativeAOT) release0: the process tests start that
# executable (RELEASE0_CLI_EXECUTABLE) instead of the portable build. Arguments go to dotnet test
# (e.g. --no-build, --filter). Where clang is missing it says so in one line and exits 0:
# the native link needs clang, lld and zlib1g-dev (apt-get install -y clang lld zlib1g-dev).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v clang >/dev/null 2>&1; then
  echo "skipped native CLI tests: clang is not installed (apt-get install -y clang lld zlib1g-dev)"
  exit 0
fi

out=artifacts/native-cli
rm -rf "$out"
dotnet publish cli/Release0.Cli -c Release -r linux-x64 -o "$out" --nologo -v quiet
# Two executables and nothing else: release0, and release0-sandbox that runs its sandbox and demo commands.
if [ "$(ls "$out" | tr '\n' ' ')" != "release0 release0-sandbox " ]; then
  echo "native publish: expected release0 and release0-sandbox in $out, found: $(ls "$out" | tr '\n' ' ')"
  exit 1
fi
echo "native CLI: $out/release0 ($(du -m "$out/release0" | cut -f1) MB), $out/release0-sandbox ($(du -m "$out/release0-sandbox" | cut -f1) MB)"
RELEASE0_CLI_EXECUTABLE="$PWD/$out/release0" dotnet test tests/Release0.Cli.Tests --nologo "$@"
