#!/usr/bin/env bash
# make bench-semver: builds Benchmarks/Semver in release and runs it. Not part of
# `make test`. Set SWIFT to use another toolchain, SCRATCH for another build folder.
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks/Semver"
SWIFT="${SWIFT:-swift}"
SCRATCH="${SCRATCH:-.build}"
"$SWIFT" build -c release --scratch-path "$SCRATCH" --product SemverBench >&2
"$SCRATCH/release/SemverBench"
