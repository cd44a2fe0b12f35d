#!/usr/bin/env node
/**
 * `pulumi-cloud-kubeconfig`, the package's command-line tool: `get` prints a normalized kubeconfig for one cluster
 * and `credential` is a kubectl exec credential plugin, both with the resources' own steps (check, the vendor call,
 * normalization) and settings (docs/cli.md). Exit codes: 0 done, 1 a vendor, network or settings failure, 2 a
 * usage or input error. Nothing secret is written to stdout except the kubeconfig or credential asked for, nor
 * ever to stderr.
 */
import { run } from "./commands";

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => (process.exitCode = code),
);
