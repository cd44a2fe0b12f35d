#!/usr/bin/env bash
# Prints (last stdout line) the absolute path of a directory holding `kube-apiserver` and `etcd`, a real
# Kubernetes control plane (without scheduler, controllers or kubelets) for the kube-apiserver e2e test.
# Progress goes to stderr. See docs/pulumi-cli.md ("kube-apiserver and etcd") and docs/engine-tier.md.
#
#  * `kube-apiserver` and `etcd` both on PATH are used as they are (set PULUMI_FORCE_BUILD=1 to ignore them).
#  * Otherwise both are built once from the Go module proxy into
#    ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloud-kubeconfig/kube-<version>/bin:
#    tools/k8s/apiserver (k8s.io/kubernetes/cmd/kube-apiserver as a `tool`, the 31 staging modules replaced by
#    their published versions, docs/pulumi-dynamic.md §4) and tools/k8s/etcd (etcdmain.Main).
#    The build goes to a temp dir on the same filesystem and is renamed into place only when complete, so an
#    interrupted build never looks done. A BUILD-ID stamp (hash of both modules' sources) triggers a rebuild
#    when either module changes.
#
# Cold build time and memory: docs/pulumi-cli.md. Knobs: PULUMI_KUBE_APISERVER_CACHED_ONLY (never build; exit 3
# when not cached), PULUMI_BUILD_JOBS (go build -p, default 1: the
# machines have 2 shared cores), PULUMI_BUILD_GOSUMDB (default off: the checksum DB is unreachable here; the
# committed go.sum files are still verified).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KAS_MOD="$ROOT/tools/k8s/apiserver"
ETCD_MOD="$ROOT/tools/k8s/etcd"
K8S="k8s.io/kubernetes"
ETCD_SERVER="go.etcd.io/etcd/server/v3"
log() { echo "ensure-kube-apiserver: $*" >&2; }

if [ -z "${PULUMI_FORCE_BUILD:-}" ] && KAS_ON_PATH="$(command -v kube-apiserver 2>/dev/null)" &&
  ETCD_ON_PATH="$(command -v etcd 2>/dev/null)"; then
  DIR="$(cd "$(dirname "$(readlink -f "$KAS_ON_PATH")")" && pwd)"
  ETCD_DIR="$(cd "$(dirname "$(readlink -f "$ETCD_ON_PATH")")" && pwd)"
  if [ "$DIR" = "$ETCD_DIR" ]; then
    log "using $KAS_ON_PATH and $ETCD_ON_PATH (from PATH; set PULUMI_FORCE_BUILD=1 to build instead)"
    echo "$DIR"
    exit 0
  fi
  log "kube-apiserver and etcd are on PATH but in different directories; building instead"
fi

# The k8s.io/kubernetes requirement of tools/k8s/apiserver/go.mod (e.g. 1.37.2).
VERSION="$(awk -v m="$K8S" '$1 == m { sub(/^v/, "", $2); print $2; exit } $1 == "require" && $2 == m { sub(/^v/, "", $3); print $3; exit }' "$KAS_MOD/go.mod")"
[[ "$VERSION" =~ ^([0-9]+)\.([0-9]+)\.[0-9]+$ ]] || { log "no usable $K8S requirement in $KAS_MOD/go.mod ('$VERSION')"; exit 1; }
MAJOR="${BASH_REMATCH[1]}"
MINOR="${BASH_REMATCH[2]}"
ETCD_VERSION="$(awk -v m="$ETCD_SERVER" '$1 == m { sub(/^v/, "", $2); print $2; exit } $1 == "require" && $2 == m { sub(/^v/, "", $3); print $3; exit }' "$ETCD_MOD/go.mod")"
[ -n "$ETCD_VERSION" ] || { log "no $ETCD_SERVER requirement in $ETCD_MOD/go.mod"; exit 1; }
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloud-kubeconfig"
FINAL="$CACHE_ROOT/kube-$VERSION"
BIN="$FINAL/bin"
BUILD_ID="$(cd "$ROOT/tools/k8s" && find apiserver etcd -name '*.go' -o -name go.mod -o -name go.sum | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"

