#!/usr/bin/env bash
# make demo: builds a cache of real git repositories from Examples/release-train in a
# temporary folder, shows the fan-out plan, then runs it with tako exec.
set -euo pipefail
bin=${1:-.build/debug}
work=$(mktemp -d "${TMPDIR:-/tmp}/tako-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
bash scripts/make-cache.sh "$bin/takoc" Examples/release-train "$work"
echo "== the cache (takoc cache list)"
"$bin/takoc" cache list --cache-dir "$work/cache" | awk -F'\t' '{ printf "  %-18s %-6s %s\n", $1, $2, $3 }'
echo
echo "== takoc plan --repo acme/core-lib --workflow release --input version=1.4.0"
"$bin/takoc" plan --repo acme/core-lib --workflow release --input version=1.4.0 \
  --cache-dir "$work/cache" -o "$work/plan.json"
echo
echo "== tako exec plan.json"
"$bin/tako" exec "$work/plan.json" --workspace "$work/workspaces" --max-parallel 2
