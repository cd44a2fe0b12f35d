#!/usr/bin/env bash
# Writes the provider plugin's SDKs for other languages from schema.json:
#
#   bash scripts/gen-sdks.sh [OUT_DIR]        # default OUT_DIR: dist/sdks
#
# into OUT_DIR/nodejs, OUT_DIR/python and OUT_DIR/go (with a go.mod; `go mod tidy` completes it), with `pulumi-codegen`, which scripts/ensure-pulumi.sh
# builds next to the CLI (the generators of github.com/pulumi/pulumi/pkg/v3/codegen at the CLI's version;
# docs/native-provider.md). Prints OUT_DIR as its last stdout line; progress goes to stderr.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/dist/sdks}"
BIN="$(bash "$ROOT/scripts/ensure-pulumi.sh" | tail -n 1)"
[ -x "$BIN/pulumi-codegen" ] || { echo "gen-sdks: no pulumi-codegen in $BIN (a pulumi from PATH has none: PULUMI_FORCE_BUILD=1)" >&2; exit 1; }
for lang in nodejs python go; do
  rm -rf "${OUT:?}/$lang"
  "$BIN/pulumi-codegen" "$ROOT/schema.json" "$lang" "$OUT/$lang"
  echo "gen-sdks: wrote $OUT/$lang" >&2
done
# The Go SDK as a module of its own, on the Pulumi Go SDK of the CLI's version (go.mod of tools/pulumi).
IMPORT_BASE="$(node -p "require('$ROOT/schema.json').language.go.importBasePath")"
SDK_VERSION="$(awk '$1 == "github.com/pulumi/pulumi/sdk/v3" { print $2; exit }' "$ROOT/tools/pulumi/go.mod")"
printf 'module %s\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n' "${IMPORT_BASE%/*}" "$SDK_VERSION" >"$OUT/go/go.mod"
echo "$OUT"
