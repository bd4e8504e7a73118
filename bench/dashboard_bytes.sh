#!/usr/bin/env bash
# Bytes over the wire for the built dashboard: every file of webapp/dist
# fetched from the real host without and with "Accept-Encoding: gzip" (curl
# without --compressed, so size_download is the body as sent), summed per kind.
#   bench/dashboard_bytes.sh [BUILD_DIR (default build)] [DIST_DIR (default webapp/dist)]
# Build the dashboard first (scripts/build-webapp.sh) and the host (vocalbridge).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
DIST=$(cd "${2:-$ROOT/webapp/dist}" && pwd)
BENCH_SKIP_BUILD=1
source "$ROOT/bench/lib.sh"

bench_config true "$WORK/config.json"
export VB_WEBAPP_DIR="$DIST"
bench_start_host "$WORK/config.json"

declare -A plain=() gzipped=()
while IFS= read -r file; do
  path=${file#"$DIST"}
  ext=${file##*.}
  [ "$path" = /.build-stamp ] && continue
  a=$(curl -s -o /dev/null -w '%{size_download}' "http://127.0.0.1:$PORT$path")
  b=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT$path")
  plain[$ext]=$(( ${plain[$ext]:-0} + a ))
  gzipped[$ext]=$(( ${gzipped[$ext]:-0} + b ))
done < <(find "$DIST" -type f | sort)

printf '%-6s %12s %12s %7s\n' kind identity gzip ratio
for ext in $(printf '%s\n' "${!plain[@]}" | sort); do
  printf '%-6s %12d %12d %6d%%\n' "$ext" "${plain[$ext]}" "${gzipped[$ext]}" $(( 100 * ${gzipped[$ext]} / ${plain[$ext]} ))
done
