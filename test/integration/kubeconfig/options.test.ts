/**
 * The kubeconfig options a user asks for, proven with kubectl against the emulated cluster: `proxyUrl` (kubectl
 * reaches the server through a local CONNECT proxy, which sees the connection), `tlsServerName` (a name in the
 * server certificate works, another one fails verification), impersonation (kubectl sends the Impersonate
 * headers). None of them changes clusterIdentifier or plans a replacement; bad values fail check naming the input.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { load } from "js-yaml";
import { isSecret, runtime } from "@pulumi/pulumi";
import { mergeKubeconfigs } from "../../../sdk";
import { ensureDistBuilt } from "../../support/build-dist";
import { startConnectProxy } from "../../support/loopback";
import * as rig from "../../support/reliability-harness";

jest.setTimeout(120_000);

let emu: rig.EmulatorHandle;
rig.useEmulator({ configure: "once" }, (e) => (emu = e));
const work = mkdtempSync(join(tmpdir(), "pck-options-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ucs = () => rig.p("UcsClusterKubeconfig");

async function kubeconfigWith(options: rig.Props) {
  const checked = await ucs().check({}, { ...rig.inputsFor(emu).ucs, ...options });
  expect(checked.failures).toEqual([]);
  return (await ucs().create(checked.inputs)).outs;
}

/** kubectl `get --raw /version` with `kubeconfig`; `-v=8` when the request headers are wanted. */
async function kubectl(kubeconfig: string, verbose = false) {
  const file = join(work, `k-${Date.now()}-${Math.random()}.yaml`);
  writeFileSync(file, kubeconfig, { mode: 0o600 });
  const args = [
    "--kubeconfig",
    file,
    "get",
    "--raw",
    "/version",
    "--request-timeout=10s",
    ...(verbose ? ["-v=8"] : []),
  ];
  return promisify(execFile)("kubectl", args, { env: { ...process.env, NO_PROXY: "", no_proxy: "" } });
}

const clusterOf = (outs: rig.Props) =>
  (load(outs.kubeconfig) as { clusters: Array<{ cluster: Record<string, string> }> }).clusters[0].cluster;

it("proxyUrl: kubectl reaches the server through the proxy", async () => {
  const proxy = await startConnectProxy();
  try {
    const outs = await kubeconfigWith({ proxyUrl: proxy.url });
    expect(clusterOf(outs)["proxy-url"]).toBe(proxy.url);
    const { stdout } = await kubectl(outs.kubeconfig);
    expect(JSON.parse(stdout).gitVersion).toMatch(/^v1\./);
    expect(proxy.connects.length).toBeGreaterThan(0);
    expect(new Set(proxy.connects)).toEqual(new Set([new URL(outs.server).host]));
  } finally {
    await proxy.close();
  }
});

it("tlsServerName: a name of the server certificate is accepted, another one is refused", async () => {
  const good = await kubeconfigWith({ tlsServerName: "kubernetes.default.svc" });
  expect(clusterOf(good)["tls-server-name"]).toBe("kubernetes.default.svc");
  expect(JSON.parse((await kubectl(good.kubeconfig)).stdout).gitVersion).toMatch(/^v1\./);
  const bad = await kubeconfigWith({ tlsServerName: "not-the-server.example" });
  await expect(kubectl(bad.kubeconfig)).rejects.toThrow(/not-the-server\.example|x509|certificate/);
});

it("impersonateUser and impersonateUid: kubectl sends the Impersonate headers", async () => {
  const outs = await kubeconfigWith({ impersonateUser: "deployer", impersonateUid: "1234" });
  const user = (load(outs.kubeconfig) as { users: Array<{ user: Record<string, string> }> }).users[0].user;
  expect(user).toMatchObject({ as: "deployer", "as-uid": "1234" });
  const { stderr } = await kubectl(outs.kubeconfig, true);
  expect(stderr).toMatch(/Impersonate-User: deployer/);
  expect(stderr).toMatch(/Impersonate-Uid: 1234/);
});

