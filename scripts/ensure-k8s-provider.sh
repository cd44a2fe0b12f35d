#!/usr/bin/env bash
# Prints (last stdout line) the absolute path of a directory holding `pulumi-resource-kubernetes`, the
# Kubernetes provider plugin that `@pulumi/kubernetes` needs. Progress goes to stderr. See docs/pulumi-cli.md
# ("pulumi-resource-kubernetes") and docs/engine-tier.md (the chain test that uses it).
#
#  * A `pulumi-resource-kubernetes` already on PATH is used as it is (set PULUMI_FORCE_BUILD=1 to ignore it).
#  * Otherwise the provider is built once from the Go module proxy (tools/k8s/provider: our own main around
#    the pulumi-kubernetes provider package, at the only pseudo-version the proxy serves) into
#    ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloud-kubeconfig/kubernetes-<version>/bin and reused afterwards.
#    The build goes to a temp dir on the same filesystem and is renamed into place only when complete, so an
#    interrupted build never looks done. A BUILD-ID stamp (hash of tools/k8s/provider sources) triggers a
#    rebuild when the wrapper module changes.
#
# A cold build takes about 28 minutes and 4.2 GB of memory on 2 shared cores (docs/pulumi-cli.md).
# Knobs: PULUMI_BUILD_JOBS (go build -p, default 1: the machines have 2 shared cores), PULUMI_BUILD_GOSUMDB
# (default off: the checksum DB is unreachable here; the committed go.sum is still verified).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MOD="$ROOT/tools/k8s/provider"
UPSTREAM="github.com/pulumi/pulumi-kubernetes/provider/v4"
EXE="pulumi-resource-kubernetes"
log() { echo "ensure-k8s-provider: $*" >&2; }

if [ -z "${PULUMI_FORCE_BUILD:-}" ] && ON_PATH="$(command -v "$EXE" 2>/dev/null)"; then
  DIR="$(cd "$(dirname "$(readlink -f "$ON_PATH")")" && pwd)"
  log "using $ON_PATH (from PATH; set PULUMI_FORCE_BUILD=1 to build tools/k8s/provider instead)"
  echo "$DIR"
  exit 0
fi

VERSION="$(awk -v m="$UPSTREAM" '$1 == m { sub(/^v/, "", $2); print $2; exit } $1 == "require" && $2 == m { sub(/^v/, "", $3); print $3; exit }' "$MOD/go.mod")"
[ -n "$VERSION" ] || { log "no $UPSTREAM requirement in $MOD/go.mod"; exit 1; }
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloud-kubeconfig"
FINAL="$CACHE_ROOT/kubernetes-$VERSION"
BIN="$FINAL/bin"
# schema-embed.json is left out: it is upstream's schema.json copied at build time (git-ignored), fixed by go.mod.
BUILD_ID="$(cd "$MOD" && find . -name '*.go' -o -name go.mod -o -name go.sum | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"

is_done() {
  [ -x "$BIN/$EXE" ] && [ "$(cat "$FINAL/BUILD-ID" 2>/dev/null)" = "$BUILD_ID" ]
}

# The provider serves gRPC and prints its port as the first stdout line (the plugin handshake); a binary that
# does that is taken as working. Stopped right after.
starts() {
  local out pid port=""
  out="$(mktemp)"
  "$1" >"$out" 2>/dev/null &
  pid=$!
  for _ in $(seq 1 100); do
    port="$(head -n 1 "$out" | tr -d '[:space:]')"
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$out"
  [[ "$port" =~ ^[0-9]+$ ]]
}

go_env() {
  export GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0
  export GOSUMDB="${PULUMI_BUILD_GOSUMDB:-off}"
}

