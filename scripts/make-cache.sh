#!/usr/bin/env bash
# make-cache.sh TAKOC EXAMPLE_DIR WORK_DIR
# Turns each OWNER/REPO folder of an example into a git repository under WORK_DIR/remotes
# (one commit, fixed author and dates, so commit ids are the same on every machine), then
# clones each into the cache WORK_DIR/cache with `takoc cache add file://...`.
set -euo pipefail
takoc=$1 example=$2 work=$3
export GIT_AUTHOR_NAME="tako example" GIT_AUTHOR_EMAIL="example@tako.invalid"
export GIT_COMMITTER_NAME="tako example" GIT_COMMITTER_EMAIL="example@tako.invalid"
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
mkdir -p "$work/remotes" "$work/cache"
for dir in "$example"/*/*/; do
  repo=${dir%/}; owner=$(basename "$(dirname "$repo")"); name=$(basename "$repo")
  dest="$work/remotes/$owner/$name"
  mkdir -p "$dest"
  cp -R "$repo/." "$dest/"
  git -C "$dest" init -q -b main
  git -C "$dest" add -A
  git -C "$dest" commit -q -m "$owner/$name as in the example"
  "$takoc" cache add "file://$dest" --cache-dir "$work/cache" >/dev/null
done
