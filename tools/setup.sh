#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks for building and testing optin-capture, and builds
# libsodium for WebAssembly once. Idempotent: a second run does nothing but check.
# Usage: tools/setup.sh [--with-browser]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

need_pkgs=(libsodium-dev nlohmann-json3-dev libcpp-httplib-dev emscripten autoconf automake libtool
           dpkg-dev libgtest-dev libbenchmark-dev libsqlite3-dev libpq-dev libjemalloc-dev clang-format clang
           libclang-rt-14-dev python3-phonenumbers python3-nacl wrk curl jq sqlite3
           postgresql-15 postgresql-client-15)
if [[ " $* " == *" --with-browser "* ]]; then need_pkgs+=(chromium chromium-driver); fi

missing=()
for p in "${need_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Debian's source package is where libsodium's WASM build comes from (TOOLCHAIN.md).
src_list=/etc/apt/sources.list.d/optin-capture-src.sources
added_src=0
if [[ ! -f $src_list ]]; then
  cat >"$src_list" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  added_src=1
fi

if ((${#missing[@]})) || ((added_src)); then
  echo "setup: installing ${missing[*]:-(source index only)}"
  apt-get update -qq
  if ((${#missing[@]})); then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

"$here/tools/build-wasm-sodium.sh"

# The browser tests' npm packages (playwright-core drives Debian's chromium; it downloads no
# browser). Installed when node_modules is missing or the lockfile changed since the last install.
if [[ " $* " == *" --with-browser "* ]]; then
  browser="$here/tests/browser"
  stamp="$browser/node_modules/.optin-lock.sha256"
  want=$(sha256sum "$browser/package-lock.json" | cut -d' ' -f1)
  if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    echo "setup: npm install --prefix tests/browser"
    npm install --prefix "$browser" --no-audit --no-fund >/dev/null
    echo "$want" >"$stamp"
  fi
  # The same package for `optin qa --browser` (tools/qa-browser.mjs), in tools/node_modules.
  stamp="$here/tools/node_modules/.optin-lock.sha256"
  want=$(sha256sum "$here/tools/package-lock.json" | cut -d' ' -f1)
  if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    echo "setup: npm install --prefix tools"
    npm install --prefix "$here/tools" --no-audit --no-fund >/dev/null
    echo "$want" >"$stamp"
  fi
fi
