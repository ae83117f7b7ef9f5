#!/usr/bin/env bash
# Runs one libFuzzer target briefly: seeds in, a scratch corpus out, fails on any crash or leak.
# Usage: run_fuzzer.sh BINARY SEED_DIR WORK_DIR SECONDS
# The seed is fixed (FUZZ_SEED, default 1) so that a CI failure can be replayed; the long runs of
# docs/fuzzing.md use random seeds.
set -euo pipefail
binary=$1 seeds=$2 work=$3 seconds=$4
mkdir -p "$work/corpus"
args=()
[[ -d $seeds ]] && args+=("$seeds")
exec "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -seed="${FUZZ_SEED:-1}" -artifact_prefix="$work/" "$work/corpus" "${args[@]}"
