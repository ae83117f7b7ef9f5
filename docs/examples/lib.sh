# Shared by the guides' example scripts (sourced, not run): where the binaries are, a temporary
# folder removed on exit, and a throw-away optin-server on a free loopback port.
# ctest passes OPTIN_BIN and OPTIN_SERVER_BIN (the built binaries); by hand they default to build/.
set -euo pipefail

examples_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(cd "$examples_dir/../.." && pwd)
OPTIN_BIN=${OPTIN_BIN:-$source_dir/build/bin/optin}
OPTIN_SERVER_BIN=${OPTIN_SERVER_BIN:-$source_dir/build/bin/optin-server}
for bin in "$OPTIN_BIN" "$OPTIN_SERVER_BIN"; do
  [[ -x $bin ]] || { echo "example: $bin is not built (cmake --build build)" >&2; exit 1; }
done
optin() { "$OPTIN_BIN" "$@"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/optin-example.XXXXXX")
server_pid=""
cleanup() {
  local status=$?
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
  if ((status != 0)); then echo "example FAILED (exit $status)" >&2; fi
}
trap cleanup EXIT

# Prints "step: ..." so a failing run shows where it stopped.
step() { printf '\n== %s\n' "$*"; }
fail() { echo "example: $*" >&2; exit 1; }

# expect_refusal CODE COMMAND...: the command must exit 1 and name CODE on stderr.
expect_refusal() {
  local code=$1 status=0
  shift
  "$@" >"$work/refusal.out" 2>"$work/refusal.err" || status=$?
  ((status == 1)) || fail "expected exit 1 ($code) from: $* (got $status: $(cat "$work/refusal.err"))"
  grep -q "$code" "$work/refusal.err" || fail "expected $code from: $*, got: $(cat "$work/refusal.err")"
  echo "refused as expected: $(head -1 "$work/refusal.err")"
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server DATA_DIR [extra optin-server flags...]: sets $base (http://127.0.0.1:PORT) and
# $server_pid; waits until /readyz answers. Retries on another port if the port was taken.
start_server() {
  local data=$1
  shift
  for _ in 1 2 3; do
    local port
    port=$(free_port)
    base="http://127.0.0.1:$port"
    "$OPTIN_SERVER_BIN" --data "$data" --listen "127.0.0.1:$port" "$@" >"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 200); do
      if curl -fsS "$base/readyz" >/dev/null 2>&1; then return 0; fi
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.05
    done
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  done
  cat "$work/server.log" >&2
  fail "optin-server did not start"
}

stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || fail "optin-server exited with an error: $(cat "$work/server.log")"
  server_pid=""
}

# http METHOD PATH [curl args...]: prints the body; fails on a transport error. The status code
# goes to $work/status.
http() {
  local method=$1 path=$2
  shift 2
  curl -sS -X "$method" -o "$work/body" -w '%{http_code}' "$@" "$base$path" >"$work/status"
  cat "$work/body"
}
status() { cat "$work/status"; }
