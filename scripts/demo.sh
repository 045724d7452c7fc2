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
"$bin/tako" exec "$work/plan.json" --workspace "$work/workspaces" --max-parallel 2 --report "$work/report.json"
echo
echo "== step outputs, passed on through event payloads and inputs (from tako exec --report)"
python3 - "$work/report.json" <<'PY' || true
import json, sys
report = json.load(open(sys.argv[1]))
for run in report["runs"]:
    for step in run["steps"]:
        for name, value in sorted(step.get("outputs", {}).items()):
            print(f"  {run['id']} {run['repo']:<16} {step['id']}.{name} = {value}")
PY
