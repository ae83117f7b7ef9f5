#!/usr/bin/env bash
# The main job: installs what is missing, builds, and starts the verification server on
# 127.0.0.1 with the embedded SQLite store and the web demo. Development keys and the example
# campaign are created on first start. Stop with Ctrl-C (clean shutdown).
# Environment: OPTIN_LISTEN (default 127.0.0.1:8080), OPTIN_DATA (default build/dev-data).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake -S . -B build -DCAPTURE_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)" --target optin optin-server wasm_tree
listen=${OPTIN_LISTEN:-127.0.0.1:8080}
data=${OPTIN_DATA:-build/dev-data}
mkdir -p "$data"
exec build/bin/optin-server --data "$data" --listen "$listen" --web-root web-demo --dev
