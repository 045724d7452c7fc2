#!/usr/bin/env bash
# `make bench-exec`: `tako exec` (release build) on 1,000 no-op steps (`true`) spread over
# 100 child runs, --max-parallel 8, checkpoint on, critical-path order, step logs on, then
# off (--no-logs), then on with every step declaring `resources` (accounting on),
# against `xargs -P 8` running the same 1,000 `sh -c true` commands, alternating, several
# rounds; prints median wall times, the ratios (goal: at most 1.5, logs on), tako's
# overhead per step, its peak memory and the load average. Not a test: figures depend on
# the machine and its load; see docs/performance-exec.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${ROUNDS:-7}"
runs="${RUNS:-100}"
steps="${STEPS:-10}"
parallel="${PARALLEL:-8}"
pkg="${PACKAGE:-$root}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v python3 >/dev/null || { echo "bench-exec needs python3 (to write the plan)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench-exec needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

echo "== building tako (release)" >&2
# In the scratch path the other benchmarks build takoc in, so that one release build serves all.
swift build -c release --package-path "$pkg" --scratch-path "$pkg/.build-bench" --product tako >&2
tako="$(swift build -c release --package-path "$pkg" --scratch-path "$pkg/.build-bench" --show-bin-path)/tako"

# The plan's digest is computed over the decoded plan: write it once with a placeholder,
# let tako say which digest the content has, and write it again with that digest.
mkdir -p "$work/repo"
make_plan() { # OUT [resources]
    python3 "$root/Benchmarks/Exec/make-plan.py" "$runs" "$steps" "$work/repo" "sha256:0" ${2:+"$2"} > "$1"
    digest="$("$tako" exec "$1" --dry-run 2>&1 | sed -n 's/.*its content (\(sha256:[0-9a-f]*\)).*/\1/p' || true)"
    python3 "$root/Benchmarks/Exec/make-plan.py" "$runs" "$steps" "$work/repo" "$digest" ${2:+"$2"} > "$1"
}
make_plan "$work/plan.json"
# The same steps, each declaring resources: the scheduler's resource accounting on.
make_plan "$work/res.json" resources
total=$((runs * steps))
echo "== $total steps in $runs child runs, --max-parallel $parallel, $rounds rounds, $(nproc) cores" >&2

: > "$work/tako.times"
: > "$work/nologs.times"
: > "$work/res.times"
: > "$work/xargs.times"
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
for round in $(seq "$rounds"); do
    rm -f "$work/plan.json.checkpoint"
    /usr/bin/time -f "%e %M %U %S" -o "$work/t" "$tako" exec "$work/plan.json" --max-parallel "$parallel" \
        --workspace "$work/ws" > "$work/out.txt"
    cat "$work/t" >> "$work/tako.times"
    [ "$(grep -c '"type":"step_finished"' "$work/plan.json.checkpoint")" -ge "$total" ] || { echo "tako did not run every step" >&2; exit 1; }
    [ "$(find "$work/plan.json.checkpoint.logs" -name '*.log' | wc -l)" -ge "$total" ] || { echo "tako did not log every step" >&2; exit 1; }
    rm -f "$work/plan.json.checkpoint"
    /usr/bin/time -f "%e %M %U %S" -o "$work/n" "$tako" exec "$work/plan.json" --max-parallel "$parallel" \
        --workspace "$work/ws" --no-logs > "$work/out.txt"
    cat "$work/n" >> "$work/nologs.times"
    rm -f "$work/res.json.checkpoint"
    /usr/bin/time -f "%e %M %U %S" -o "$work/r" "$tako" exec "$work/res.json" --max-parallel "$parallel" \
        --workspace "$work/ws" > "$work/out.txt"
    cat "$work/r" >> "$work/res.times"
    [ "$(grep -c '"type":"step_finished"' "$work/res.json.checkpoint")" -ge "$total" ] || { echo "tako did not run every step" >&2; exit 1; }
    /usr/bin/time -f "%e %U %S" -o "$work/x" sh -c "seq $total | xargs -P $parallel -I{} sh -c true"
    cat "$work/x" >> "$work/xargs.times"
    echo "round $round: tako $(cut -d' ' -f1 "$work/t")s, tako --no-logs $(cut -d' ' -f1 "$work/n")s," \
        "tako with resources $(cut -d' ' -f1 "$work/r")s, xargs $(cut -d' ' -f1 "$work/x")s" >&2
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

python3 - "$work/tako.times" "$work/nologs.times" "$work/xargs.times" "$total" "$load_before" "$load_after" "$work/res.times" <<'PY'
import statistics, sys
def times(path):
    return [tuple(map(float, l.split())) for l in open(path) if l.strip()]
tako, nologs, xargs, res = times(sys.argv[1]), times(sys.argv[2]), times(sys.argv[3]), times(sys.argv[7])
total = int(sys.argv[4])
x = statistics.median(a[0] for a in xargs)
print(f"xargs -P             median {x:.3f}s")
for name, runs in (("tako exec (logs on)", tako), ("tako exec --no-logs", nologs), ("tako, resources", res)):
    t = statistics.median(r[0] for r in runs)
    peak = max(r[1] for r in runs) / 1024
    ratios = sorted(a[0] / b[0] for a, b in zip(runs, xargs))
    # CPU (user + system, children included) of each side; the difference is tako's own work,
    # which depends much less on the machine's load than wall time does.
    cpu = statistics.median((a[2] + a[3]) - (b[1] + b[2]) for a, b in zip(runs, xargs))
    print(f"{name:<20} median {t:.3f}s  ratio {t / x:.2f}x (median of rounds {statistics.median(ratios):.2f}x, goal <= 1.5x)  "
          f"overhead/step {(t - x) / total * 1000:.3f} ms wall, {cpu / total * 1000:.3f} ms CPU  peak {peak:.1f} MiB")
print(f"load average         {sys.argv[5]} before, {sys.argv[6]} after")
PY
