/**
 * `npm run demo` (demo/run.js) end to end, so the demo runs in CI too. It must succeed, show a
 * row per resource, have kubectl reach every emulated cluster, tear everything down, and print no secret.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoCredentials } from "../../emulator/credentials";
import { REPO_ROOT } from "../support/build-dist";
import { expectNoSecrets } from "../support/secret-scan";
import { requirePulumiCli } from "../support/engine-stack";

jest.setTimeout(300_000);

const binDir = requirePulumiCli();
const describeWithCli = binDir ? describe : describe.skip;

function runDemo(env?: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "demo", "run.js")], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env,
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

describe("npm run demo without a Pulumi CLI", () => {
  it("says that no CLI could be found or built, how to get one, and exits non-zero", async () => {
    // A machine with no pulumi and no Go: a PATH of links to every system command except those, an empty cache.
    const empty = mkdtempSync(join(tmpdir(), "pck-nocli-"));
    const bin = join(empty, "bin");
    mkdirSync(bin);
    for (const dir of ["/usr/local/bin", "/usr/bin", "/bin"]) {
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        if (/^(go|gofmt|pulumi.*)$/.test(name) || existsSync(join(bin, name))) continue;
        symlinkSync(join(dir, name), join(bin, name));
      }
    }
    try {
      const { code, out } = await runDemo({ HOME: empty, XDG_CACHE_HOME: empty, PATH: bin });
      expect(code).toBe(1);
      expect(out).toMatch(/No Pulumi CLI could be found or built/);
      expect(out).toMatch(/To get one: put `pulumi` .* on PATH, or install Go/);
      expect(out).not.toMatch(/pulumi up/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describeWithCli("npm run demo", () => {
  it("creates all five, checks each kubeconfig with kubectl, destroys and cleans up, printing no secret", async () => {
    const { code, out } = await runDemo();
    expect({ code, tail: code === 0 ? "" : out.slice(-2000) }).toEqual({ code: 0, tail: "" });
    // Stack and five resources, plus the chained @pulumi/kubernetes Provider when a kubernetes plugin is cached.
    const chained = /Provider chained to the kubeconfig/.test(out);
    if (!chained) expect(out).toMatch(/Provider chain is OFF/);
    expect(out).toMatch(chained ? /\+ 7 created/ : /\+ 6 created/);
    // The endpoint each resource reports: public and verified, except the federation API server, which is
    // reached through the connection's VPC endpoint from inside the VPC.
    const endpoints: Record<string, string> = {
      ucs: "externalTLSVerify",
      cce: "externalTLSVerify",
      fleet: "internal",
      fleetKubeconfig: "internal",
      tke: "extranet",
    };
    for (const [name, endpoint] of Object.entries(endpoints)) {
      expect(out).toMatch(new RegExp(`^${name}\\s+${endpoint}\\s+https://`, "m"));
      expect(out).toContain(`✔ kubectl get --raw /version with the ${name} kubeconfig → v1.`);
    }
    expect(out).toMatch(chained ? /- 7 deleted/ : /- 6 deleted/);
    const work = /• emulator stopped, (\S+) removed/.exec(out);
    expect(work).not.toBeNull();
    expect(existsSync(work![1])).toBe(false);
    const c = demoCredentials();
    expectNoSecrets(out, {
      "huawei secretKey": c.huawei.secretKey,
      "tencent secretKey": c.tencent.secretKey,
      "tencent temporary secretKey": c.tencent.temporary.secretKey,
      "tencent temporary token": c.tencent.temporary.token,
    });
    expect(out).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|client-key-data/);
  });
});
