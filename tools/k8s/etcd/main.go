// Command etcd runs etcd's own entry point (go.etcd.io/etcd/server/v3/etcdmain) from a module of ours: the
// etcd root module carries replace directives, so it cannot be built with `go install`.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
