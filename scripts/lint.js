#!/usr/bin/env node
"use strict";
// ESLint then Prettier, as one step of `npm test`.
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const root = path.resolve(__dirname, "..");
for (const [cmd, args] of [
  ["eslint", ["--max-warnings=0", "."]],
  ["prettier", ["--check", "--log-level=warn", "."]],
]) {
  const r = spawnSync(path.join(root, "node_modules", ".bin", cmd), args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status || 1);
}
