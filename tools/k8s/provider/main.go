// Command pulumi-resource-kubernetes wraps pulumi-kubernetes' provider package in a main of our own: the
// module's own cmd/ cannot be `go install`ed (generated embeds, a replace directive; docs/pulumi-cli.md).
// schema-embed.json is copied from the module at build time (scripts/ensure-k8s-provider.sh) and not committed.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var schema []byte

func main() { provider.Serve("kubernetes", version.Version, schema, nil) }
