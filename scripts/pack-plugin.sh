#!/usr/bin/env bash
# Builds the provider plugin archive that `pulumi plugin install` takes, from the working tree:
#
#   bash scripts/pack-plugin.sh [OUT_DIR]      # default OUT_DIR: dist/plugin
#
# and prints (last stdout line) the archive's absolute path,
# OUT_DIR/pulumi-resource-cloud-kubeconfig-v<version>-<os>-<arch>.tar.gz. Progress goes to stderr.
#
# Knobs: PACK_PLUGIN_SKIP_BUILD=1 packs dist/ as it is instead of running `npm run build` first.
#
# The archive holds the executable `pulumi-resource-cloud-kubeconfig` (a sh script that runs Node >= 20 from
# PATH on the package's dist/provider/plugin/main.js), the package as `npm pack` makes it, installed with its
# production dependencies and the `@pulumi/pulumi` this repository is locked to (its gRPC stubs serve the
# protocol). Install it with
#
#   pulumi plugin install resource cloud-kubeconfig <version> --file <archive>
#
# The code is JavaScript: the archive works on any OS/architecture with a POSIX sh and Node; the name carries
# this machine's, as `pulumi plugin install` expects one.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/dist/plugin}" && cd "${1:-$ROOT/dist/plugin}" && pwd)"
log() { printf 'pack-plugin: %s\n' "$*" >&2; }

VERSION="$(node -p "require('$ROOT/package.json').version")"
PULUMI_VERSION="$(node -p "require('$ROOT/node_modules/@pulumi/pulumi/package.json').version")"
case "$(uname -s)" in Linux) OS=linux ;; Darwin) OS=darwin ;; *) OS="$(uname -s | tr '[:upper:]' '[:lower:]')" ;; esac
case "$(uname -m)" in x86_64 | amd64) ARCH=amd64 ;; aarch64 | arm64) ARCH=arm64 ;; *) ARCH="$(uname -m)" ;; esac
NAME="pulumi-resource-cloud-kubeconfig-v$VERSION-$OS-$ARCH.tar.gz"

STAGE="$(mktemp -d "${TMPDIR:-/tmp}/pack-plugin.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT

# PACK_PLUGIN_SKIP_BUILD=1 takes dist/ as it is (the tests build it once, under their own lock).
if [ -z "${PACK_PLUGIN_SKIP_BUILD:-}" ]; then
  log "building the package (npm run build)"
  (cd "$ROOT" && npm run --silent build) >&2
fi
log "packing it (npm pack)"
(cd "$ROOT" && npm pack --ignore-scripts --pack-destination "$STAGE" --loglevel=error) >&2
TGZ="$(cd "$STAGE" && ls -- *.tgz)"

log "installing it with @pulumi/pulumi $PULUMI_VERSION into the plugin directory"
mkdir -p "$STAGE/plugin"
cat >"$STAGE/plugin/package.json" <<EOF
{
  "name": "pulumi-resource-cloud-kubeconfig",
  "version": "$VERSION",
  "private": true,
  "dependencies": {
    "pulumi-cloud-kubeconfig": "file:../$TGZ",
    "@pulumi/pulumi": "$PULUMI_VERSION"
  }
}
EOF
# No install scripts: nothing the plugin runs needs them, and some reach the network (plugin downloads).
(cd "$STAGE/plugin" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline \
  --install-links --loglevel=error) >&2
# The dependency is installed from the tarball's copy; the path to the tarball is not needed at run time.
sed -i.bak "s#\"file:../$TGZ\"#\"$VERSION\"#" "$STAGE/plugin/package.json" && rm -f "$STAGE/plugin/package.json.bak"

cat >"$STAGE/plugin/pulumi-resource-cloud-kubeconfig" <<'EOF'
#!/bin/sh
# The cloud-kubeconfig provider plugin: Node (>= 20, from PATH, or $PULUMI_CLOUD_KUBECONFIG_NODE) runs the
# package installed beside this script.
dir=$(dirname "$0")
exec "${PULUMI_CLOUD_KUBECONFIG_NODE:-node}" "$dir/node_modules/pulumi-cloud-kubeconfig/dist/provider/plugin/main.js" "$@"
EOF
chmod +x "$STAGE/plugin/pulumi-resource-cloud-kubeconfig"

tar -czf "$OUT/$NAME" -C "$STAGE/plugin" .
log "wrote $OUT/$NAME ($(du -h "$OUT/$NAME" | cut -f1))"
echo "$OUT/$NAME"
