#!/usr/bin/env bash
# `make bench-check`: the whole-process time of `takoc check --no-shellcheck` on a realistic
# 300-line tako.yml (Benchmarks/check/tako.yml), as a ratio to `takoc --version`, the cost of
# starting the process at all. Goal: under 2x. Also `takoc check` with ShellCheck over the
# file's run scripts, when shellcheck is installed (ShellCheck's own time, not the compiler's). Release build in its own scratch path
# (.build-bench), so the debug build of `make test` is left alone. Uses hyperfine when it
# is installed or apt-get can install it, otherwise a timing loop of its own; both report
# the median and the spread. Not a test: figures depend on the machine; see
# docs/performance-check.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${BENCH_RUNS:-200}"          # runs of each command
timer="${BENCH_TIMER:-hyperfine}"   # BENCH_TIMER=loop forces the script's own timing loop
input=Benchmarks/check/tako.yml

echo "== building takoc (release, .build-bench)" >&2
swift build -c release --product takoc --scratch-path .build-bench >&2
takoc="$(swift build -c release --product takoc --scratch-path .build-bench --show-bin-path)/takoc"

# The input must be clean, or the benchmark would time the error path.
"$takoc" check "$input" 2>/dev/null || { echo "$input has diagnostics; fix it first" >&2; "$takoc" check "$input"; exit 1; }
echo "input: $input, $(wc -l < "$input") lines; takoc $("$takoc" --version)"

if [ "$timer" = hyperfine ] && ! command -v hyperfine >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo -n"
    echo "== installing hyperfine (apt-get)" >&2
    { $sudo apt-get install -y -qq hyperfine >/dev/null 2>&1 ||
      { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq hyperfine >/dev/null 2>&1; }; } || true
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ "$timer" = hyperfine ] && command -v hyperfine >/dev/null 2>&1; then
    echo "timer: hyperfine $(hyperfine --version | cut -d' ' -f2), $runs runs each, 20 warm-up runs, no shell"
    shellcheck_run=()
    command -v shellcheck >/dev/null 2>&1 && shellcheck_run=("$takoc check $input")
    hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/h.json" \
        "$takoc --version" "$takoc check --no-shellcheck $input" "${shellcheck_run[@]}" >&2
    python3 - "$work/h.json" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
def summary(r):
    t = sorted(r["times"])
    q = statistics.quantiles(t, n=20)
    return statistics.median(t), q[0], q[-1]
(v, v5, v95), (c, c5, c95) = summary(results[0]), summary(results[1])
print(f"takoc --version        median {v*1000:7.2f} ms   p5-p95 {v5*1000:.2f}-{v95*1000:.2f} ms")
print(f"takoc check (300 ln)   median {c*1000:7.2f} ms   p5-p95 {c5*1000:.2f}-{c95*1000:.2f} ms   (--no-shellcheck)")
if len(results) > 2:
    s, s5, s95 = summary(results[2])
    print(f"  with ShellCheck      median {s*1000:7.2f} ms   p5-p95 {s5*1000:.2f}-{s95*1000:.2f} ms")
print(f"ratio check / --version: {c / v:.2f}x (goal: under 2x)")
PY
else
    # Interleaved runs, so a burst of load on the machine hits both commands alike.
    echo "timer: timing loop of this script, $runs runs each, interleaved"
    for _ in $(seq 20); do "$takoc" --version >/dev/null; "$takoc" check --no-shellcheck "$input" 2>/dev/null; done
    # $EPOCHREALTIME (bash 5) reads the clock without starting a process, as `date` would.
    for _ in $(seq "$runs"); do
        a=$EPOCHREALTIME; "$takoc" --version >/dev/null; b=$EPOCHREALTIME
        "$takoc" check --no-shellcheck "$input" 2>/dev/null; c=$EPOCHREALTIME
        echo "$a $b $c"
    done > "$work/loop.txt"
    python3 - "$work/loop.txt" <<'PY'
import statistics, sys
stamps = [[float(x.replace(",", ".")) for x in line.split()] for line in open(sys.argv[1])]
rows = [(b - a, c - b) for a, b, c in stamps]
for name, i in (("takoc --version       ", 0), ("takoc check (300 ln)  ", 1)):  # check: --no-shellcheck
    t = sorted(r[i] for r in rows)
    q = statistics.quantiles(t, n=20)
    print(f"{name} median {statistics.median(t)*1000:7.2f} ms   p5-p95 {q[0]*1000:.2f}-{q[-1]*1000:.2f} ms")
v = statistics.median(r[0] for r in rows); c = statistics.median(r[1] for r in rows)
print(f"ratio check / --version: {c / v:.2f}x (goal: under 2x)")
PY
fi
