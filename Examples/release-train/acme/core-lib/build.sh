#!/bin/sh
# Pretends to build the library: prints the id of the built artifact.
set -eu
echo "core-lib built $1" >&2
echo "core-lib-$1-$(cat lib/SOURCE_ID)"
