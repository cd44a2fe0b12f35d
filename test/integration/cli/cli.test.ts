/**
 * The command-line tool against the emulator: help and usage errors with their exit codes, `get` printing the
 * resources' normalized kubeconfig (which kubectl accepts), `credential` as kubectl's exec plugin with an
 * owner-only cache that saves a vendor call until shortly before the credential expires, and no credential of
 * the machine in any output or error.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { load } from "js-yaml";
import { run, USAGE } from "../../../provider/cli/commands";
import { clearIamCache } from "../../../provider/huaweicloud/iam";
import { emulatorSecretsByName, emulatorStackConfig } from "../../../emulator/stack-config";
import { REPO_ROOT } from "../../support/build-dist";
import { useEmulator } from "../../support/emulator-fixture";
import { expectNoSecrets } from "../../support/secret-scan";

jest.setTimeout(120_000);

const { emu } = useEmulator({ clearFaultsAfterEach: true });
const work = mkdtempSync(join(tmpdir(), "pck-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The machine's credentials as environment variables, the settings (endpoints, CA) as --config. */
function machine() {
  const {
    "huaweicloud:accessKey": hwAk,
    "huaweicloud:secretKey": hwSk,
    "tencentcloud:secretId": tcId,
    "tencentcloud:secretKey": tcKey,
    ...settings
  } = emulatorStackConfig(emu);
  const env = {
    HW_ACCESS_KEY: hwAk,
    HW_SECRET_KEY: hwSk,
    TENCENTCLOUD_SECRET_ID: tcId,
    TENCENTCLOUD_SECRET_KEY: tcKey,
    XDG_CACHE_HOME: join(work, "cache"),
  };
  const config = Object.entries(settings).flatMap(([k, v]) => ["--config", `${k}=${v}`]);
  return { env, config };
}

