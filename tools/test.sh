#!/usr/bin/env bash
# The test command: installs what is missing, builds the native, WebAssembly and sanitizer trees,
# and runs every test. Ends with ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --with-browser
cmake -S . -B build -DCAPTURE_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 900
