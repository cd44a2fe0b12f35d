#!/usr/bin/env node
/*
 * The one test command (`npm test`). Steps, in order, each failing the run:
 *   1. type-check the package, tests, emulator and every example (`tsc --noEmit`);
 *   2. lint (ESLint + Prettier);
 *   3. all Jest tiers: unit, integration, protocol, e2e (the e2e tier provisions the Pulumi CLI and the other
 *      Go-built tools through scripts/ensure-*.sh and caches them under $HOME/.cache);
 *   4. with CI=true (or --node22): the unit, integration and protocol tiers again under Node 22, installed
 *      from the npm registry into $HOME/.cache (users run 22 and 24; the machine has 20).
 * Under CI=true the Go-built tools are provisioned first, in parallel lanes (scripts/ensure-tools.sh, log in the
 * temp dir), beside the type-check and lint only: Jest starts when they are ready, because tests that pace
 * requests against the in-process emulator must not share the CPU with a compiler. A failed provisioning fails
 * the run.
 * Extra arguments go to Jest (e.g. `npm test -- --selectProjects unit`); they run as one Jest invocation.
 */
"use strict";
const { spawn, spawnSync } = require("node:child_process");
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
const ci = process.env.CI === "true";
const staged = ci && jestArgs.length === 0;

/** Starts scripts/ensure-tools.sh in its own process group; resolves with its exit status and log. */
function startToolBuilds() {
  const log = path.join(require("node:os").tmpdir(), `pulumi-cloud-kubeconfig-tools-${process.pid}.log`);
  const fd = fs.openSync(log, "w");
  const child = spawn("bash", [path.join(root, "scripts", "ensure-tools.sh")], {
    cwd: root,
    stdio: ["ignore", fd, fd],
    detached: true,
  });
  fs.closeSync(fd);
  console.log(`\n▶ provisioning the Go-built tools beside the type-check and lint (log: ${log})`);
  const started = Date.now();
  const done = new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal)));
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  };
  process.on("exit", stop);
  return { log, done, started };
}

async function finishToolBuilds(builds) {
  const status = await builds.done;
  const secs = ((Date.now() - builds.started) / 1000).toFixed(1);
  const lines = fs.readFileSync(builds.log, "utf8").split("\n");
  for (const line of lines.filter((l) => /^ensure-tools: |built in \d+s/.test(l))) console.log(`  ${line}`);
  if (status !== 0) {
    console.error(lines.slice(-40).join("\n"));
    console.error(`✖ provisioning the Go-built tools failed (exit ${status}) after ${secs}s`);
    process.exit(1);
  }
  console.log(`✔ provisioning the Go-built tools (${secs}s)`);
}

async function main() {
  const builds = staged ? startToolBuilds() : undefined;
  run("type-check", bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]);
  for (const ex of fs.existsSync(path.join(root, "examples")) ? fs.readdirSync(path.join(root, "examples")) : []) {
    // tsconfig.repo.json resolves the package and @pulumi/* from this repository; tsconfig.json is what users copy.
    const tsconfig = ["tsconfig.repo.json", "tsconfig.json"]
      .map((f) => path.join(root, "examples", ex, f))
      .find((f) => fs.existsSync(f));
    if (tsconfig) run(`type-check examples/${ex}`, bin("tsc"), ["-p", tsconfig, "--noEmit"]);
  }
  run("lint", process.execPath, [path.join(root, "scripts", "lint.js")]);
  if (builds) await finishToolBuilds(builds);
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
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
