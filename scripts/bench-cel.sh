#!/usr/bin/env bash
# `make bench-cel`: times TakoCEL on the benchmark filters (release build), then the
# same filters on cel-cpp through its Python binding (cel-expr-python, installed into
# a throwaway virtual environment), and prints the ratios. Both sides measure the CPU
# time of the benchmarking thread, best of five rounds. Not a test: figures depend on
# the machine; see docs/performance.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== TakoCEL (release build)"
swift build -c release --package-path "$root/Benchmarks/CEL" --product cel-bench >&2
swift run -c release --skip-build --package-path "$root/Benchmarks/CEL" cel-bench | tee "$work/swift.tsv"

cat > "$work/bench.py" <<'PY'
import sys, time
from cel_expr_python import cel
from cel_expr_python.ext import ext_strings

def major(v):
    digits = ""
    for c in v:
        if not c.isdigit():
            break
        digits += c
    return int(digits or "0")

env = cel.NewEnv(
    variables={"event": cel.Type.Map(cel.Type.STRING, cel.Type.DYN)},
    extensions=[ext_strings.ExtStrings()],
    functions=[cel.FunctionDecl("semver.major", [cel.Overload(
        "semver_major_string", return_type=cel.Type.INT, parameters=[cel.Type.STRING], impl=major)])])
event = {"name": "release", "repository": "acme/api", "payload": {
    "version": "1.4.2", "channel": "stable", "services": "auth, Billing ,search",
    "region": "eu-west-1", "actor": "ci-bot"}}
activation = env.Activation({"event": event})
for line in sys.stdin:
    source = line.rstrip("\n").split("\t")[3]
    best_compile = best_eval = float("inf")
    for _ in range(5):
        n = 500
        t0 = time.thread_time()
        for _ in range(n):
            program = env.compile(source)
        best_compile = min(best_compile, (time.thread_time() - t0) / n * 1e6)
        n = 50000
        t0 = time.thread_time()
        for _ in range(n):
            program.eval(activation)
        best_eval = min(best_eval, (time.thread_time() - t0) / n * 1e9)
    print(f"{best_compile:.2f}\t{best_eval:.0f}\t{program.eval(activation).value()}\t{source}")
PY

echo
echo "== cel-cpp through cel-expr-python"
if python3 -m venv "$work/venv" >/dev/null 2>&1 \
    && "$work/venv/bin/pip" install --quiet cel-expr-python >"$work/pip.log" 2>&1; then
    "$work/venv/bin/python" "$work/bench.py" < "$work/swift.tsv" | tee "$work/cpp.tsv"
    echo
    echo "== ratios (cel-cpp time / TakoCEL time; above 1 means TakoCEL is faster)"
    paste "$work/swift.tsv" "$work/cpp.tsv" | awk -F'\t' '{
        printf "parse+check %6.1fx   eval %6.1fx   %s\n", $5 / $1, $6 / $2, $4 }'
else
    echo "could not install cel-expr-python into a virtual environment; cel-cpp not timed:"
    tail -n 5 "$work/pip.log" 2>/dev/null || true
    echo "(TakoCEL figures above stand on their own)"
fi
