#!/usr/bin/env bash
# Prints (last stdout line) the absolute path of a directory holding `kube-apiserver` and `etcd`, a real
# Kubernetes control plane (without scheduler, controllers or kubelets) for the kube-apiserver e2e test.
# Progress goes to stderr. See docs/pulumi-cli.md ("kube-apiserver and etcd") and docs/engine-tier.md.
#
#  * `kube-apiserver` and `etcd` both on PATH, in one directory, are used as they are (set PULUMI_FORCE_BUILD=1
#    to ignore them).
#  * Otherwise both are built once from the Go module proxy into
#    ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloud-kubeconfig/kube-<version>/bin:
#    tools/k8s/apiserver (k8s.io/kubernetes/cmd/kube-apiserver as a `tool`, the staging modules replaced by
#    their published versions; docs/pulumi-cli.md) and tools/k8s/etcd (etcdmain.Main).
#    Locking, the cache layout, the BUILD-ID stamp and the knobs: scripts/go-tools.sh.
#
# PULUMI_KUBE_APISERVER_CACHED_ONLY=1 never builds: it exits 3 when nothing usable is cached, so a test can
# skip instead of starting a long build. Cold build time and memory: docs/pulumi-cli.md.
set -euo pipefail
# shellcheck source=go-tools.sh
. "$(dirname "${BASH_SOURCE[0]}")/go-tools.sh"

KAS_MOD="$TOOLS_ROOT/tools/k8s/apiserver"
ETCD_MOD="$TOOLS_ROOT/tools/k8s/etcd"
K8S="k8s.io/kubernetes"
ETCD_SERVER="go.etcd.io/etcd/server/v3"

if DIR="$(dir_on_path kube-apiserver etcd)"; then
  log "using $DIR/kube-apiserver and $DIR/etcd (from PATH; set PULUMI_FORCE_BUILD=1 to build instead)"
  echo "$DIR"
  exit 0
elif [ -z "${PULUMI_FORCE_BUILD:-}" ] && command -v kube-apiserver >/dev/null 2>&1 && command -v etcd >/dev/null 2>&1; then
  log "kube-apiserver and etcd are on PATH but in different directories; building instead"
fi

# The k8s.io/kubernetes requirement of tools/k8s/apiserver/go.mod (e.g. 1.37.2).
VERSION="$(go_mod_version "$KAS_MOD/go.mod" "$K8S")"
[[ "$VERSION" =~ ^([0-9]+)\.([0-9]+)\.[0-9]+$ ]] || { log "no usable $K8S requirement in $KAS_MOD/go.mod ('$VERSION')"; exit 1; }
MAJOR="${BASH_REMATCH[1]}"
MINOR="${BASH_REMATCH[2]}"
ETCD_VERSION="$(go_mod_version "$ETCD_MOD/go.mod" "$ETCD_SERVER")"
[ -n "$ETCD_VERSION" ] || { log "no $ETCD_SERVER requirement in $ETCD_MOD/go.mod"; exit 1; }
cache_entry "kube-$VERSION" "$(source_id "$TOOLS_ROOT/tools/k8s" apiserver etcd)"
WHAT="kube-apiserver $VERSION and etcd $ETCD_VERSION"

if ! is_built kube-apiserver etcd && [ -n "${PULUMI_KUBE_APISERVER_CACHED_ONLY:-}" ]; then
  log "$WHAT are not built in $FINAL (run this script without PULUMI_KUBE_APISERVER_CACHED_ONLY to build them)"
  exit 3
fi

if ! is_built kube-apiserver etcd; then
  require_go "$WHAT"
  lock_build "$TOOLS_CACHE" "$KEY" "$WHAT"
fi

if ! is_built kube-apiserver etcd; then
  start_build "$TOOLS_CACHE" "$KEY"
  log "building $WHAT into $FINAL (first run only; long, see docs/pulumi-cli.md)"
  go_build "etcd $ETCD_VERSION" "$ETCD_MOD" -ldflags "-s -w" -o "$TMP/bin/etcd" .
  # The version must be stamped: unstamped, /version says v0.0.0-master with empty major/minor and
  # pulumi-kubernetes refuses the cluster (docs/pulumi-cli.md).
  CB="k8s.io/component-base/version"
  go_build "kube-apiserver $VERSION" "$KAS_MOD" \
    -ldflags "-s -w -X $CB.gitMajor=$MAJOR -X $CB.gitMinor=$MINOR -X $CB.gitVersion=v$VERSION -X $CB.gitTreeState=clean" \
    -o "$TMP/bin/kube-apiserver" "$K8S/cmd/kube-apiserver"
  end_dry_run
  # Each command's whole output is read before it is searched: with pipefail, `cmd | grep -q` fails whenever grep
  # stops reading first and cmd then dies of SIGPIPE (seen with etcd's four-line --version on a busy machine).
  info="$(go version -m "$TMP/bin/kube-apiserver")"
  got="$(awk -v m="$K8S" '($1 == "mod" || $1 == "dep") && $2 == m { print $3; exit }' <<<"$info")"
  [ "$got" = "v$VERSION" ] || { log "built kube-apiserver embeds $K8S '$got', expected v$VERSION"; exit 1; }
  said="$("$TMP/bin/kube-apiserver" --version 2>/dev/null || true)"
  grep -qx "Kubernetes v$VERSION" <<<"$said" || { log "built kube-apiserver does not report Kubernetes v$VERSION ('$said')"; exit 1; }
  said="$("$TMP/bin/etcd" --version 2>/dev/null || true)"
  grep -q "etcd Version: $ETCD_VERSION" <<<"$said" || { log "built etcd does not report version $ETCD_VERSION ('$said')"; exit 1; }
  publish
fi

log "using $BIN/kube-apiserver ($VERSION) and $BIN/etcd ($ETCD_VERSION)"
echo "$BIN"
