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

# The same cases through the real binaries, as a user meets them: takoc plan deciding
# `matches('(a*)*b')` on 100,000 a's, and the string-doubling bomb refused by takoc check
# (sizes known) and by tako exec (over a step's 100 KB output). Debug or release: whatever
# `swift build` last built (TAKO_BIN_DIR overrides).
bindir="${TAKO_BIN_DIR:-$(swift build --package-path "$root" --show-bin-path)}"
if [ -x "$bindir/takoc" ] && [ -x "$bindir/tako" ]; then
    work="$(mktemp -d /tmp/tako-bench-hostile.XXXXXX)"
    trap 'rm -rf "$work"' EXIT
    mkdir -p "$work/acme/hostile" "$work/cache"
    doubling() { # doubling START: cel.bind(s1, START + START, ... size(s15) > 0)
        local text="size(s15) > 0" prev
        for i in $(seq 15 -1 1); do
            if [ "$i" = 1 ]; then prev=$1; else prev="s$((i - 1))"; fi
            text="cel.bind(s$i, $prev + $prev, $text)"
        done
        printf '%s' "$text"
    }
    cat > "$work/acme/hostile/tako.yml" <<YAML
version: "1"
workflows:
  scan:
    inputs:
      text: { required: true }
    steps:
      - if: inputs.text.matches('(a*)*b')
        run: echo matched
YAML
    echo
    echo "== takoc plan: matches('(a*)*b') on 100,000 a's"
    peak "takoc plan" "$bindir/takoc" plan --root "$work/acme/hostile" --workflow scan --cache-dir "$work/cache" \
        --input "text=$(head -c 100000 /dev/zero | tr '\0' a)" -o "$work/plan.json" >/dev/null
    cat > "$work/acme/hostile/tako.yml" <<YAML
version: "1"
workflows:
  bomb:
    steps:
      - id: gen
        run: yes x | tr -d '\\n' | head -c 100000
        produces: { outputs: { big: from_stdout } }
      - if: "$(doubling steps.gen.outputs.big)"
        run: echo never
YAML
    echo
    echo "== tako exec: a 100 KB step output doubled 15 times (refused with a cost error, exit 1)"
    "$bindir/takoc" plan --root "$work/acme/hostile" --workflow bomb --cache-dir "$work/cache" -o "$work/bomb.json" >/dev/null 2>&1
    # shellcheck disable=SC2016 # the inner shell expands its own arguments
    peak "tako exec" sh -c '"$0" exec "$1" --workspace "$2" >/dev/null 2>&1' "$bindir/tako" "$work/bomb.json" "$work/ws" \
        || echo "tako exec: exit $? (expected 1: the condition's cost error fails the step)"
else
    echo "(takoc and tako are not built in $bindir: run swift build for the end-to-end figures)"
fi