if ! is_done; then
  command -v go >/dev/null 2>&1 || { log "Go is not installed; it is needed once to build $EXE $VERSION"; exit 1; }
  mkdir -p "$CACHE_ROOT"
  # One builder at a time (parallel Jest workers may all call this); the others wait, then reuse.
  exec 9>"$CACHE_ROOT/kubernetes-$VERSION.lock"
  if command -v flock >/dev/null 2>&1; then
    # Another build holds the lock for minutes: say so when the wait starts and every
    # ${PULUMI_BUILD_WAIT_NOTICE:-30} s while it lasts.
    if ! flock -n 9; then
      wait_started=$SECONDS
      log "waiting for another process building $EXE $VERSION (lock $CACHE_ROOT/kubernetes-$VERSION.lock)"
      until flock -w "${PULUMI_BUILD_WAIT_NOTICE:-30}" 9; do
        log "still waiting for the build of $EXE $VERSION ($((SECONDS - wait_started))s so far)"
      done
      log "lock acquired after $((SECONDS - wait_started))s"
    fi
    # Holding the lock, any temp tree left is from an interrupted build (killed before its trap ran).
    rm -rf "$CACHE_ROOT/.kubernetes-$VERSION.tmp."* "$CACHE_ROOT/.kubernetes-$VERSION.old."*
  fi
fi

if ! is_done; then
  TMP="$(mktemp -d "$CACHE_ROOT/.kubernetes-$VERSION.tmp.XXXXXX")"
  BUILD_PID=""
  # On any exit, stop an unfinished build and drop its tree; a signal exits (so the EXIT trap runs) at once.
  trap 'if [ -n "$BUILD_PID" ]; then kill "$BUILD_PID" 2>/dev/null || true; fi; rm -rf "$TMP"' EXIT
  trap 'exit 130' INT TERM HUP
  # main.go embeds upstream's schema (docs/pulumi-cli.md): copy it from the module the go.mod pins, replacing
  # the file atomically and only when it differs (under the lock, so no other builder reads it half-written).
  UP_DIR="$(cd "$MOD" && go_env && go mod download "$UPSTREAM" && go list -m -f '{{.Dir}}' "$UPSTREAM")"
  SCHEMA="$UP_DIR/cmd/pulumi-resource-kubernetes/schema.json"
  [ -f "$SCHEMA" ] || { log "missing $SCHEMA in the downloaded module"; exit 1; }
  if ! cmp -s "$SCHEMA" "$MOD/schema-embed.json"; then
    cp "$SCHEMA" "$MOD/.schema-embed.json.tmp.$$"
    mv "$MOD/.schema-embed.json.tmp.$$" "$MOD/schema-embed.json"
  fi
  log "building $EXE $VERSION into $FINAL (first run only; a cold build takes about 28 minutes)"
  started=$(date +%s)
  (
    cd "$MOD"
    go_env
    # The version must be stamped: the provider reports it to the engine (GetPluginInfo).
    exec nice -n 10 go build -p "${PULUMI_BUILD_JOBS:-1}" -trimpath \
      -ldflags "-s -w -X $UPSTREAM/pkg/version.Version=$VERSION" \
      -o "$TMP/bin/$EXE" .
  ) >&2 &
  BUILD_PID=$!
  wait "$BUILD_PID" # in the background so a signal interrupts the wait instead of waiting for the build
  BUILD_PID=""
  got="$(go version -m "$TMP/bin/$EXE" | awk -v m="$UPSTREAM" '$1 == "dep" && $2 == m { print $3 }')"
  [ "$got" = "v$VERSION" ] || { log "built $EXE embeds $UPSTREAM '$got', expected v$VERSION"; exit 1; }
  starts "$TMP/bin/$EXE" || { log "built $EXE does not start (no port on its first stdout line)"; exit 1; }
  echo "$BUILD_ID" >"$TMP/BUILD-ID"
  # Rename into place; a stale tree (other BUILD-ID) is moved aside first and removed after.
  if [ -e "$FINAL" ]; then
    OLD="$(mktemp -d "$CACHE_ROOT/.kubernetes-$VERSION.old.XXXXXX")"
    mv "$FINAL" "$OLD/"
  fi
  mv "$TMP" "$FINAL"
  trap - EXIT INT TERM HUP
  if [ -n "${OLD:-}" ]; then rm -rf "$OLD"; fi
  log "built in $(($(date +%s) - started))s, $(du -sh "$FINAL" | cut -f1) on disk"
fi

log "using $BIN/$EXE ($VERSION)"
echo "$BIN"
