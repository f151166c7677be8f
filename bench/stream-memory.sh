#!/usr/bin/env bash
# Peak resident memory of `release0 ask --stream` reading a 100 MB reply, as a user runs it:
# the CLI's own process, measured by /usr/bin/time; the sandbox runs in a separate process.
# Usage: bench/stream-memory.sh [port] (default 5111). Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-5111}"
size=100000000
dotnet build -c Release cli/Release0.Cli -o artifacts/bench-cli >/dev/null
cli=artifacts/bench-cli/release0
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "port $port is in use; give a free one: bench/stream-memory.sh PORT" >&2
    exit 2
fi
"$cli" sandbox --port "$port" >/dev/null &
sandbox=$!
trap 'kill "$sandbox"' EXIT
export RELEASE0_BASE_URI="http://127.0.0.1:$port/" RELEASE0_API_TOKEN=sandbox-token
for _ in $(seq 100); do curl -s -o /dev/null "$RELEASE0_BASE_URI" && break; sleep 0.1; done

measure() { # label, then the arguments after `ask long-stream N`
    local label="$1"; shift
    local report
    report=$(mktemp)
    /usr/bin/time -f '%M %e' -o "$report" "$cli" ask long-stream "$size" --stream --timeout 10m --quiet "$@" >/dev/null 2>&1
    read -r kb seconds <"$report"
    rm -f "$report"
    printf '%-30s peak RSS %6.1f MB in %ss\n' "$label" "$(echo "$kb / 1024" | bc -l)" "$seconds"
}

measure "ask --stream (100 MB reply)"
measure "ask --stream --json (held)" --json

# The floor: curl reading the same stream into /dev/null.
report=$(mktemp)
/usr/bin/time -f '%M %e' -o "$report" curl -sN -o /dev/null -X POST -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $RELEASE0_API_TOKEN" -d "{\"message\":\"$size\",\"stream\":true}" "${RELEASE0_BASE_URI}v1/api/chat/long-stream"
read -r kb seconds <"$report"
rm -f "$report"
printf '%-30s peak RSS %6.1f MB in %ss\n' "curl -N (same stream)" "$(echo "$kb / 1024" | bc -l)" "$seconds"
