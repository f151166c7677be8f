#!/usr/bin/env bash
# The project's test command (see README). Needs the .NET SDK and Node/npm; installs the rest from the
# package sources into the checkout (pwsh and Pester from NuGet, Azurite from npm), starts Azurite for the
# Functions tests, builds and tests Automation.sln, runs the Pester suite under the pinned pwsh and, where clang
# is installed, the CLI tests against the native build; it ends with one line: "tests: N passed, N failed, N skipped".
# A host that cannot be set up here (no Node or no clang, say) is one "skipped ..." line and its tests count as skipped;
# with RELEASE0_REQUIRE_HOSTS=1 (CI sets it) any such skip fails the run.
set -euo pipefail
cd "$(dirname "$0")"

# A shell started in the background without job control ignores SIGINT, and so does everything it starts
# (that cannot be undone from inside); the CLI's Ctrl+C tests would then fail for a reason no test can name.
if [ -r /proc/self/status ] && (( (0x$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/self/status) >> 1) & 1 )); then
  echo "note: this shell ignores SIGINT (started with '&' and no job control?), so the CLI's Ctrl+C tests will fail; run ./test.sh in the foreground, or under 'set -m'"
fi

work=$(mktemp -d)
# Every process this run starts carries this marker, so cleanup finds what a killed test left behind.
export RELEASE0_TEST_RUN="$work"
status=0
skipped=0

# The pids of live processes that carry this run's marker.
# (The scan itself runs without the marker, so it never finds itself.)
marked_processes() {
  (
    unset RELEASE0_TEST_RUN
    grep -lxzF "RELEASE0_TEST_RUN=$work" /proc/[0-9]*/environ 2>/dev/null | sed 's|^/proc/\([0-9]*\)/environ$|\1|' || true
  )
}

