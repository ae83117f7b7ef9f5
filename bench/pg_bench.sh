#!/usr/bin/env bash
# Several instances on one PostgreSQL (BENCHMARKS.md, "PostgreSQL and several instances"): records
# per second accepted, verified, durably committed and receipted with 1, 2 and 3 optin-server
# instances on one PostgreSQL 15 database, next to one instance on SQLite, with the same load
# generator as bench/server_bench.sh (wrk replaying envelopes from optin-bench-envelopes, batches
# of 50 records per request; with N instances N wrk processes share the connections). Everything
# runs on this machine, on loopback, with a throw-away cluster (tools/pg-test-cluster.sh).
# Usage: bench/pg_bench.sh BUILD_DIR [SECONDS]
set -euo pipefail
build=${1:?usage: pg_bench.sh BUILD_DIR [SECONDS]}
secs=${2:-8}
here=$(cd "$(dirname "$0")" && pwd)
wrk_lua=${OPTIN_WRK_LUA:-$here/../../shared/bench-peers/node-consent-server/wrk_bodies.lua}
work=$(mktemp -d /tmp/optin-pg-bench.XXXXXX)
chmod 755 "$work"  # the cluster runs as the postgres user when we are root
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  bash "$here/../tools/pg-test-cluster.sh" stop "$work/cluster" || true
  rm -rf "$work"
}
trap cleanup EXIT
connections=16

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
url=$(bash "$here/../tools/pg-test-cluster.sh" start "$work/cluster")
psql_at() { psql -X -q -At "$@"; }

start_instance() {  # data_dir database_url: sets $port
  local data=$1 db=$2
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local args=(--data "$data" --listen "127.0.0.1:$port" --dev)
  [[ -n $db ]] && args+=(--database "$db")
  "$build/bin/optin-server" "${args[@]}" >>"$data/server.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.05; done
}

# run NAME DATABASE_URL INSTANCES: prints records/s from wrk and from the stored records.
run() {
  local name=$1 db=$2 n=$3 ports=() i
  rm -rf "$work/run" && mkdir -p "$work/run/d0"
  echo '{"threads": 64, "max_outstanding": 50000}' >"$work/run/d0/config.json"
  start_instance "$work/run/d0" "$db"
  ports+=("$port")
  for ((i = 1; i < n; i++)); do
    mkdir -p "$work/run/d$i"
    cp -r "$work/run/d0/keys" "$work/run/d0/config.json" "$work/run/d$i/"
    start_instance "$work/run/d$i" "$db"
    ports+=("$port")
  done
  for ((i = 0; i < n; i++)); do
    "$build/bin/optin-bench-envelopes" --server "http://127.0.0.1:${ports[i]}" \
      --count $((40000 * secs / n)) --batch 50 >"$work/run/bodies$i.jsonl"
  done
  local before_records after_records
  before_records=$(curl -s "http://127.0.0.1:${ports[0]}/readyz" | jq -r .ledger_size)
  local loads=()
  for ((i = 0; i < n; i++)); do
    THREADS=1 BODIES="$work/run/bodies$i.jsonl" wrk -t1 -c$((connections / n)) -d"${secs}s" \
      -s "$wrk_lua" "http://127.0.0.1:${ports[i]}" >"$work/run/wrk$i.txt" &
    loads+=($!)
  done
  wait "${loads[@]}"
  after_records=$(curl -s "http://127.0.0.1:${ports[0]}/readyz" | jq -r .ledger_size)
  local rps
  rps=$(cat "$work/run/wrk"*.txt | awk '/Requests\/sec/ {s += $2} END {printf "%.0f", s}')
  local errors
  errors=$(cat "$work/run/wrk"*.txt | awk '/Non-2xx/ {s += $5} END {print s + 0}')
  printf '%-28s %8d records/s (wrk: %d requests/s x 50; non-2xx %d); ledger +%d entries in %ss\n' \
    "$name" $(((after_records - before_records) / secs)) "$rps" "$errors" \
    $((after_records - before_records)) "$secs"
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  pids=()
}

run "sqlite, 1 instance" "" 1
for n in 1 2 3; do
  psql_at "$url" -c "CREATE DATABASE bench_$n"
  run "postgresql, $n instance(s)" "${url%/*}/bench_$n" "$n"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
