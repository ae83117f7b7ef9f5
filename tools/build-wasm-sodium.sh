#!/usr/bin/env bash
# Builds libsodium 1.0.18 for WebAssembly from Debian's source package, once per machine, in two
# variants: with WebAssembly SIMD (what the module uses where the engine has it: every current
# browser and node) and without (the fallback module for engines without SIMD, such as Safari
# before 16.4). The results live in a per-user cache keyed by the libsodium and Emscripten versions
# and the flags (they survive fresh clones, so CI does not rebuild them each run) and are linked
# into build/_deps/sodium-wasm and build/_deps/sodium-wasm-simd.
# Works from an empty cache; takes about three minutes per variant on two cores.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export NODE_PATH=/usr/share/nodejs
sodium_version=1.0.18
em_version=$(emcc --version 2>/dev/null | sed -n '1s/.* \([0-9][0-9.]*\) .*/\1/p')
cache_root=${XDG_CACHE_HOME:-$HOME/.cache}/optin-capture
# -O2, not -Oz: at -Oz clang inlines nothing (rotr32 stays a call) and SHA-256/Ed25519 run about
# 6-10x slower than in npm libsodium-wrappers, for a few KB less. -msimd128 lets clang 14 use
# 128-bit lanes in the field arithmetic: Ed25519 signs about 15-20% faster (BENCHMARKS.md).
# The flags are part of the cache key; CAPTURE_SODIUM_WASM_OPT overrides the level for
# measurements.
opt_level=${CAPTURE_SODIUM_WASM_OPT:--O2}
link_root=${CAPTURE_SODIUM_WASM_LINK:-$here/build/_deps/sodium-wasm}

build_variant() {  # build_variant KEY-SUFFIX LINK CFLAGS...
  local suffix=$1 link=$2
  shift 2
  local prefix=$cache_root/libsodium-$sodium_version-emscripten-$em_version$opt_level$suffix
  if [[ ! -f $prefix/lib/libsodium.a ]]; then
    echo "setup: building libsodium $sodium_version for WebAssembly ($*; once per machine) ..."
    local work
    work=$(mktemp -d)
    (
      trap 'rm -rf "$work"' EXIT
      cd "$work"
      apt-get source --download-only -qq libsodium="$sodium_version*" >/dev/null 2>&1 ||
        apt-get source --download-only -qq libsodium >/dev/null
      tar -xzf "$work"/libsodium_${sodium_version}*.orig.tar.gz -C "$work"
      src=$(find "$work" -maxdepth 1 -type d -name "libsodium*" | head -1)
      cd "$src"
      [[ -x configure ]] || ./autogen.sh -s >/dev/null 2>&1
      emconfigure ./configure --host=wasm32-unknown-emscripten --prefix="$prefix.tmp" \
        --disable-shared --enable-static --without-pthreads --disable-ssp --disable-asm \
        --enable-minimal CFLAGS="$*" >/dev/null
      emmake make -j"$(nproc)" >/dev/null 2>&1
      emmake make install >/dev/null
    )
    rm -rf "$prefix" && mv "$prefix.tmp" "$prefix"
  fi
  mkdir -p "$(dirname "$link")"
  ln -sfn "$prefix" "$link"
  echo "setup: libsodium for WebAssembly at $prefix"
}

build_variant "" "$link_root" "$opt_level"
build_variant "-simd128" "$link_root-simd" "$opt_level" -msimd128
