#!/usr/bin/env bash
# Prints the path of a Node 22 binary, installing the `node` npm package (which ships the official
# binaries) into $HOME/.cache/pulumi-cloud-kubeconfig/node22 on first use.
set -euo pipefail
VERSION="${NODE22_VERSION:-22.23.3}"
DIR="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloud-kubeconfig/node-$VERSION"
BIN="$DIR/node_modules/node/bin/node"
if [ ! -x "$BIN" ] || ! "$BIN" --version >/dev/null 2>&1; then
  mkdir -p "$DIR"
  (cd "$DIR" && [ -f package.json ] || echo '{"name":"node22-cache","private":true}' > "$DIR/package.json")
  npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error "node@$VERSION" >&2
  # the `node` package installs its binary in a postinstall step; npm 11 may not run it
  if [ ! -x "$BIN" ] || ! "$BIN" --version >/dev/null 2>&1; then
    (cd "$DIR/node_modules/node" && npm rebuild --ignore-scripts=false >&2 || node installArchSpecificPackage.js >&2)
  fi
fi
"$BIN" --version >&2
echo "$BIN"