is_done() {
  [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/etcd" ] && [ "$(cat "$FINAL/BUILD-ID" 2>/dev/null)" = "$BUILD_ID" ]
}

go_env() {
  export GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0
  export GOSUMDB="${PULUMI_BUILD_GOSUMDB:-off}"
}

# PULUMI_KUBE_APISERVER_CACHED_ONLY=1: answer from the cache only (exit 3 when nothing usable is cached), so a
# test can decide to skip instead of starting a long build.
if ! is_done && [ -n "${PULUMI_KUBE_APISERVER_CACHED_ONLY:-}" ]; then
  log "kube-apiserver $VERSION and etcd $ETCD_VERSION are not built in $FINAL (run this script without PULUMI_KUBE_APISERVER_CACHED_ONLY to build them)"
  exit 3
fi

if ! is_done; then
  command -v go >/dev/null 2>&1 || { log "Go is not installed; it is needed once to build kube-apiserver $VERSION and etcd $ETCD_VERSION"; exit 1; }
  mkdir -p "$CACHE_ROOT"
  # One builder at a time (parallel Jest workers may all call this); the others wait, then reuse.
  exec 9>"$CACHE_ROOT/kube-$VERSION.lock"
  if command -v flock >/dev/null 2>&1; then
    # Another build holds the lock for minutes: say so when the wait starts and every
    # ${PULUMI_BUILD_WAIT_NOTICE:-30} s while it lasts.
    if ! flock -n 9; then
      wait_started=$SECONDS
      log "waiting for another process building kube-apiserver $VERSION and etcd $ETCD_VERSION (lock $CACHE_ROOT/kube-$VERSION.lock)"
      until flock -w "${PULUMI_BUILD_WAIT_NOTICE:-30}" 9; do
        log "still waiting for the build of kube-apiserver $VERSION and etcd $ETCD_VERSION ($((SECONDS - wait_started))s so far)"
      done
      log "lock acquired after $((SECONDS - wait_started))s"
    fi
    # Holding the lock, any temp tree left is from an interrupted build (killed before its trap ran).
    rm -rf "$CACHE_ROOT/.kube-$VERSION.tmp."* "$CACHE_ROOT/.kube-$VERSION.old."*
  fi
fi

if ! is_done; then
  TMP="$(mktemp -d "$CACHE_ROOT/.kube-$VERSION.tmp.XXXXXX")"
  BUILD_PID=""
  # On any exit, stop an unfinished build and drop its tree; a signal exits (so the EXIT trap runs) at once.
  trap 'if [ -n "$BUILD_PID" ]; then kill "$BUILD_PID" 2>/dev/null || true; fi; rm -rf "$TMP"' EXIT
  trap 'exit 130' INT TERM HUP
  started=$(date +%s)
  log "building etcd $ETCD_VERSION into $FINAL (first run only)"
  (
    cd "$ETCD_MOD"
    go_env
    exec nice -n 10 go build -p "${PULUMI_BUILD_JOBS:-1}" -trimpath -ldflags "-s -w" -o "$TMP/bin/etcd" .
  ) >&2 &
  BUILD_PID=$!
  wait "$BUILD_PID" # in the background so a signal interrupts the wait instead of waiting for the build
  BUILD_PID=""
  log "building kube-apiserver $VERSION into $FINAL (first run only; long, see docs/pulumi-cli.md)"
  (
    cd "$KAS_MOD"
    go_env
    # The version must be stamped: unstamped, /version says v0.0.0-master with empty major/minor and
    # pulumi-kubernetes refuses the cluster (docs/pulumi-dynamic.md §4).
    CB="k8s.io/component-base/version"
    exec nice -n 10 go build -p "${PULUMI_BUILD_JOBS:-1}" -trimpath \
      -ldflags "-s -w -X $CB.gitMajor=$MAJOR -X $CB.gitMinor=$MINOR -X $CB.gitVersion=v$VERSION -X $CB.gitTreeState=clean" \
      -o "$TMP/bin/kube-apiserver" "$K8S/cmd/kube-apiserver"
  ) >&2 &
  BUILD_PID=$!
  wait "$BUILD_PID"
  BUILD_PID=""
  got="$(go version -m "$TMP/bin/kube-apiserver" | awk -v m="$K8S" '$1 == "mod" && $2 == m { print $3 } $1 == "dep" && $2 == m { print $3 }' | head -n 1)"
  [ "$got" = "v$VERSION" ] || { log "built kube-apiserver embeds $K8S '$got', expected v$VERSION"; exit 1; }
  "$TMP/bin/kube-apiserver" --version 2>/dev/null | grep -qx "Kubernetes v$VERSION" ||
    { log "built kube-apiserver does not report Kubernetes v$VERSION"; exit 1; }
  "$TMP/bin/etcd" --version 2>/dev/null | grep -q "etcd Version: $ETCD_VERSION" ||
    { log "built etcd does not report version $ETCD_VERSION"; exit 1; }
  echo "$BUILD_ID" >"$TMP/BUILD-ID"
  # Rename into place; a stale tree (other BUILD-ID) is moved aside first and removed after.
  if [ -e "$FINAL" ]; then
    OLD="$(mktemp -d "$CACHE_ROOT/.kube-$VERSION.old.XXXXXX")"
    mv "$FINAL" "$OLD/"
  fi
  mv "$TMP" "$FINAL"
  trap - EXIT INT TERM HUP
  if [ -n "${OLD:-}" ]; then rm -rf "$OLD"; fi
  log "built in $(($(date +%s) - started))s, $(du -sh "$FINAL" | cut -f1) on disk"
fi

log "using $BIN/kube-apiserver ($VERSION) and $BIN/etcd ($ETCD_VERSION)"
echo "$BIN"
