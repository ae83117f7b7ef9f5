#!/usr/bin/env bash
# Verification server benchmark (BENCHMARKS.md, "Verification server"): records per second
# accepted over HTTP, verified, durably committed and answered with a receipt, next to the Node.js
# peer in ../shared/bench-peers/node-consent-server doing the same minus validation and proofs.
# Loopback only. Usage: bench/server_bench.sh BUILD_DIR [SECONDS]
# OPTIN_SERVER_BIN runs another optin-server build (an A/B against an older commit);
# OPTIN_BENCH_SKIP_PEER=1 leaves the peer out.
set -euo pipefail
build=${1:?usage: server_bench.sh BUILD_DIR [SECONDS]}
secs=${2:-8}
here=$(cd "$(dirname "$0")" && pwd)
peer_src=${OPTIN_PEER_DIR:-$here/../../shared/bench-peers/node-consent-server}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port=$((20000 + RANDOM % 20000))
wrk_lua=$peer_src/wrk_bodies.lua

run_wrk() {  # bodies connections
  THREADS=2 BODIES=$1 wrk -t2 -c"$2" -d"${secs}s" --latency -s "$wrk_lua" "http://127.0.0.1:$3"
}

echo "== raw bound: libsodium Ed25519 verifications on both cores"
"$build/bin/optin-bench-ed25519" 3 2

echo "== optin-server"
mkdir -p "$work/data"
echo '{"threads": 128, "max_outstanding": 50000}' > "$work/data/config.json"
"${OPTIN_SERVER_BIN:-$build/bin/optin-server}" --data "$work/data" --listen "127.0.0.1:$port" --dev > "$work/server.log" 2>&1 &
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
"$build/bin/optin-bench-envelopes" --server "http://127.0.0.1:$port" --count $((30000 * secs)) > "$work/single.jsonl"
"$build/bin/optin-bench-envelopes" --server "http://127.0.0.1:$port" --count $((50000 * secs)) --batch 50 > "$work/batch50.jsonl"
echo "-- one record per request, 64 connections"
run_wrk "$work/single.jsonl" 64 "$port"
echo "-- batches of 50, 16 connections (records/s = requests/s x 50)"
run_wrk "$work/batch50.jsonl" 16 "$port"
curl -s "http://127.0.0.1:$port/metrics" | grep -E "^optin_(ledger_entries|records_total|batch_entries_(sum|count)|commit_seconds_(sum|count))"
# CPU time of each of the server's threads (named by thread_name.h; the connection threads keep
# the program's name) over both loads, per ledger entry.
entries=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^optin_ledger_entries/ {print $2}')
/usr/bin/python3 "$here/thread_cpu.py" "$(jobs -p %1)" "$entries"
kill %1; wait %1 || true

if [[ -z ${OPTIN_BENCH_SKIP_PEER:-} && -d $peer_src ]] && command -v npm >/dev/null; then
  echo "== node peer (installed into $work/peer, never into the repo)"
  mkdir -p "$work/peer" && cp "$peer_src/server.js" "$peer_src/package.json" "$work/peer/"
  (cd "$work/peer" && npm install --silent --no-audit --no-fund >/dev/null)
  pport=$((port + 1))
  node "$work/peer/server.js" "$work/peer.db" "$pport" > "$work/peer.log" 2>&1 &
  sleep 1
  /usr/bin/python3 "$peer_src/gen_envelopes.py" $((15000 * secs)) > "$work/peer1.jsonl"
  /usr/bin/python3 "$peer_src/gen_envelopes.py" $((20000 * secs)) 50 > "$work/peer50.jsonl"
  echo "-- peer: one record per request, 64 connections"
  run_wrk "$work/peer1.jsonl" 64 "$pport"
  echo "-- peer: batches of 50, 16 connections"
  run_wrk "$work/peer50.jsonl" 16 "$pport"
fi
