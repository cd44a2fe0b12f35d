/**
 * The examples' tsconfig.json is what users copy. It must work with the TypeScript 6 a user installs today
 * (6.x turns deprecated options such as `esModuleInterop: false` and `baseUrl` into errors, TS5107/TS5101) and with
 * the TypeScript the example's package.json installs, both for `tsc` and for Pulumi's TypeScript runner, which
 * compiles the program with ts-node (the one vendored in @pulumi/pulumi unless the project has its own) and the
 * project's TypeScript, adding its own defaults under the tsconfig's options.
 *
 * TypeScript 6 is installed from the npm registry once into
 * `${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloud-kubeconfig/typescript-<version>`, outside the repository.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../support/build-dist";
import { createFixtureProgram, type FixtureProgram } from "../support/fixture-program";

jest.setTimeout(600_000);

const run = promisify(execFile);

/** The newest TypeScript 6 release (`npm view typescript versions`); 7.x has no JavaScript API for ts-node. */
const TYPESCRIPT_6 = "6.0.3";
const EXAMPLES = [
  "ucs-to-kubernetes",
  "cce-rotation",
  "fleet-federation",
  "fleet-federation-kubeconfig",
  "tke-public-endpoint",
  "multi-cloud",
];

/** Installs typescript@version into the cache once (in a temp sibling renamed into place); returns its dir. */
async function cachedTypeScript(version: string): Promise<string> {
  const root = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "pulumi-cloud-kubeconfig");
  const dir = join(root, `typescript-${version}`);
  const pkg = join(dir, "node_modules", "typescript");
  if (existsSync(join(pkg, "package.json"))) return pkg;
  mkdirSync(root, { recursive: true });
  const tmp = mkdtempSync(join(root, `.typescript-${version}.tmp.`));
  try {
    writeFileSync(join(tmp, "package.json"), JSON.stringify({ name: "typescript-cache", private: true }));
    await run("npm", ["install", `typescript@${version}`, "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: tmp,
    });
    if (!existsSync(dir)) renameSync(tmp, dir); // another run may have won the race; either copy is complete
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return pkg;
}

/** A program dir with the package installed (package.json + dist) and the example's index.ts and tsconfig.json. */
function exampleProgram(name: string): FixtureProgram {
  const dir = join(REPO_ROOT, "examples", name);
  return createFixtureProgram({
    "index.ts": readFileSync(join(dir, "index.ts"), "utf8"),
    "tsconfig.json": readFileSync(join(dir, "tsconfig.json"), "utf8"),
  });
}

/**
 * What @pulumi/pulumi's cmd/run does before it loads a TypeScript program outside ESM mode: ts-node registered
 * with the project's tsconfig and TypeScript, its defaults (ES2020, nodenext) under the tsconfig's options; then
 * index.ts compiled with type checking. The examples' package.json has no ts-node, so the runner uses the one
 * vendored in @pulumi/pulumi (this fixture's node_modules would offer the repository's newer one).
 */
const RUNNER_COMPILE = `
const path = require("path");
const [typescript] = process.argv.slice(1);
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd()] }));
const tsutils = require(path.join(pulumiDir, "tsutils.js"));
const tsnode = path.join(pulumiDir, "vendor", "ts-node@7.0.1");
const options = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
const service = require(tsnode).register({
  compiler: typescript,
  project: "tsconfig.json",
  skipProject: false,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...options },
});
const file = path.resolve("index.ts");
const js = service.compile(require("fs").readFileSync(file, "utf8"), file);
process.stdout.write("compiled with TypeScript " + require(typescript).version + ", " + js.length + " chars\\n");
`;

describe("the examples' tsconfig.json with current TypeScript", () => {
  let ts6: string;
  const programs: FixtureProgram[] = [];

  beforeAll(async () => {
    ts6 = await cachedTypeScript(TYPESCRIPT_6);
  });
  afterAll(() => programs.forEach((p) => p.cleanup()));

  it.each(EXAMPLES)(`%s type-checks with tsc ${TYPESCRIPT_6}`, async (name) => {
    const program = exampleProgram(name);
    programs.push(program);
    const r = await run(process.execPath, [join(ts6, "bin", "tsc"), "-p", "tsconfig.json", "--noEmit"], {
      cwd: program.dir,
    }).catch((e: { stdout?: string; message: string }) => {
      throw new Error(`tsc ${TYPESCRIPT_6} failed for examples/${name}/tsconfig.json:\n${e.stdout || e.message}`);
    });
    expect(r.stdout).toBe("");
  });

  it.each([
    [
      "the repository's TypeScript (the examples' package.json asks for the same)",
      () => join(REPO_ROOT, "node_modules", "typescript"),
    ],
    [`TypeScript ${TYPESCRIPT_6}`, () => ts6],
  ])("Pulumi's TypeScript runner compiles multi-cloud with %s", async (_label, typescript) => {
    const program = exampleProgram("multi-cloud");
    programs.push(program);
    const tsVersion = JSON.parse(readFileSync(join(typescript(), "package.json"), "utf8")).version;
    const r = await run(process.execPath, ["-e", RUNNER_COMPILE, typescript()], { cwd: program.dir }).catch(
      (e: { stderr?: string; message: string }) => {
        throw new Error(`ts-node with TypeScript ${tsVersion} failed:\n${e.stderr || e.message}`);
      },
    );
    expect(r.stdout).toContain(`compiled with TypeScript ${tsVersion}`);
  });
});
