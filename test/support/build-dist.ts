/**
 * Builds dist/ (what users install) once per source state, so the protocol and engine tiers run the
 * package exactly as `require("pulumi-cloud-kubeconfig/provider")` resolves it for users. A lock file
 * keeps parallel Jest workers from building at the same time.
 */
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";

export const REPO_ROOT = join(__dirname, "..", "..");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  const marker = join(REPO_ROOT, "dist", "provider", "index.js");
  if (!existsSync(marker)) return false;
  const built = statSync(marker).mtimeMs;
  return newestMtime(join(REPO_ROOT, "provider")) <= built && newestMtime(join(REPO_ROOT, "sdk")) <= built;
}

export function ensureDistBuilt(): void {
  if (isFresh()) return;
  mkdirSync(join(REPO_ROOT, "dist"), { recursive: true });
  const lock = join(REPO_ROOT, "dist", ".build.lock");
  for (;;) {
    try {
      closeSync(openSync(lock, "wx"));
      break;
    } catch {
      // another worker is building; wait for it
      execFileSync("sleep", ["0.5"]);
      if (!existsSync(lock)) return ensureDistBuilt();
    }
  }
  try {
    if (!isFresh()) {
      execFileSync(
        process.execPath,
        [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
        {
          cwd: REPO_ROOT,
          stdio: "pipe",
        },
      );
    }
  } finally {
    unlinkSync(lock);
  }
}
