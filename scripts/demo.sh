#!/usr/bin/env bash
# make demo: builds a cache of real git repositories from Examples/release-train, shows the
# fan-out plan, then runs it with tako exec --stream (every step's lines as they come). The
# plan, its checkpoint, the step logs, the events and the report stay in a folder it
# prints (DEMO_DIR, default .build/demo, made anew each time), with commands to try next.
set -euo pipefail
bin=$(cd "${1:-.build/debug}" && pwd)
work=${DEMO_DIR:-.build/demo}
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
bash scripts/make-cache.sh "$bin/takoc" Examples/release-train "$work"
echo "== the cache (takoc cache list)"
"$bin/takoc" cache list --cache-dir "$work/cache" | awk -F'\t' '{ printf "  %-18s %-6s %s\n", $1, $2, $3 }'
echo
echo "== takoc plan --repo acme/core-lib --workflow release --input version=1.4.0"
"$bin/takoc" plan --repo acme/core-lib --workflow release --input version=1.4.0 \
  --cache-dir "$work/cache" -o "$work/plan.json"
echo
echo "== tako exec plan.json --stream (each step's lines, prefixed RUN/STEP)"
"$bin/tako" exec "$work/plan.json" --workspace "$work/workspaces" --max-parallel 2 --stream \
  --report "$work/report.json" --events "$work/events.jsonl" --keep-workspace
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
echo
echo "== kept in $work"
echo "  plan.json, plan.json.checkpoint (the journal), plan.json.checkpoint.logs/RUN/STEP.log (each step's log),"
echo "  events.jsonl (tako exec --events), report.json (tako exec --report), cache/, workspaces/ (--keep-workspace)"
echo
echo "== try next"
echo "  $bin/tako logs $work/plan.json r2/bump"
echo "  $bin/takoc plan --repo acme/core-lib --workflow release --input version=1.4.0 --cache-dir $work/cache --explain -o $work/plan-explained.json"
echo "  $bin/tako exec $work/plan.json --dry-run"
echo "  head -4 $work/events.jsonl"
