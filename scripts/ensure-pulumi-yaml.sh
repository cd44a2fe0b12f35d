#!/usr/bin/env bash
# Prints (last stdout line) the absolute path of a directory holding `pulumi-language-yaml`, the language host
# that runs Pulumi YAML programs, for the YAML program of the engine tier (test/e2e/yaml-program.test.ts).
# Progress goes to stderr. See docs/pulumi-cli.md ("pulumi-language-yaml").
#
#  * A `pulumi-language-yaml` already on PATH is used as it is (set PULUMI_FORCE_BUILD=1 to ignore it).
#  * Otherwise it is built once from the Go module proxy (tools/yaml: a wrapper module whose go.mod pins
#    github.com/pulumi/pulumi-yaml and names its command as a `tool`) into
#    ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloud-kubeconfig/pulumi-yaml-<version>/bin and reused afterwards.
#    Locking, the cache layout, the BUILD-ID stamp and the knobs: scripts/go-tools.sh.
set -euo pipefail
# shellcheck source=go-tools.sh
. "$(dirname "${BASH_SOURCE[0]}")/go-tools.sh"

MOD="$TOOLS_ROOT/tools/yaml"
UPSTREAM="github.com/pulumi/pulumi-yaml"
EXE="pulumi-language-yaml"

use_from_path "$EXE" "$MOD"
VERSION="$(pinned_version "$MOD" "$UPSTREAM")"
cache_entry "pulumi-yaml-$VERSION" "$(source_id "$MOD" .)"

if ! is_built "$EXE"; then
  require_go "$EXE $VERSION"
  lock_build "$TOOLS_CACHE" "$KEY" "$EXE $VERSION"
fi

if ! is_built "$EXE"; then
  start_build "$TOOLS_CACHE" "$KEY"
  log "building $EXE $VERSION into $FINAL (first run only)"
  # The version is stamped: the host reports it to the engine (GetPluginInfo).
  go_build "$EXE $VERSION" "$MOD" -ldflags "-s -w -X $UPSTREAM/pkg/version.Version=v$VERSION" \
    -o "$TMP/bin/$EXE" "$UPSTREAM/cmd/$EXE"
  end_dry_run
  got="$(go version -m "$TMP/bin/$EXE" | awk -v m="$UPSTREAM" '$1 == "mod" && $2 == m { print $3 }')"
  [ "$got" = "v$VERSION" ] || { log "built $EXE embeds $UPSTREAM '$got', expected v$VERSION"; exit 1; }
  publish
fi

log "using $BIN/$EXE ($VERSION)"
echo "$BIN"
