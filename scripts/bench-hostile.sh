#!/usr/bin/env bash
# `make bench-hostile`: expressions written to hurt, timed and measured, never asserted.
# TakoCEL in-process (release build of Benchmarks/CEL's cel-hostile, one case per process
# so that GNU time's peak RSS belongs to that case). Figures depend on the machine and its
# load; see docs/performance.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

echo "== load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== building cel-hostile (release)"
swift build -c release --package-path "$root/Benchmarks/CEL" --product cel-hostile >&2
bin="$(swift build -c release --package-path "$root/Benchmarks/CEL" --show-bin-path)/cel-hostile"

peak() { # peak() NAME COMMAND...: runs it under GNU time and prints its peak RSS
    local name=$1; shift
    /usr/bin/time -f "$name: %e s wall, peak RSS %M KiB" "$@"
}

echo
echo "== matches on 100,000 characters (RE2)"
peak "regex cases, whole process" "$bin" regex
