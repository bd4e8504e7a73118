#!/usr/bin/env bash
# Builds the dashboard into webapp/dist when its sources changed.
set -euo pipefail
cd "$(dirname "$0")/../webapp"
[ -f package.json ] || { echo "webapp: no package.json yet, skipping"; exit 0; }
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
stamp=dist/.build-stamp
if [ -f "$stamp" ] && [ -z "$(find src index.html package.json vite.config.* -newer "$stamp" 2>/dev/null | head -1)" ]; then
  exit 0
fi
npm run build --silent
touch "$stamp"
