#!/usr/bin/env bash
# The pacing issue's "Done when" runs of `release0 jobs run`, measured (never asserted): two-second batch
# jobs behind the sandbox's per-token limit (`release0 sandbox --rate-limit R/s`, one bucket for every route).
# Counts come from the sandbox's request log: calls let through, calls refused (429), batches created.
# Floor = calls let through / R; the issue's goal is wall time <= 1.3 x floor + 5 s.
# Usage: bench/pacing/jobs-run.sh [path/to/release0.dll]   (default: the CLI's Debug build)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
cli=${1:-$here/cli/Release0.Cli/bin/Debug/net10.0/release0.dll}
work=$(mktemp -d)
trap 'kill "$sandbox_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
sandbox_pid=

jobs_file() { # count prefix
  for i in $(seq 1 "$1"); do
    printf '{"jobId":"%s-%03d","agentId":"batch-after-2000","projectEnvId":"p","userProfileId":"u","messages":["Summarise %s"]}\n' "$2" "$i" "$i"
  done > "$work/$2.jsonl"
}

start_sandbox() { # rate
  port=$((20000 + RANDOM % 20000))
  dotnet "$cli" sandbox --port "$port" --rate-limit "$1/s" --verbose > "$work/sandbox.out" 2> "$work/sandbox.log" &
  sandbox_pid=$!
  until grep -q "listening" "$work/sandbox.out" 2>/dev/null; do sleep 0.2; done
  export RELEASE0_BASE_URI="http://127.0.0.1:$port/" RELEASE0_API_TOKEN=sandbox-token
}

stop_sandbox() { kill "$sandbox_pid"; wait "$sandbox_pid" 2>/dev/null || true; }

report() { # name rate seconds outputs...
  local name=$1 rate=$2 seconds=$3; shift 3
  local admitted refused created completed poisoned
  admitted=$(grep -c '/api/.* -> [0-9]' "$work/sandbox.log" | tr -d ' ')
  refused=$(grep -c '/api/.* -> 429' "$work/sandbox.log" | tr -d ' ')
  admitted=$((admitted - refused))
  created=$(grep -c 'POST /api/v1/chat/batch-message -> 200' "$work/sandbox.log" | tr -d ' ')
  completed=$(cat "$@" | grep -o '[0-9]* completed' | awk '{s+=$1} END {print s+0}')
  poisoned=0
  for out in "$@"; do [ -d "${out%.txt}/poison" ] && poisoned=$((poisoned + $(ls "${out%.txt}/poison"/*/ | wc -l))); done
  awk -v n="$name" -v r="$rate" -v s="$seconds" -v a="$admitted" -v f="$refused" -v c="$created" -v d="$completed" -v p="$poisoned" 'BEGIN {
    floor = a / r; share = 100 * f / (a + f);
    printf "| %s | %d | %d | %d | %.1f %% | %.1f s | %.1f s | %.2fx | %s |\n", n, d, c, p, share, s, floor, s / floor, (s <= 1.3 * floor + 5 ? "yes" : "no")
  }'
}

run() { # name rate jobs concurrency [runs]
  local name=$1 rate=$2 count=$3 concurrency=$4 runs=${5:-1} outputs=() pids=() key
  key=$(echo "$name" | tr -c 'a-z0-9' '-')
  start_sandbox "$rate"
  local started=$(date +%s.%N)
  for r in $(seq 1 "$runs"); do
    jobs_file "$count" "job$r"
    RELEASE0_POLL_HISTORY="$work/history-$r.json" dotnet "$cli" jobs run "$work/job$r.jsonl" --out "$work/out-$key-$r" --concurrency "$concurrency" --quiet > "$work/out-$key-$r.txt" 2> "$work/err-$key-$r.txt" &
    pids+=($!)
    outputs+=("$work/out-$key-$r.txt")
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  local seconds=$(echo "$(date +%s.%N) - $started" | bc)
  stop_sandbox
  report "$name" "$rate" "$seconds" "${outputs[@]}"
  for r in $(seq 1 "$runs"); do grep -h 'paced to' "$work/err-$key-$r.txt" | sed "s/^/    run $r: /" >&2 || true; done
}

echo "| Run | Completed | Created | Poisoned | Refused | Wall | Floor | Wall/floor | <= 1.3x floor + 5 s |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
run "300 jobs, 20/s, default concurrency" 20 300 16
run "300 jobs, 20/s, --concurrency 128" 20 300 128
run "2 x 150 jobs at once, 20/s" 20 150 16 2
run "200 jobs, 4/s, --concurrency 64" 4 200 64
