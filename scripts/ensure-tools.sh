#!/usr/bin/env bash
# Provisions every Go-built tool the test suite uses, in parallel lanes, and says how long each took:
#   lane 1: pulumi-resource-kubernetes            (the longest build)
#   lane 2: pulumi + language host, then pulumi-language-yaml
#   lane 3: kube-apiserver + etcd
# Each ensure script keeps its own lock and cache entry (scripts/go-tools.sh), so a caller that needs a tool while
# its lane is still building waits for that build instead of starting another. `npm test` runs this under
# CI=true beside the type-check and lint, before any test (docs/pulumi-cli.md, "Cold CI").
# Exit status: 0 when every tool is ready, else 1 (each failure is logged with its script's own messages).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

started=$SECONDS
lane() {
  local script status t
  for script in "$@"; do
    t=$SECONDS
    status=0
    bash "$script" >/dev/null || status=$?
    echo "ensure-tools: $script exit $status after $((SECONDS - t))s" >&2
    [ "$status" -eq 0 ] || return 1
  done
}

lane ensure-k8s-provider.sh &
l1=$!
lane ensure-pulumi.sh ensure-pulumi-yaml.sh &
l2=$!
lane ensure-kube-apiserver.sh &
l3=$!

failed=0
for pid in "$l1" "$l2" "$l3"; do wait "$pid" || failed=1; done
echo "ensure-tools: all lanes done in $((SECONDS - started))s ($([ "$failed" -eq 0 ] && echo ok || echo FAILED))" >&2
exit "$failed"
