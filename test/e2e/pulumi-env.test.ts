/**
 * scripts/pulumi-env.sh, sourced in a fresh bash as docs/pulumi-cli.md says, then the documented CLI commands on a
 * one-output program. `pulumi refresh --preview-only` is among them: PULUMI_SKIP_CONFIRMATIONS (which acts as
 * --yes) made it fail with "--yes and --preview-only cannot be used together", so the script no longer sets it.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../support/build-dist";
import { requirePulumiCli } from "../support/engine-stack";

jest.setTimeout(300_000);

const binDir = requirePulumiCli();
const describeWithCli = binDir ? describe : describe.skip;

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 128, output }));
  });
}

describeWithCli("scripts/pulumi-env.sh", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pck-pulumi-env-"));
    const project = join(dir, "project");
    mkdirSync(project);
    writeFileSync(
      join(project, "Pulumi.yaml"),
      "name: pulumi-env-check\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
    );
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "pulumi-env-check", main: "index.js" }));
    writeFileSync(join(project, "index.js"), 'exports.greeting = "hello";\n');
    symlinkSync(join(REPO_ROOT, "node_modules"), join(project, "node_modules"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("makes the documented commands work, refresh --preview-only included", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.PULUMI_SKIP_CONFIRMATIONS; // what the script sets is under test, not the caller's environment
    const script = [
      "set -euo pipefail",
      `. ${JSON.stringify(join(REPO_ROOT, "scripts", "pulumi-env.sh"))} ${JSON.stringify(join(dir, "state"))}`,
      'echo "skip-confirmations=[${PULUMI_SKIP_CONFIRMATIONS:-}]"',
      "pulumi stack init dev --non-interactive",
      "pulumi up --yes --skip-preview --non-interactive",
      "pulumi preview --non-interactive",
      "pulumi refresh --preview-only --non-interactive",
      "pulumi refresh --yes --non-interactive",
      "pulumi stack output greeting",
      "pulumi destroy --yes --non-interactive",
      "echo all-done",
    ].join("\n");
    const { code, output } = await bash(script, join(dir, "project"), env);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining("all-done") });
    expect(output).toContain("skip-confirmations=[]");
    expect(output).toContain("Previewing refresh (dev)");
    expect(output).not.toContain("cannot be used together");
    expect(output).toMatch(/^hello$/m);
  });

  it("still refuses an unconfirmed `pulumi up` without --yes (nothing is confirmed behind the user's back)", async () => {
    const script = [
      `. ${JSON.stringify(join(REPO_ROOT, "scripts", "pulumi-env.sh"))} ${JSON.stringify(join(dir, "state2"))} || exit 99`,
      "pulumi stack init dev2 --non-interactive >/dev/null",
      "pulumi up --non-interactive",
    ].join("\n");
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.PULUMI_SKIP_CONFIRMATIONS;
    const { code, output } = await bash(script, join(dir, "project"), env);
    expect(code).not.toBe(0);
    expect(code).not.toBe(99);
    expect(output).toMatch(/--yes or --skip-preview/);
  });
});
