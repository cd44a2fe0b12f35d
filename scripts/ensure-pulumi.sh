#!/usr/bin/env bash
# Prints (last stdout line) the absolute path of a directory holding `pulumi`, `pulumi-language-nodejs` and
# `pulumi-resource-pulumi-nodejs`. Progress goes to stderr. See docs/pulumi-cli.md.
#
#  * A `pulumi` already on PATH is used as it is (set PULUMI_FORCE_BUILD=1 to ignore it); its language host
#    must be next to it or on PATH.
#  * Otherwise the CLI is built once from the Go module proxy (tools/pulumi: the version pinned in its go.mod,
#    plus this project's own Node.js language host) into
#    ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloud-kubeconfig/pulumi-<version>/bin and reused afterwards.
#    Locking, the cache layout, the BUILD-ID stamp and the knobs: scripts/go-tools.sh.
set -euo pipefail
# shellcheck source=go-tools.sh
. "$(dirname "${BASH_SOURCE[0]}")/go-tools.sh"

MOD="$TOOLS_ROOT/tools/pulumi"
PKG="github.com/pulumi/pulumi/pkg/v3"

# Resolved from this project's node_modules: the dynamic-provider shim must match the installed SDK.
shim_source() {
  local pkg
  pkg="$(cd "$TOOLS_ROOT" && node -p 'require.resolve("@pulumi/pulumi/package.json")' 2>/dev/null)" || {
    log "cannot resolve @pulumi/pulumi from $TOOLS_ROOT (run npm ci first)"
    return 1
  }
  echo "$(dirname "$pkg")/pulumi-resource-pulumi-nodejs"
}

if [ -z "${PULUMI_FORCE_BUILD:-}" ] && PULUMI_ON_PATH="$(command -v pulumi 2>/dev/null)"; then
  DIR="$(dir_on_path pulumi)"
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

VERSION="$(go_mod_version "$MOD/go.mod" "$PKG")"
[ -n "$VERSION" ] || { log "no $PKG requirement in $MOD/go.mod"; exit 1; }
cache_entry "pulumi-$VERSION" "$(source_id "$MOD" .)"
EXES=(pulumi pulumi-language-nodejs pulumi-codegen pulumi-resource-pulumi-nodejs)

if ! is_built "${EXES[@]}"; then
  require_go "pulumi $VERSION"
  lock_build "$TOOLS_CACHE" "$KEY" "pulumi $VERSION"
fi

if ! is_built "${EXES[@]}"; then
  SHIM="$(shim_source)"
  [ -f "$SHIM" ] || { log "missing $SHIM"; exit 1; }
  start_build "$TOOLS_CACHE" "$KEY"
  log "building pulumi $VERSION and pulumi-language-nodejs into $FINAL (first run only; this takes a while)"
  # Flags as in pulumi's .goreleaser.yml; the version must be stamped or `pulumi version` is empty.
  go_build "pulumi $VERSION and pulumi-language-nodejs" "$MOD" -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION -X main.version=$VERSION" \
    -o "$TMP/bin/" "$PKG/cmd/pulumi" ./cmd/pulumi-language-nodejs ./cmd/pulumi-codegen
  end_dry_run
  cp "$SHIM" "$TMP/bin/pulumi-resource-pulumi-nodejs"
  chmod 755 "$TMP/bin/pulumi-resource-pulumi-nodejs"
  got="$(PULUMI_SKIP_UPDATE_CHECK=true "$TMP/bin/pulumi" version)"
  [ "$got" = "v$VERSION" ] || { log "built pulumi reports '$got', expected v$VERSION"; exit 1; }
  publish
fi

log "using $BIN/pulumi ($("$BIN/pulumi" version 2>/dev/null))"
echo "$BIN"
