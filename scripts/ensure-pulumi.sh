#!/usr/bin/env bash
# Prints (last stdout line) the absolute path of a directory holding `pulumi`, `pulumi-language-nodejs` and
# `pulumi-resource-pulumi-nodejs`. Progress goes to stderr. See docs/pulumi-cli.md.
#
#  * A `pulumi` already on PATH is used as it is (set PULUMI_FORCE_BUILD=1 to ignore it); its language host
#    must be next to it or on PATH.
#  * Otherwise the CLI is built once from the Go module proxy (tools/pulumi: the version pinned in its go.mod,
#    plus this project's own Node.js language host) into
#    ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloud-kubeconfig/pulumi-<version>/bin and reused afterwards.
#    The build goes to a temp dir on the same filesystem and is renamed into place only when complete, so an
#    interrupted build never looks done. A BUILD-ID stamp (hash of tools/pulumi sources) triggers a rebuild
#    when the wrapper module changes.
#
# Knobs: PULUMI_BUILD_JOBS (go build -p, default 1: the machines have 2 shared cores), PULUMI_BUILD_GOSUMDB
# (default off: the checksum DB is unreachable here; the committed go.sum is still verified).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MOD="$ROOT/tools/pulumi"
log() { echo "ensure-pulumi: $*" >&2; }

# Resolved from this project's node_modules: the dynamic-provider shim must match the installed SDK.
shim_source() {
  local pkg
  pkg="$(cd "$ROOT" && node -p 'require.resolve("@pulumi/pulumi/package.json")' 2>/dev/null)" || {
    log "cannot resolve @pulumi/pulumi from $ROOT (run npm ci first)"
    return 1
  }
  echo "$(dirname "$pkg")/pulumi-resource-pulumi-nodejs"
}

if [ -z "${PULUMI_FORCE_BUILD:-}" ] && PULUMI_ON_PATH="$(command -v pulumi 2>/dev/null)"; then
  DIR="$(cd "$(dirname "$(readlink -f "$PULUMI_ON_PATH")")" && pwd)"
  if [ ! -x "$DIR/pulumi-language-nodejs" ] && ! command -v pulumi-language-nodejs >/dev/null 2>&1; then
    log "$PULUMI_ON_PATH has no pulumi-language-nodejs next to it or on PATH; set PULUMI_FORCE_BUILD=1 to build one"
    exit 1
  fi
  if [ ! -x "$DIR/pulumi-resource-pulumi-nodejs" ] && ! command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then
    log "warning: no pulumi-resource-pulumi-nodejs next to $PULUMI_ON_PATH or on PATH; dynamic resources will fail"
  fi
  log "using $PULUMI_ON_PATH ($("$DIR/pulumi" version 2>/dev/null || echo 'unknown version'))"
  echo "$DIR"
  exit 0
fi

VERSION="$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { sub(/^v/, "", $2); print $2; exit }' "$MOD/go.mod")"
[ -n "$VERSION" ] || { log "no github.com/pulumi/pulumi/pkg/v3 requirement in $MOD/go.mod"; exit 1; }
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloud-kubeconfig"
FINAL="$CACHE_ROOT/pulumi-$VERSION"
BIN="$FINAL/bin"
BUILD_ID="$(cd "$MOD" && find . -name '*.go' -o -name go.mod -o -name go.sum | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"

is_done() {
  [ -x "$BIN/pulumi" ] && [ -x "$BIN/pulumi-language-nodejs" ] && [ -x "$BIN/pulumi-resource-pulumi-nodejs" ] &&
    [ "$(cat "$FINAL/BUILD-ID" 2>/dev/null)" = "$BUILD_ID" ]
}

if ! is_done; then
  command -v go >/dev/null 2>&1 || { log "Go is not installed; it is needed once to build pulumi $VERSION"; exit 1; }
  mkdir -p "$CACHE_ROOT"
  # One builder at a time (parallel Jest workers may all call this); the others wait, then reuse.
  exec 9>"$CACHE_ROOT/pulumi-$VERSION.lock"
  if command -v flock >/dev/null 2>&1; then
    # Another build holds the lock for minutes: say so when the wait starts and every
    # ${PULUMI_BUILD_WAIT_NOTICE:-30} s while it lasts.
    if ! flock -n 9; then
      wait_started=$SECONDS
      log "waiting for another process building pulumi $VERSION (lock $CACHE_ROOT/pulumi-$VERSION.lock)"
      until flock -w "${PULUMI_BUILD_WAIT_NOTICE:-30}" 9; do
        log "still waiting for the build of pulumi $VERSION ($((SECONDS - wait_started))s so far)"
      done
      log "lock acquired after $((SECONDS - wait_started))s"
    fi
    # Holding the lock, any temp tree left is from an interrupted build (killed before its trap ran).
    rm -rf "$CACHE_ROOT/.pulumi-$VERSION.tmp."* "$CACHE_ROOT/.pulumi-$VERSION.old."*
  fi
fi

if ! is_done; then
  SHIM="$(shim_source)"
  [ -f "$SHIM" ] || { log "missing $SHIM"; exit 1; }
  TMP="$(mktemp -d "$CACHE_ROOT/.pulumi-$VERSION.tmp.XXXXXX")"
  BUILD_PID=""
  # On any exit, stop an unfinished build and drop its tree; a signal exits (so the EXIT trap runs) at once.
  trap 'if [ -n "$BUILD_PID" ]; then kill "$BUILD_PID" 2>/dev/null || true; fi; rm -rf "$TMP"' EXIT
  trap 'exit 130' INT TERM HUP
  log "building pulumi $VERSION and pulumi-language-nodejs into $FINAL (first run only; this takes a while)"
  started=$(date +%s)
  (
    cd "$MOD"
    export GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0
    export GOSUMDB="${PULUMI_BUILD_GOSUMDB:-off}"
    # Flags as in pulumi's .goreleaser.yml; the version must be stamped or `pulumi version` is empty.
    exec nice -n 10 go build -p "${PULUMI_BUILD_JOBS:-1}" -trimpath -tags osusergo,grpcnotrace \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION -X main.version=$VERSION" \
      -o "$TMP/bin/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi ./cmd/pulumi-language-nodejs
  ) >&2 &
  BUILD_PID=$!
  wait "$BUILD_PID" # in the background so a signal interrupts the wait instead of waiting for the build
  BUILD_PID=""
  cp "$SHIM" "$TMP/bin/pulumi-resource-pulumi-nodejs"
  chmod 755 "$TMP/bin/pulumi-resource-pulumi-nodejs"
  got="$(PULUMI_SKIP_UPDATE_CHECK=true "$TMP/bin/pulumi" version)"
  [ "$got" = "v$VERSION" ] || { log "built pulumi reports '$got', expected v$VERSION"; exit 1; }
  echo "$BUILD_ID" >"$TMP/BUILD-ID"
  # Rename into place; a stale tree (other BUILD-ID) is moved aside first and removed after.
  if [ -e "$FINAL" ]; then
    OLD="$(mktemp -d "$CACHE_ROOT/.pulumi-$VERSION.old.XXXXXX")"
    mv "$FINAL" "$OLD/"
  fi
  mv "$TMP" "$FINAL"
  trap - EXIT INT TERM HUP
  if [ -n "${OLD:-}" ]; then rm -rf "$OLD"; fi
  log "built in $(($(date +%s) - started))s, $(du -sh "$FINAL" | cut -f1) on disk"
fi

log "using $BIN/pulumi ($("$BIN/pulumi" version 2>/dev/null))"
echo "$BIN"
