/*
 * A temp program directory laid out like the repo root (Pulumi.yaml + demo/index.js) with this package installed the way
 * npm installs it (a copy of package.json + dist under node_modules/pulumi-cloud-kubeconfig; its dependencies
 * are links into the repo's node_modules). The provider process resolves `pulumi-cloud-kubeconfig/provider`
 * from there (docs/pulumi-dynamic.md §1.1). Mirrors test/support/fixture-program.ts.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

/** Creates `<workDir>/program` and returns its path. */
function createProgramDir(root, workDir) {
  const dir = path.join(workDir, "program");
  const nm = path.join(dir, "node_modules");
  const pkg = path.join(nm, "pulumi-cloud-kubeconfig");
  fs.mkdirSync(pkg, { recursive: true });
  fs.cpSync(path.join(root, "package.json"), path.join(pkg, "package.json"));
  fs.cpSync(path.join(root, "dist"), path.join(pkg, "dist"), { recursive: true });
  for (const entry of fs.readdirSync(path.join(root, "node_modules"))) {
    if (entry === "pulumi-cloud-kubeconfig" || entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(root, "node_modules", entry), path.join(nm, entry));
  }
  fs.cpSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.mkdirSync(path.join(dir, "demo"));
  fs.cpSync(path.join(root, "demo", "index.js"), path.join(dir, "demo", "index.js"));
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "cloud-kubeconfig-demo", private: true, main: "demo/index.js" }),
  );
  return dir;
}

/** Whether dist/ is older than any .ts file under provider/ or sdk/ (or missing). */
function distIsStale(root) {
  const marker = path.join(root, "dist", "provider", "index.js");
  if (!fs.existsSync(marker)) return true;
  const built = fs.statSync(marker).mtimeMs;
  const newest = (dir) => {
    let n = 0;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) n = Math.max(n, newest(p));
      else if (e.name.endsWith(".ts")) n = Math.max(n, fs.statSync(p).mtimeMs);
    }
    return n;
  };
  return newest(path.join(root, "provider")) > built || newest(path.join(root, "sdk")) > built;
}

module.exports = { createProgramDir, distIsStale };
