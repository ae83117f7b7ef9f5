#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests (TOOLCHAIN.md, "Servers in tests"):
#   pg-test-cluster.sh start DIR   initdb in DIR/data, start on a free 127.0.0.1 port, write the
#                                  connection URL to DIR/url
#   pg-test-cluster.sh stop DIR    stop it and remove DIR
# CI runs as root and PostgreSQL refuses to run as root, so as root the cluster belongs to the
# `postgres` user (or `nobody` when there is none). Trust authentication on loopback only: the
# cluster lives for one test run and holds test data only.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:?usage: pg-test-cluster.sh start|stop DIR}
dir=${2:?usage: pg-test-cluster.sh start|stop DIR}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    local owner=postgres
    id -u postgres >/dev/null 2>&1 || owner=nobody
    (cd / && runuser -u "$owner" -- "$@")
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "$cmd" in
  start)
    if [ -f "$dir/url" ] && as_owner "$PG_BIN/pg_ctl" -D "$(readlink -f "$dir/data")" status \
      >/dev/null 2>&1; then
      exit 0  # already running (a fixture set up twice)
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      # The cluster's own files live where its owner can reach them whatever DIR's parents allow
      # (a clone under /root is 0700): a fresh folder in /tmp, linked from DIR.
      owner=postgres
      id -u postgres >/dev/null 2>&1 || owner=nobody
      home=$(mktemp -d /tmp/optin-pg-cluster.XXXXXX)
      chmod 755 "$home"
      mkdir -p "$home/data" "$home/socket"
      chown -R "$owner" "$home"
      ln -s "$home/data" "$dir/data"
      ln -s "$home/socket" "$dir/socket"
      echo "$home" >"$dir/home"
    else
      mkdir -p "$dir/data" "$dir/socket"
    fi
    data=$(readlink -f "$dir/data")
    socket=$(readlink -f "$dir/socket")
    as_owner "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C \
      >"$dir/initdb.log" 2>&1
    port=$(free_port)
    # Enough connections for the whole server suite in parallel (each server holds a small pool).
    as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$data/../server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $socket -c max_connections=400 \
          -c shared_buffers=64MB -c fsync=on -c synchronous_commit=on" start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url.tmp"
    mv "$dir/url.tmp" "$dir/url"
    cat "$dir/url"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$PG_BIN/pg_ctl" -D "$(readlink -f "$dir/data")" -m immediate -w stop \
        >/dev/null 2>&1 || true
    fi
    if [ -f "$dir/home" ]; then rm -rf "$(cat "$dir/home")"; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-test-cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
