/**
 * The package's command (`pulumi-cloud-kubeconfig`, provider/cli/main.ts) on a PATH of its own, run from the
 * source tree as an installed bin would run it, for kubeconfigs whose exec user calls it; and a check that text
 * holds no private key in any form a kubeconfig or state would carry it.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./build-dist";

/**
 * Writes `dir/pulumi-cloud-kubeconfig` and returns `dir`, to put first on PATH. With `envDump`, each run first
 * appends its whole environment (as its caller, e.g. client-go, set it) to that file.
 */
export function commandOnPath(dir: string, envDump?: string): string {
  mkdirSync(dir, { recursive: true });
  const tsNode = join(REPO_ROOT, "node_modules", "ts-node", "dist", "bin.js");
  const main = join(REPO_ROOT, "provider", "cli", "main.ts");
  const file = join(dir, "pulumi-cloud-kubeconfig");
  const dump = envDump ? `env >> "${envDump}"\necho "-- end of one run --" >> "${envDump}"\n` : "";
  writeFileSync(file, `#!/bin/sh\n${dump}exec "${process.execPath}" "${tsNode}" --transpile-only "${main}" "$@"\n`);
  chmodSync(file, 0o755);
  return dir;
}

/** The private keys in `text`: PEM as is, or base64 (as `client-key-data`) of PEM. */
export function privateKeysIn(text: string): string[] {
  const found: string[] = [...(text.match(/-----BEGIN [A-Z ]*PRIVATE KEY-----/g) ?? [])];
  for (const run of text.match(/[A-Za-z0-9+/]{40,}={0,2}/g) ?? []) {
    if (/PRIVATE KEY/.test(Buffer.from(run, "base64").toString("latin1"))) found.push(`base64 ${run.slice(0, 12)}…`);
  }
  return found;
}