stop_everything() {
  local left
  left=$(marked_processes)
  if [ -n "$left" ]; then
    kill $left 2>/dev/null || true
    # Azurite closes its servers before it exits; what is still there after 5 s is killed.
    for _ in $(seq 50); do
      left=$(marked_processes)
      [ -n "$left" ] || break
      sleep 0.1
    done
    [ -z "$left" ] || kill -9 $left 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_everything EXIT
trap 'exit 130' INT TERM

# One line for a host this machine cannot provide; its tests are counted as skipped.
skip_host() {
  echo "skipped $1: $2"
  skipped=$((skipped + $3))
  if [ "${RELEASE0_REQUIRE_HOSTS:-}" = 1 ]; then
    echo "error: RELEASE0_REQUIRE_HOSTS=1 and the $1 could not be set up" >&2
    status=1
  fi
}

# How many tests a test project holds, for counting what a missing host skips.
count_tests() {
  dotnet test "$1" --no-build --nologo --list-tests 2>/dev/null | grep -c '^    ' || true
}

# --- Hosts from the package sources ---------------------------------------------------------------
dotnet tool restore >/dev/null
dotnet restore tools/Pester/Pester.csproj --nologo -v quiet >/dev/null
pester_module="$(dotnet msbuild tools/Pester/Pester.csproj -getProperty:NuGetPackageRoot)pester/5.9.1/tools/Pester.psd1"

azurite_dir=tools/azurite
azurite_ready=
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  # npm ci only when the lock file changed since the last install: it takes half a minute.
  if ! cmp -s "$azurite_dir/package-lock.json" "$azurite_dir/node_modules/.installed-lock.json" 2>/dev/null; then
    npm ci --prefix "$azurite_dir" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
    cp "$azurite_dir/package-lock.json" "$azurite_dir/node_modules/.installed-lock.json"
  fi
  mkdir "$work/azurite"
  "$azurite_dir/node_modules/.bin/azurite" --skipApiVersionCheck --disableTelemetry --silent \
    --blobHost 127.0.0.1 --blobPort 0 --queueHost 127.0.0.1 --queuePort 0 --tableHost 127.0.0.1 --tablePort 0 \
    --location "$work/azurite" >"$work/azurite.log" 2>&1 &
  azurite_pid=$!
  for _ in $(seq 600); do
    if [ "$(grep -c 'successfully listening' "$work/azurite.log")" -ge 3 ] || ! kill -0 "$azurite_pid" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  blob_port=$(sed -n 's/.*Blob service is successfully listening at http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/azurite.log")
  queue_port=$(sed -n 's/.*Queue service is successfully listening at http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/azurite.log")
  table_port=$(sed -n 's/.*Table service is successfully listening at http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/azurite.log")
  if [ -n "$blob_port" ] && [ -n "$queue_port" ] && [ -n "$table_port" ]; then
    # Azurite's published development account and key; the Functions host's own storage wants all three services.
    export RELEASE0_TEST_STORAGE_CONNECTION="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
    azurite_ready=1
  else
    echo "Azurite did not start:" >&2
    cat "$work/azurite.log" >&2
  fi
fi

# --- Build and xUnit ------------------------------------------------------------------------------
dotnet build Automation.sln --nologo -v quiet
functions_tests=tests/Release0.Functions.Tests
if [ -n "$azurite_ready" ]; then
  # The Functions tests' runsettings (their project names it) measure the app's line coverage on every run.
  dotnet test Automation.sln --no-build --nologo --results-directory "$work/coverage" 2>&1 | tee "$work/xunit.log" || status=$?
  coverage=$(grep -l '<package name="Release0.Functions"' -r "$work/coverage" --include=coverage.cobertura.xml | head -n 1 || true)
  if [ -n "$coverage" ]; then
    rate=$(grep -o -m1 'line-rate="[0-9.]*"' "$coverage" | head -n 1 | grep -o '[0-9.]*')
    # The Functions app has no other tests than these; below 80 % of its lines fails the run.
    awk -v r="$rate" 'BEGIN {printf "functions coverage: %.1f %% of lines\n", r * 100; exit !(r >= 0.8)}' || status=1
  fi
else
  skip_host "Functions tests" "Azurite needs Node.js and npm, and this machine has no working Node/npm" "$(count_tests "$functions_tests")"
  for project in $(dotnet sln Automation.sln list | grep '^tests/.*Tests\.csproj$' | grep -v "^$functions_tests/"); do
    dotnet test "$project" --no-build --nologo 2>&1 | tee -a "$work/xunit.log" || status=$?
  done
fi

# --- The published Functions app in the real Functions host --------------------------------------
# tests/functions-host starts the host (../shared/functions-host, a test tool of this workspace, or the start-host.sh
# that RELEASE0_FUNCTIONS_HOST names) in its own process group on the app published here, with Azurite and a sandbox
# of its own; every process it starts carries this run's marker, so stop_everything also ends a host that a killed
# or interrupted test left behind.
functions_host=${RELEASE0_FUNCTIONS_HOST:-$(cd .. && pwd)/shared/functions-host/start-host.sh}
host_tests=tests/functions-host
host_failed=0
host_passed=0
if [ ! -f "$functions_host" ]; then
  skip_host "functions host" "no $functions_host (the workspace's shared/functions-host beside this checkout; RELEASE0_FUNCTIONS_HOST names another start-host.sh)" "$(cat "$host_tests"/*.cs | grep -c '^ *\[Fact')"
elif [ -z "$azurite_ready" ]; then
  skip_host "functions host" "the host's storage is Azurite, which could not be started" "$(cat "$host_tests"/*.cs | grep -c '^ *\[Fact')"
else
  host_status=0
  dotnet publish functions/Release0.Functions -c Release -o "$work/functions-app" --nologo -v quiet >"$work/functions-publish.log" 2>&1 \
    && dotnet build "$host_tests" --nologo -v quiet >>"$work/functions-publish.log" 2>&1 \
    || { cat "$work/functions-publish.log"; host_status=1; }
  if [ "$host_status" = 0 ]; then
    RELEASE0_FUNCTIONS_HOST="$functions_host" RELEASE0_FUNCTIONS_APP="$work/functions-app" \
      RELEASE0_FUNCTIONS_HOST_LOG="$work/functions-host.log" FUNCTIONS_HOST_CACHE="$work/functions-host" \
      dotnet test "$host_tests" --no-build --nologo 2>&1 | tee "$work/functions-host.xunit.log" || host_status=1
  fi
  # No summary line means the suite itself could not run: one failure.
  host_counts=$(sed -n 's/.*Failed: *\([0-9]*\), Passed: *\([0-9]*\).*/\1 \2/p' "$work/functions-host.xunit.log" 2>/dev/null | tail -n 1)
  read -r host_failed host_passed <<<"${host_counts:-1 0}"
  echo "functions host: $host_passed passed, $host_failed failed"
  if [ "$host_status" != 0 ]; then
    status=1
    [ ! -s "$work/functions-host.log" ] || { echo "--- the Functions host's log, last 60 lines:"; tail -n 60 "$work/functions-host.log"; }
  fi
fi

# --- Pester under the pinned pwsh -----------------------------------------------------------------
dotnet pwsh -NoProfile -NonInteractive -File tests/pester/Run-Pester.ps1 -PesterModule "$pester_module" 2>&1 | tee "$work/pester.log" || status=1
grep -q '^pester: [0-9]' "$work/pester.log" || status=1

# --- The CLI tests again, against the native build ----------------------------------------------
if command -v clang >/dev/null 2>&1; then
  bash tests/native-cli.sh --no-build 2>&1 | tee -a "$work/xunit.log" || status=1
else
  skip_host "native CLI tests" "clang is not installed (apt-get install -y clang lld zlib1g-dev)" "$(count_tests tests/Release0.Cli.Tests)"
fi

# One closing line over all test assemblies, the Pester suite and what was skipped, in the plain form CI reads.
{
  sed -n 's/.*Failed: *\([0-9]*\), Passed: *\([0-9]*\), Skipped: *\([0-9]*\).*/\1 \2 \3/p' "$work/xunit.log"
  echo "$host_failed $host_passed 0"
  sed -n 's/^pester: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped.*/\2 \1 \3/p' "$work/pester.log"
  echo "0 0 $skipped"
} | awk '{f+=$1; p+=$2; s+=$3} END {printf "tests: %d passed, %d failed, %d skipped\n", p, f, s}'
exit "$status"
