#!/usr/bin/env node
/*
 * The one test command (`npm test`). Steps, in order, each failing the run:
 *   1. type-check the package, tests, emulator and every example (`tsc --noEmit`);
 *   2. lint (ESLint + Prettier);
 *   3. all Jest tiers: unit, integration, protocol, e2e (the e2e tier provisions the Pulumi CLI through
 *      scripts/ensure-pulumi.sh and caches it under $HOME/.cache);
 *   4. with CI=true (or --node22): the unit, integration and protocol tiers again under Node 22, installed
 *      from the npm registry into $HOME/.cache (users run 22 and 24; the machine has 20).
 * Extra arguments go to Jest (e.g. `npm test -- --selectProjects unit`).
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const node22 = args.includes("--node22") || process.env.CI === "true";
const jestArgs = args.filter((a) => a !== "--node22" && a !== "--no-node22");
const skipNode22 = args.includes("--no-node22");

function run(title, cmd, cmdArgs, opts = {}) {
  const started = Date.now();
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: "inherit", ...opts });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`✖ ${title} failed (exit ${r.status ?? r.signal}) after ${secs}s`);
    process.exit(r.status || 1);
  }
  console.log(`✔ ${title} (${secs}s)`);
}

const bin = (name) => path.join(root, "node_modules", ".bin", name);

run("type-check", bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]);
for (const ex of fs.existsSync(path.join(root, "examples")) ? fs.readdirSync(path.join(root, "examples")) : []) {
  // tsconfig.repo.json resolves the package and @pulumi/* from this repository; tsconfig.json is what users copy.
  const tsconfig = ["tsconfig.repo.json", "tsconfig.json"]
    .map((f) => path.join(root, "examples", ex, f))
    .find((f) => fs.existsSync(f));
  if (tsconfig) run(`type-check examples/${ex}`, bin("tsc"), ["-p", tsconfig, "--noEmit"]);
}
run("lint", process.execPath, [path.join(root, "scripts", "lint.js")]);
run("jest (unit, integration, protocol, e2e)", bin("jest"), ["--ci", ...jestArgs]);

if (node22 && !skipNode22) {
  const nodeBin = spawnSync("bash", [path.join(root, "scripts", "ensure-node22.sh")], { encoding: "utf8" });
  if (nodeBin.status !== 0) {
    console.error(nodeBin.stderr);
    console.error("✖ could not provision Node 22");
    process.exit(1);
  }
  const node = nodeBin.stdout.trim().split("\n").pop();
  run(`jest under ${node} (unit, integration, protocol)`, node, [
    path.join(root, "node_modules", "jest", "bin", "jest.js"),
    "--ci",
    "--selectProjects",
    "unit",
    "integration",
    "protocol",
  ]);
}
