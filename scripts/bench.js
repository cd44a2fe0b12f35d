#!/usr/bin/env node
/*
 * `npm run bench`: runs the benchmarks of bench/main.ts with ts-node --transpile-only. It builds dist/
 * first if needed (through the fixture program helper), starts the emulator in-process, prints a Markdown
 * table and writes bench/results.json. Takes several minutes; the real-engine metrics need the Pulumi CLI
 * (scripts/ensure-pulumi.sh) and are recorded as "skipped: no CLI" otherwise.
 */
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const tsNode = path.join(root, "node_modules", "ts-node", "dist", "bin.js");
const child = spawn(process.execPath, [tsNode, "--transpile-only", path.join(root, "bench", "main.ts")], {
  cwd: root,
  stdio: "inherit",
});
child.on("exit", (code, signal) => process.exit(code === null ? (signal ? 1 : 0) : code));
