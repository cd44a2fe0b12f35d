#!/usr/bin/env bash
# Prints (last stdout line) the absolute path of the npm package tarball built from one commit of this
# repository: a released version, for the upgrade test (test/e2e/upgrade.test.ts, docs/engine-tier.md).
# Progress goes to stderr.
#
#   bash scripts/ensure-release-package.sh <commit>
#
#  * The commit is exported with `git archive` into a temp dir (outside the repository; the working tree and
#    index are not touched), then `npm ci --ignore-scripts`, `npm run build` and `npm pack` run there, exactly
#    as that commit's package.json and package-lock.json say.
#  * The tarball is cached under ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloud-kubeconfig/releases/<full sha>/
#    with its sha256 and reused afterwards. The build happens in a temp dir next to it and is renamed into
#    place only when complete, so an interrupted build never looks done. One builder per commit at a time,
#    with the lock and progress lines of scripts/go-tools.sh.
set -euo pipefail
# shellcheck source=go-tools.sh
. "$(dirname "${BASH_SOURCE[0]}")/go-tools.sh"
ROOT="$TOOLS_ROOT"

[ $# -eq 1 ] && [ -n "$1" ] || { log "usage: ensure-release-package.sh <commit>"; exit 2; }
SHA="$(git -C "$ROOT" rev-parse --verify --quiet "$1^{commit}")" || { log "no commit '$1' in $ROOT"; exit 1; }

CACHE_ROOT="$TOOLS_CACHE/releases"
FINAL="$CACHE_ROOT/$SHA"

# Done = exactly one tarball whose sha256 matches the one recorded when it was built.
cached() {
  local tgz
  [ -f "$FINAL/SHA256SUMS" ] || return 1
  tgz="$(cd "$FINAL" && ls -- *.tgz 2>/dev/null)" || return 1
  [ "$(printf '%s\n' "$tgz" | wc -l)" -eq 1 ] || return 1
  (cd "$FINAL" && sha256sum --check --quiet SHA256SUMS >/dev/null 2>&1) || return 1
  echo "$FINAL/$tgz"
}

if ! TGZ="$(cached)"; then
  lock_build "$CACHE_ROOT" "$SHA" "the package of ${SHA:0:12}"
fi

if ! TGZ="$(cached)"; then
  start_build "$CACHE_ROOT" "$SHA"
  log "building the package of ${SHA:0:12} into $FINAL (first run only)"
  mkdir -p "$TMP/src" "$TMP/out"
  git -C "$ROOT" archive --format=tar "$SHA" | tar -x -C "$TMP/src"
  (
    cd "$TMP/src"
    # No install scripts: only the compiler is needed, and some (e.g. plugin downloads) reach the network.
    npm ci --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error
    npm run build
    npm pack --pack-destination "$TMP/out" --loglevel=error
  ) >&2
  (cd "$TMP/out" && sha256sum -- *.tgz >SHA256SUMS)
  echo "$SHA" >"$TMP/out/COMMIT"
  rm -rf "$FINAL"
  mv "$TMP/out" "$FINAL"
  TGZ="$(cached)" || { log "the build left no single verifiable tarball in $FINAL"; exit 1; }
  log "built in $((SECONDS - BUILD_STARTED))s: $(cut -c1-16 "$FINAL/SHA256SUMS")…"
fi

log "using $TGZ"
echo "$TGZ"
