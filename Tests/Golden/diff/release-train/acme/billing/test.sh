#!/bin/sh
set -eu
test -f CORE_LIB_VERSION
echo "billing tests passed against core-lib $(cat CORE_LIB_VERSION) ($TAKO_INPUT_ARTIFACT)"