it("impersonateGroups: the user entry's as-groups, one Impersonate-Group header per group", async () => {
  const outs = await kubeconfigWith({ impersonateUser: "deployer", impersonateGroups: ["ops", "system:masters"] });
  const user = (load(outs.kubeconfig) as { users: Array<{ user: Record<string, unknown> }> }).users[0].user;
  expect(user).toMatchObject({ as: "deployer", "as-groups": ["ops", "system:masters"] });
  const { stderr } = await kubectl(outs.kubeconfig, true);
  expect(stderr.match(/Impersonate-Group: [^\s"]+/g)).toEqual([
    "Impersonate-Group: ops",
    "Impersonate-Group: system:masters",
  ]);
});

it("impersonateGroups or impersonateUid without impersonateUser is refused at check, naming the input", async () => {
  for (const alone of [{ impersonateGroups: ["ops"] }, { impersonateUid: "1234" }]) {
    const r = await ucs().check({}, { ...rig.inputsFor(emu).ucs, ...alone });
    const name = Object.keys(alone)[0];
    expect(r.failures).toEqual([
      expect.objectContaining({ property: name, reason: expect.stringContaining("impersonateUser") }),
    ]);
  }
  const empty = await ucs().check({}, { ...rig.inputsFor(emu).ucs, impersonateUser: "x", impersonateGroups: [""] });
  expect(empty.failures?.[0]?.property).toMatch(/^impersonateGroups/);
});

it("adding the options is an in-place update that keeps clusterIdentifier", async () => {
  const made = await kubeconfigWith({});
  const news = (
    await ucs().check(
      {},
      {
        ...rig.inputsFor(emu).ucs,
        proxyUrl: "http://proxy.internal:3128",
        tlsServerName: "kubernetes",
        impersonateUser: "x",
        impersonateGroups: ["ops"],
      },
    )
  ).inputs;
  expect(await ucs().diff(made.clusterIdentifier, made, news)).toMatchObject({ changes: true, replaces: [] });
  expect(news.clusterIdentifier).toBe(made.clusterIdentifier);
});

it("mergeKubeconfigs: one secret kubeconfig for a UCS and a TKE cluster, kubectl reaching each by context", async () => {
  ensureDistBuilt(); // the SDK function requires the installed provider, as in a user's program
  await runtime.setMocks(
    { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
    "project",
    "stack",
    false,
  );
  const ucsOuts = await kubeconfigWith({ contextName: "ucs" });
  const tkeChecked = await rig.p("TkeClusterKubeconfig").check({}, { ...rig.inputsFor(emu).tke, contextName: "tke" });
  const tkeOuts = (await rig.p("TkeClusterKubeconfig").create(tkeChecked.inputs)).outs;
  const merged = mergeKubeconfigs({ kubeconfigs: [ucsOuts.kubeconfig, tkeOuts.kubeconfig], currentContext: "tke" });
  expect(await isSecret(merged)).toBe(true);
  const text: string = await new Promise((resolve) => merged.apply(resolve));
  expect((load(text) as Record<string, unknown>)["current-context"]).toBe("tke");
  for (const context of ["ucs", "tke"]) {
    const file = join(work, `merged-${context}.yaml`);
    writeFileSync(file, text, { mode: 0o600 });
    const { stdout } = await promisify(execFile)("kubectl", [
      "--kubeconfig",
      file,
      "--context",
      context,
      "get",
      "--raw",
      "/version",
    ]);
    expect(JSON.parse(stdout).gitVersion).toMatch(/^v1\./);
  }
});

it.each([
  ["proxyUrl", "ftp://proxy:21", "proxyUrl must be an http://, https:// or socks5:// URL"],
  ["proxyUrl", "http://user:secret@proxy:3128", "without user information"],
  ["proxyUrl", "not a url", "proxyUrl must be"],
  ["tlsServerName", "Not A Name", "tlsServerName must be a DNS name"],
  ["impersonateUser", "", "impersonateUser must not be empty"],
])("%s %j fails check naming the input", async (input, value, reason) => {
  const r = await ucs().check({}, { ...rig.inputsFor(emu).ucs, [input]: value });
  expect(r.failures).toEqual([{ property: input, reason: expect.stringContaining(reason) }]);
  expect(JSON.stringify(r.failures)).not.toContain("secret@");
});
