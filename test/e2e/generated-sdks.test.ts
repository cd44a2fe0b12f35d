/**
 * The SDKs of the provider plugin for other languages, generated from schema.json by `pulumi-codegen` (built with
 * the CLI from pkg/v3/codegen, docs/native-provider.md) into a temp dir, each checked with its own toolchain:
 * TypeScript with tsc against the repository's @pulumi/pulumi, Go with `go build` against the Pulumi Go SDK of
 * the CLI's version from the module proxy, Python byte-compiled and imported with the Pulumi SDK stood in for
 * (PyPI is out of reach). Each SDK declares the five resources under the schema's tokens and their secrets.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { KINDS, packageToken, type ResourceKind } from "../../provider/resources/kinds";
import { REPO_ROOT } from "../support/build-dist";
import { requirePulumiCli } from "../support/engine-stack";

jest.setTimeout(600_000);

const run = promisify(execFile);
const SCHEMA = JSON.parse(readFileSync(join(REPO_ROOT, "schema.json"), "utf8"));
const VERSION: string = SCHEMA.version;
const kinds = Object.keys(KINDS) as ResourceKind[];

const binDir = requirePulumiCli();
const codegen = binDir ? join(binDir, "pulumi-codegen") : "";
if (binDir && !existsSync(codegen)) {
  // A CLI from PATH comes without our code generator: say so (and fail in CI, where ensure-pulumi.sh builds it).
  (process.env.CI === "true" ? test : test.skip)("pulumi-codegen is next to the CLI (scripts/ensure-pulumi.sh)", () => {
    throw new Error(`no ${codegen}`);
  });
}
const describeWithCodegen = binDir && existsSync(codegen) ? describe : describe.skip;

describeWithCodegen("SDKs generated from schema.json", () => {
  const work = mkdtempSync(join(tmpdir(), "pck-sdks-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  // What a user runs: scripts/gen-sdks.sh writes all three (and the Go SDK's go.mod).
  let generated: Promise<unknown> | undefined;
  async function generate(language: string): Promise<string> {
    generated ??= run("bash", [join(REPO_ROOT, "scripts", "gen-sdks.sh"), work]);
    await generated;
    return join(work, language);
  }

  it("nodejs: type-checks with tsc and registers each resource under its token, keeping the kubeconfig secret", async () => {
    const out = await generate("nodejs");
    symlinkSync(join(REPO_ROOT, "node_modules"), join(out, "node_modules"), "dir");
    await run(process.execPath, [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", out, "--noEmit"]);
    for (const kind of kinds) {
      const file = join(out, KINDS[kind].module, `${kind[0].toLowerCase()}${kind.slice(1)}.ts`);
      const text = readFileSync(file, "utf8");
      expect({ kind, token: text.includes(`'${packageToken(kind)}'`) }).toEqual({ kind, token: true });
      expect(text).toMatch(/additionalSecretOutputs: \[[^\]]*"kubeconfig"/);
    }
  });

  it("go: builds against the Pulumi Go SDK of the CLI's version", async () => {
    const out = await generate("go");
    expect(readFileSync(join(out, "go.mod"), "utf8")).toContain(
      SCHEMA.language.go.importBasePath.replace(/\/[^/]+$/, ""),
    );
    const env = { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod", GOSUMDB: "off" };
    await run("go", ["mod", "tidy"], { cwd: out, env, maxBuffer: 16 * 1024 * 1024 });
    await run("go", ["build", "./..."], { cwd: out, env, maxBuffer: 16 * 1024 * 1024 });
    for (const kind of kinds) {
      const text = readFileSync(
        join(out, "cloudkubeconfig", KINDS[kind].module, `${kind[0].toLowerCase()}${kind.slice(1)}.go`),
        "utf8",
      );
      expect({ kind, token: text.includes(`"${packageToken(kind)}"`) }).toEqual({ kind, token: true });
    }
  });

  it("python: byte-compiles and every module imports", async () => {
    const out = await generate("python");
    const pkg = SCHEMA.language.python.packageName;
    const { stdout } = await run("python3", [
      join(REPO_ROOT, "test", "support", "python-import-check.py"),
      out,
      pkg,
      VERSION,
    ]);
    const modules = stdout.trim().split("\n");
    for (const kind of kinds) {
      const snake = kind.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
      expect(modules).toContain(`${pkg}.${KINDS[kind].module}.${snake}`);
    }
    expect(readFileSync(join(out, pkg, "huaweicloud", "ucs_cluster_kubeconfig.py"), "utf8")).toContain(
      `'${packageToken("UcsClusterKubeconfig")}'`,
    );
  });
});
