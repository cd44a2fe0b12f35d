/**
 * A Pulumi program directory that has this package installed (a copy of package.json + dist), which is what the
 * provider process's cwd is in real use: the serialized `__provider` resolves
 * `require("pulumi-cloud-kubeconfig/provider")` from there (docs/pulumi-dynamic.md §1.1 step 6).
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, ensureDistBuilt } from "./build-dist";

export interface FixtureProgram {
  dir: string;
  cleanup(): void;
}

export function createFixtureProgram(files: Record<string, string> = {}): FixtureProgram {
  ensureDistBuilt();
  const dir = mkdtempSync(join(tmpdir(), "pck-program-"));
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  // The package itself is a real copy of what npm installs (package.json + dist), so its path contains
  // node_modules and Pulumi's serializer treats it as an installed package; its dependencies are links.
  const pkg = join(dir, "node_modules", "pulumi-cloud-kubeconfig");
  mkdirSync(pkg);
  cpSync(join(REPO_ROOT, "package.json"), join(pkg, "package.json"));
  cpSync(join(REPO_ROOT, "dist"), join(pkg, "dist"), { recursive: true });
  for (const entry of readdirSync(join(REPO_ROOT, "node_modules"))) {
    if (entry === "pulumi-cloud-kubeconfig") continue;
    symlinkSync(join(REPO_ROOT, "node_modules", entry), join(dir, "node_modules", entry));
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "fixture-program", private: true }));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
