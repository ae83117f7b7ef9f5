#!/usr/bin/env bash
# Soak test (BENCHMARKS.md, "Soak"): one hour of mixed traffic at half the measured single-record
# capacity, with a SIGKILL of the server every five minutes. Loopback only; a temporary data
# folder. Usage: bench/soak.sh BUILD_DIR [MINUTES] [RATE] [KILL_EVERY_SECONDS]
set -euo pipefail
build=${1:?usage: soak.sh BUILD_DIR [MINUTES] [RATE] [KILL_EVERY_SECONDS]}
minutes=${2:-60}
rate=${3:-1300}
kill_every=${4:-300}
echo "soak: $minutes min at $rate records/s offered, SIGKILL every ${kill_every}s; load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/bin/optin-bench-soak" --bin "$build/bin" --minutes "$minutes" --rate "$rate" \
  --kill-every "$kill_every"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
