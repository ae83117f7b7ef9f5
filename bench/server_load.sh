#!/usr/bin/env bash
# One load against one optin-server build, for A/B comparisons of the verification server
# (BENCHMARKS.md, "Verification server"): a fresh data folder, unique valid envelopes for the
# example campaign, wrk with the peer's body script, then what the run cost each of the server's
# threads. Loopback only.
#
# Usage: bench/server_load.sh BUILD_DIR RECORDS_PER_REQUEST CONNECTIONS [SECONDS]
# Environment:
#   OPTIN_SERVER_BIN  another optin-server binary (an older commit, a throwaway variant)
#   OPTIN_CONFIG      the data folder's config.json (default: 128 threads, 50,000 outstanding)
#   OPTIN_PERF        write a `perf record --call-graph dwarf` of the middle of the run here
#
# Prints wrk's requests/s and p99, the batches the sequencer committed, each thread's CPU
# seconds and microseconds per ledger entry (named by thread_name.h; the connection threads keep
# the program's name), and for the sequencer, over the middle of the run, its time on a CPU and
# its time waiting for one (from /proc/PID/task/TID/schedstat); the rest of that window it was
# blocked (in fdatasync, or waiting for work).
set -euo pipefail
build=${1:?usage: server_load.sh BUILD_DIR RECORDS_PER_REQUEST CONNECTIONS [SECONDS]}
per_request=${2:?records per request}
connections=${3:?connections}
secs=${4:-10}
here=$(cd "$(dirname "$0")" && pwd)
peer_src=${OPTIN_PEER_DIR:-$here/../../shared/bench-peers/node-consent-server}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port=$((20000 + RANDOM % 20000))

mkdir -p "$work/data"
default_config='{"threads": 128, "max_outstanding": 50000}'
echo "${OPTIN_CONFIG:-$default_config}" > "$work/data/config.json"
"${OPTIN_SERVER_BIN:-$build/bin/optin-server}" --data "$work/data" --listen "127.0.0.1:$port" \
  --dev > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
count=$((15000 * secs))
batch_args=()
if ((per_request > 1)); then
  count=$((30000 * secs))
  batch_args=(--batch "$per_request")
fi
"$build/bin/optin-bench-envelopes" --server "http://127.0.0.1:$port" --count "$count" \
  "${batch_args[@]}" > "$work/bodies.jsonl"

THREADS=2 BODIES=$work/bodies.jsonl wrk -t2 -c"$connections" -d"${secs}s" --latency \
  -s "$peer_src/wrk_bodies.lua" "http://127.0.0.1:$port" > "$work/wrk.txt" &
wrk_job=$!
# The middle of the run: after the connections are up, before wrk winds down.
window=$((secs - 4 > 1 ? secs - 4 : 1))
sleep 2
sequencer_stat=$(grep -l '^optin-sequence$' /proc/$server/task/*/comm | head -1)
sequencer_stat=${sequencer_stat%comm}schedstat
before=$(cat "$sequencer_stat")
if [[ -n ${OPTIN_PERF:-} ]]; then
  perf record -F 199 --call-graph dwarf,16384 -p "$server" -o "$OPTIN_PERF" -- sleep "$window" \
    2>/dev/null
else
  sleep "$window"
fi
after=$(cat "$sequencer_stat")
wait "$wrk_job"
grep -E "Requests/sec| 99%" "$work/wrk.txt"
echo "$before $after" | awk -v w="$window" \
  '{printf "sequencer over %d s: on a CPU %.2f s, waiting for one %.2f s\n", w, ($4-$1)/1e9, ($5-$2)/1e9}'
metrics=$(curl -s "http://127.0.0.1:$port/metrics")
grep -E "^optin_(batch_entries_(sum|count)|commit_seconds_sum)" <<< "$metrics"
entries=$(awk '/^optin_ledger_entries/ {print $2}' <<< "$metrics")
/usr/bin/python3 "$here/thread_cpu.py" "$server" "$entries"