/** Runs the tool in-process with `env` as its environment; its exit code and output. */
async function cli(args: string[], env: Record<string, string> = machine().env) {
  let stdout = "";
  let stderr = "";
  const saved = { ...process.env };
  Object.assign(process.env, env);
  clearIamCache();
  try {
    const code = await run(args, {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: process.env,
    });
    expectNoSecrets(stderr, emulatorSecretsByName(emu));
    return { code, stdout, stderr };
  } finally {
    for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

const ucsArgs = () => ["--kind", "ucs", "--clusterId", emu.seed.ucs.clusters[0].id, ...machine().config];
const issued = (id: string) => emu.state.issuanceCounts[id] ?? 0;

describe("help and usage", () => {
  it("--help prints the usage on stdout and exits 0", async () => {
    const r = await cli(["--help"]);
    expect(r).toEqual({ code: 0, stdout: USAGE, stderr: "" });
  });

  it.each([
    [[], "a command is required"],
    [["list"], 'unknown command "list"'],
    [["get"], "--kind is required"],
    [["get", "--kind", "eks"], 'unknown --kind "eks"'],
    [["get", "--kind", "ucs", "--region", "x"], "--region is not an input of UcsClusterKubeconfig"],
    [["get", "--kind", "cce", "--validityDays", "ten"], '--validityDays must be a number, not "ten"'],
    [["get", "--kind", "ucs", "--credentials", "{}"], "--credentials cannot be given on the command line"],
    [["get", "--kind", "ucs", "--config", "huaweicloud:secret=x"], "--config takes <key>=<value> with a key of"],
    [["get", "--kind", "ucs", "--config", "huaweicloud:secretKey=x"], "--config huaweicloud:secretKey is a credential"],
  ])("%j exits 2 naming the problem, with the usage on stderr", async (args, message) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("Usage: pulumi-cloud-kubeconfig");
  });

  it("an input the resource's check refuses exits 2 naming the input, before any vendor call", async () => {
    const from = emu.state.calls.length;
    const r = await cli(["get", "--kind", "ucs", "--clusterId", "not/an-id", ...machine().config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--clusterId: clusterId must look like/);
    expect(emu.state.calls.length).toBe(from);
  });
});

describe("get", () => {
  it("prints the normalized kubeconfig, one context, that kubectl accepts", async () => {
    const r = await cli(["get", ...ucsArgs()]);
    expect(r.code).toBe(0);
    const doc = load(r.stdout) as { contexts: unknown[]; users: Array<{ user: Record<string, string> }> };
    expect(doc.contexts).toHaveLength(1);
    expect(doc.users[0].user["client-key-data"]).toBeTruthy();
    const file = join(work, "get.yaml");
    writeFileSync(file, r.stdout, { mode: 0o600 });
    const { stdout } = await promisify(execFile)("kubectl", ["--kubeconfig", file, "get", "--raw", "/version"]);
    expect(JSON.parse(stdout).gitVersion).toMatch(/^v1\./);
  });

  it("a list input is given once per item, in order (impersonateGroups → as-groups)", async () => {
    const groups = ["--impersonateGroups", "ops", "--impersonateGroups=system:masters"];
    const r = await cli(["get", ...ucsArgs(), "--impersonateUser", "deployer", ...groups]);
    expect(r.code).toBe(0);
    const user = (load(r.stdout) as { users: Array<{ user: Record<string, unknown> }> }).users[0].user;
    expect(user).toMatchObject({ as: "deployer", "as-groups": ["ops", "system:masters"] });
  });

  it("--json prints the kubeconfig with its facts; TKE numbers and enums are read from their text", async () => {
    const tke = emu.seed.tke.extranetCluster.id;
    const r = await cli([
      "get",
      "--kind",
      "tke",
      "--clusterId",
      tke,
      "--endpoint",
      "extranet",
      "--json",
      ...machine().config,
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(
      ["authType", "clusterIdentifier", "contextName", "endpoint", "expiresAt", "kubeconfig", "server"].sort(),
    );
    expect(out).toMatchObject({ endpoint: "extranet", clusterIdentifier: `tencentcloud/tke/${tke}/extranet` });
  });

  it("a vendor refusal exits 1 with the vendor's error, and no credential in it", async () => {
    const { env } = machine();
    const r = await cli(["get", ...ucsArgs()], { ...env, HW_SECRET_KEY: "fake-wrong-secret-key-0123456789" });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/APIGW\.0301|authentication/i);
    expect(r.stderr).not.toContain("fake-wrong-secret-key-0123456789");
  });
});

describe("credential", () => {
  it("prints an ExecCredential and caches it owner-only, so the next call asks the vendor nothing", async () => {
    const id = emu.seed.ucs.clusters[0].id;
    const before = issued(id);
    const first = await cli(["credential", ...ucsArgs()]);
    expect(first.code).toBe(0);
    const cred = JSON.parse(first.stdout);
    expect(cred).toMatchObject({ apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential" });
    expect(cred.status.clientCertificateData).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(cred.status.clientKeyData).toMatch(/^-----BEGIN (RSA |EC )?PRIVATE KEY-----/);
    expect(Date.parse(cred.status.expirationTimestamp)).toBeGreaterThan(Date.now());
    expect(issued(id)).toBe(before + 1);

    const dir = join(work, "cache", "pulumi-cloud-kubeconfig", "credentials");
    const [file] = readdirSync(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    expect(file).not.toContain(id);

    const second = await cli(["credential", ...ucsArgs()]);
    expect(second.stdout).toBe(first.stdout);
    expect(issued(id)).toBe(before + 1);
    // --no-cache asks again; other credentials of the machine never reuse this cache entry.
    expect((await cli(["credential", "--no-cache", ...ucsArgs()])).code).toBe(0);
    expect(issued(id)).toBe(before + 2);
    const other = { ...machine().env, HW_SECURITY_TOKEN: "fake-other-session" };
    await cli(["credential", ...ucsArgs()], other);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it("is the exec plugin of a kubeconfig kubectl uses to reach the cluster", async () => {
    const got = JSON.parse((await cli(["get", "--json", ...ucsArgs()])).stdout);
    const cluster = (load(got.kubeconfig) as { clusters: Array<{ cluster: Record<string, string> }> }).clusters[0]
      .cluster;
    const kubeconfig = {
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "c", cluster }],
      users: [
        {
          name: "u",
          user: {
            exec: {
              apiVersion: "client.authentication.k8s.io/v1",
              command: process.execPath,
              args: [
                join(REPO_ROOT, "node_modules", "ts-node", "dist", "bin.js"),
                "--transpile-only",
                join(REPO_ROOT, "provider", "cli", "main.ts"),
                "credential",
                ...ucsArgs(),
              ],
              interactiveMode: "Never",
            },
          },
        },
      ],
      contexts: [{ name: "c", context: { cluster: "c", user: "u" } }],
      "current-context": "c",
    };
    const file = join(work, "exec.json");
    writeFileSync(file, JSON.stringify(kubeconfig), { mode: 0o600 });
    const { stdout } = await promisify(execFile)("kubectl", ["--kubeconfig", file, "get", "--raw", "/version"], {
      env: { ...process.env, ...machine().env, XDG_CACHE_HOME: join(work, "exec-cache") },
    });
    expect(JSON.parse(stdout).gitVersion).toMatch(/^v1\./);
  });
});
