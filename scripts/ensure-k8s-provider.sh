#!/usr/bin/env bash
# Prints (last stdout line) the absolute path of a directory holding `pulumi-resource-kubernetes`, the
# Kubernetes provider plugin that `@pulumi/kubernetes` needs. Progress goes to stderr. See docs/pulumi-cli.md
# ("pulumi-resource-kubernetes") and docs/engine-tier.md (the chain test that uses it).
#
#  * A `pulumi-resource-kubernetes` already on PATH is used as it is (set PULUMI_FORCE_BUILD=1 to ignore it).
#  * Otherwise the provider is built once from the Go module proxy (tools/k8s/provider: our own main around
#    the pulumi-kubernetes provider package, at the only pseudo-version the proxy serves) into
#    ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloud-kubeconfig/kubernetes-<version>/bin and reused afterwards.
#    Locking, the cache layout, the BUILD-ID stamp and the knobs: scripts/go-tools.sh.
#
# A cold build takes about 16 minutes on 2 shared cores at -p 2 (docs/pulumi-cli.md, "Cost of a cold build").
set -euo pipefail
# shellcheck source=go-tools.sh
. "$(dirname "${BASH_SOURCE[0]}")/go-tools.sh"

MOD="$TOOLS_ROOT/tools/k8s/provider"
UPSTREAM="github.com/pulumi/pulumi-kubernetes/provider/v4"
EXE="pulumi-resource-kubernetes"

use_from_path "$EXE" "$MOD"
VERSION="$(pinned_version "$MOD" "$UPSTREAM")"
cache_entry "kubernetes-$VERSION" "$(source_id "$MOD" .)"

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

if ! is_built "$EXE"; then
  require_go "$EXE $VERSION"
  lock_build "$TOOLS_CACHE" "$KEY" "$EXE $VERSION"
fi

if ! is_built "$EXE"; then
  start_build "$TOOLS_CACHE" "$KEY"
  # main.go embeds upstream's schema (docs/pulumi-cli.md): copy it from the module the go.mod pins, replacing
  # the file atomically and only when it differs (under the lock, so no other builder reads it half-written).
  UP_DIR="$(cd "$MOD" && go_env && go mod download "$UPSTREAM" && go list -m -f '{{.Dir}}' "$UPSTREAM")"
  SCHEMA="$UP_DIR/cmd/pulumi-resource-kubernetes/schema.json"
  [ -f "$SCHEMA" ] || { log "missing $SCHEMA in the downloaded module"; exit 1; }
  if ! cmp -s "$SCHEMA" "$MOD/schema-embed.json"; then
    cp "$SCHEMA" "$MOD/.schema-embed.json.tmp.$$"
    mv "$MOD/.schema-embed.json.tmp.$$" "$MOD/schema-embed.json"
  fi
  log "building $EXE $VERSION into $FINAL (first run only; a cold build takes about 16 minutes)"
  # The version must be stamped: the provider reports it to the engine (GetPluginInfo).
  go_build "$EXE $VERSION" "$MOD" -ldflags "-s -w -X $UPSTREAM/pkg/version.Version=$VERSION" -o "$TMP/bin/$EXE" .
  end_dry_run
  got="$(go version -m "$TMP/bin/$EXE" | awk -v m="$UPSTREAM" '$1 == "dep" && $2 == m { print $3 }')"
  [ "$got" = "v$VERSION" ] || { log "built $EXE embeds $UPSTREAM '$got', expected v$VERSION"; exit 1; }
  starts "$TMP/bin/$EXE" || { log "built $EXE does not start (no port on its first stdout line)"; exit 1; }
  publish
fi

log "using $BIN/$EXE ($VERSION)"
echo "$BIN"
