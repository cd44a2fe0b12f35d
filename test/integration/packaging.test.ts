/**
 * `npm pack` on a clean checkout (no dist/) must give a tarball with the compiled package: the `prepack` script
 * builds it. The checkout is `git archive HEAD`, what a fresh clone holds, with this repository's node_modules
 * linked in place of `npm ci`. Every entry point package.json names must be in the tarball.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../support/build-dist";

jest.setTimeout(300_000);

const run = promisify(execFile);

interface PackResult {
  filename: string;
  files: { path: string }[];
}

/** The environment without npm's own per-run settings (set when Jest runs under `npm test`). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return env;
}

describe("npm pack on a clean checkout", () => {
  let dir: string;
  let checkout: string;
  let packed: PackResult;
  let listed: string[];
  let distBeforePack: boolean;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "pck-pack-"));
    checkout = join(dir, "checkout");
    mkdirSync(checkout);
    mkdirSync(join(dir, "out"));
    await run("bash", ["-c", 'git -C "$0" archive --format=tar HEAD | tar -x -C "$1"', REPO_ROOT, checkout]);
    symlinkSync(join(REPO_ROOT, "node_modules"), join(checkout, "node_modules"));
    distBeforePack = existsSync(join(checkout, "dist"));
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", join(dir, "out")], {
      cwd: checkout,
      env: cleanEnv(),
      maxBuffer: 64 * 1024 * 1024,
    }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`npm pack failed in a clean checkout of HEAD:\n${e.stdout || ""}\n${e.stderr || e.message}`);
    });
    [packed] = JSON.parse(stdout) as PackResult[];
    const tar = await run("tar", ["-tzf", join(dir, "out", packed.filename)], { maxBuffer: 64 * 1024 * 1024 });
    listed = tar.stdout.trim().split("\n");
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("starts without dist/, as a clean clone does", () => {
    expect(distBeforePack).toBe(false);
  });

  it("contains the compiled SDK and provider", () => {
    for (const f of [
      "dist/sdk/index.js",
      "dist/sdk/index.d.ts",
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
    ]) {
      expect(listed).toContain(`package/${f}`);
    }
    expect(packed.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(["dist/sdk/index.js", "dist/provider/index.js"]),
    );
  });

  it("contains every file package.json points to (main, types, exports)", () => {
    const pkg = JSON.parse(readFileSync(join(checkout, "package.json"), "utf8"));
    const targets: string[] = [pkg.main, pkg.types];
    const walk = (v: unknown): void => {
      if (typeof v === "string") targets.push(v);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(pkg.exports);
    for (const t of targets) {
      const path = t.replace(/^\.\//, "");
      if (path.includes("*")) {
        const prefix = path.slice(0, path.indexOf("*"));
        expect(listed.some((l) => l.startsWith(`package/${prefix}`) && l.endsWith(".js"))).toBe(true);
      } else expect(listed).toContain(`package/${path}`);
    }
  });

  it("contains no tests, emulator or TypeScript sources", () => {
    const leaked = listed.filter((l) => /^package\/(test|emulator|examples|scripts|tools|sdk|provider)\//.test(l));
    expect(leaked).toEqual([]);
    expect(listed.filter((l) => l.endsWith(".ts") && !l.endsWith(".d.ts"))).toEqual([]);
  });

  it("built dist/ in the checkout through the prepack script", () => {
    expect(existsSync(join(checkout, "dist", "provider", "index.js"))).toBe(true);
  });
});
