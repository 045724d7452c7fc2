#!/usr/bin/env bash
# make bench-plan: `takoc plan` over synthetic organisations of N repositories, against a
# floor (the same tako.yml blobs read by `git cat-file --batch` and parsed by libyaml).
#
#   SIZES="1000 10000"   organisation sizes (default)
#   REPEAT=5             timed runs per measurement; the median is reported
#   TAKO_BENCH_ORGS=DIR  where generated organisations are kept between runs
#                        (default ${TMPDIR:-/tmp}/tako-bench-plan), one per size and
#                        generator version
#
# Results and the shape of the organisations: docs/performance-plan.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000"}
REPEAT=${REPEAT:-5}
ORGS=${TAKO_BENCH_ORGS:-${TMPDIR:-/tmp}/tako-bench-plan}
SWIFT=${SWIFT:-swift}
SCRATCH=.build-bench

if [ ! -x /usr/bin/time ]; then
    echo "installing time (apt-get)"
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time >/dev/null
fi

echo "building takoc (release)"
$SWIFT build -c release --product takoc --scratch-path "$SCRATCH" 2>&1 | tail -1
TAKOC="$($SWIFT build -c release --scratch-path "$SCRATCH" --show-bin-path)/takoc"

mkdir -p "$ORGS"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-plan.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
FLOOR="$WORK/yaml-floor"
read -ra YAML_FLAGS <<<"$(pkg-config --cflags --libs yaml-0.1)"
gcc -O2 -o "$FLOOR" Benchmarks/Plan/yaml-floor.c "${YAML_FLAGS[@]}"

GEN_HASH=$(sha256sum scripts/gen-org.py | cut -c1-12)

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure OUT_PREFIX COMMAND...: one warm-up, then REPEAT timed runs (stdout to OUT_PREFIX.out);
# writes the wall times, CPU times (user + system) and peak resident sizes, one per line.
measure() {
    local out=$1; shift
    "$@" >"$out.out"
    : >"$out.wall"; : >"$out.cpu"; : >"$out.rss"
    for _ in $(seq "$REPEAT"); do
        /usr/bin/time -f "%e %U %S %M" -o "$out.time" "$@" >"$out.out"
        read -r wall user sys rss <"$out.time"
        echo "$wall" >>"$out.wall"
        awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }' >>"$out.cpu"
        echo "$rss" >>"$out.rss"
    done
}

echo "load before: $(uptime | sed 's/.*load average/load average/')"
printf '\n%8s %6s %8s %8s %9s %8s %8s %7s %8s\n' "repos" "runs" "plan s" "cpu s" "peak MB" "floor s" "f.cpu s" "ratio" "s/1000"
RESULTS="$WORK/results"
: >"$RESULTS"
for N in $SIZES; do
    ORG="$ORGS/$N-$GEN_HASH"
    if [ ! -f "$ORG/org.json" ]; then
        rm -rf "$ORG" "$ORG.tmp"
        echo "generating $N repositories in $ORG" >&2
        python3 scripts/gen-org.py --repos "$N" --out "$ORG.tmp" --verify 5 >/dev/null
        mv "$ORG.tmp" "$ORG"
    fi
    read -r ROOT WORKFLOW INPUTS EXPECTED < <(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
print(o["root"], o["workflow"], ",".join(f"{k}={v}" for k, v in o["inputs"].items()), o["expected_runs"])' "$ORG/org.json")
    ARGS=(plan --repo "$ROOT" --workflow "$WORKFLOW" --cache-dir "$ORG/cache")
    IFS=, read -ra PAIRS <<<"$INPUTS"
    for p in "${PAIRS[@]}"; do ARGS+=(--input "$p"); done

    measure "$WORK/plan-$N" "$TAKOC" "${ARGS[@]}"
    RUNS=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["runs"]))' "$WORK/plan-$N.out")
    if [ "$RUNS" != "$EXPECTED" ]; then
        echo "the plan of $N repositories has $RUNS runs; the generator expects $EXPECTED" >&2
        exit 1
    fi
    measure "$WORK/floor-$N" bash -c "git --git-dir='$ORG/floor.git' cat-file --batch <'$ORG/blobs.txt' | '$FLOOR'"

    WALL=$(median <"$WORK/plan-$N.wall")
    CPU=$(median <"$WORK/plan-$N.cpu")
    RSS=$(median <"$WORK/plan-$N.rss")
    FWALL=$(median <"$WORK/floor-$N.wall")
    FCPU=$(median <"$WORK/floor-$N.cpu")
    awk -v n="$N" -v runs="$RUNS" -v w="$WALL" -v c="$CPU" -v r="$RSS" -v f="$FWALL" -v fc="$FCPU" 'BEGIN {
        printf "%8d %6d %8.3f %8.3f %9.1f %8.3f %8.3f %7.2f %8.3f\n", n, runs, w, c, r / 1024, f, fc, (f > 0 ? w / f : 0), w / n * 1000 }'
    echo "$N $WALL $RSS $FWALL $CPU" >>"$RESULTS"
    echo "    plan wall (s): $(tr '\n' ' ' <"$WORK/plan-$N.wall")| floor wall (s): $(tr '\n' ' ' <"$WORK/floor-$N.wall")"
done

awk 'NR == 1 { n0 = $1; w0 = $2; c0 = $5 } { n = $1; w = $2; c = $5 } END {
    if (NR > 1) printf "\ngrowth: %.1fx the repositories took %.2fx the wall time and %.2fx the CPU time (linear: %.2fx)\n", n / n0, w / w0, c / c0, n / n0 }' "$RESULTS"
awk '{ if ($1 == 10000) {
    printf "goals at 10,000: time %.2f s < 2 s: %s; peak %.0f MB < 300 MB: %s; ratio %.2f < 2: %s\n",
        $2, ($2 < 2 ? "yes" : "NO"), $3 / 1024, ($3 / 1024 < 300 ? "yes" : "NO"), $2 / $4, ($2 / $4 < 2 ? "yes" : "NO") } }' "$RESULTS"
echo "load after: $(uptime | sed 's/.*load average/load average/')"
