/**
 * `credentialMode: exec` against the emulator: the resource's kubeconfig holds the server, its CA and an exec
 * user that runs the package's command (found on PATH) for the same cluster, endpoint and settings; no key,
 * token or vendor credential is in its outputs; kubectl reaches the cluster with it, the command taking the
 * credentials from kubectl's environment; switching modes is an in-place update that keeps clusterIdentifier.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { load } from "js-yaml";
import type { ResourceKind } from "../../../provider";
import { commandOnPath, privateKeysIn } from "../../support/cli-command";
import * as rig from "../../support/reliability-harness";
import { expectNoSecrets } from "../../support/secret-scan";
import { emulatorSecretsByName } from "../../../emulator/stack-config";

jest.setTimeout(120_000);

let emu: rig.EmulatorHandle;
rig.useEmulator({ configure: "once" }, (e) => (emu = e));

const work = mkdtempSync(join(tmpdir(), "pck-exec-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function create(kind: ResourceKind, inputs: rig.Props) {
  const checked = await rig.p(kind).check({}, inputs);
  expect(checked.failures).toEqual([]);
  return { checked: checked.inputs, made: await rig.p(kind).create(checked.inputs) };
}

const CASES: Array<[ResourceKind, "ucs" | "tke", string]> = [
  ["UcsClusterKubeconfig", "ucs", "huaweicloud:endpoints"],
  ["TkeClusterKubeconfig", "tke", "tencentcloud:endpoint"],
];

describe.each(CASES)("%s with credentialMode exec", (kind, key, endpointKey) => {
  it("outputs a kubeconfig without any credential, which kubectl uses through the command", async () => {
    const { made } = await create(kind, { ...rig.inputsFor(emu)[key], credentialMode: "exec" });
    const outs = made.outs;
    expect(outs).toMatchObject({ authType: "exec", renewAt: "", expiresAt: "", issuedAt: "" });
    const doc = load(outs.kubeconfig) as {
      clusters: Array<{ cluster: Record<string, string> }>;
      users: Array<{ user: Record<string, any> }>;
    };
    expect(Object.keys(doc.users[0].user)).toEqual(["exec"]);
    const exec = doc.users[0].user.exec;
    expect(exec).toMatchObject({
      apiVersion: "client.authentication.k8s.io/v1",
      command: "pulumi-cloud-kubeconfig",
      interactiveMode: "Never",
    });
    expect(exec.args.slice(0, 3)).toEqual(["credential", "--kind", key]);
    expect(exec.args[exec.args.indexOf("--clusterId") + 1]).toBe(rig.inputsFor(emu)[key].clusterId);
    expect(exec.args).toContain(`${endpointKey}=${rig.stackConfig(emu)[endpointKey]}`);
    expect(doc.clusters[0].cluster["certificate-authority-data"]).toBeTruthy();
    // Nothing secret in any output: no key, no token, no vendor credential.
    const text = JSON.stringify(outs);
    expect(text).not.toMatch(/client-key-data|"token"/);
    expect(privateKeysIn(text)).toEqual([]);
    expectNoSecrets(text, emulatorSecretsByName(emu));

    const file = join(work, `${key}.yaml`);
    writeFileSync(file, outs.kubeconfig, { mode: 0o600 });
    const config = rig.stackConfig(emu);
    const env = {
      ...process.env,
      PATH: `${commandOnPath(join(work, "bin"))}${delimiter}${process.env.PATH}`,
      XDG_CACHE_HOME: join(work, `cache-${key}`),
      HW_ACCESS_KEY: config["huaweicloud:accessKey"],
      HW_SECRET_KEY: config["huaweicloud:secretKey"],
      TENCENTCLOUD_SECRET_ID: config["tencentcloud:secretId"],
      TENCENTCLOUD_SECRET_KEY: config["tencentcloud:secretKey"],
    };
    const { stdout } = await promisify(execFile)("kubectl", ["--kubeconfig", file, "get", "--raw", "/version"], {
      env,
    });
    expect(JSON.parse(stdout).gitVersion).toMatch(/^v1\./);
  });

  it("switching from certificate to exec is an in-place update that keeps clusterIdentifier", async () => {
    const { made } = await create(kind, rig.inputsFor(emu)[key]);
    const exec = (await rig.p(kind).check({}, { ...rig.inputsFor(emu)[key], credentialMode: "exec" })).inputs;
    const d = await rig.p(kind).diff(made.id, made.outs, exec);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    const updated = await rig.p(kind).update(made.id, made.outs, exec);
    expect(updated.outs.clusterIdentifier).toBe(made.outs.clusterIdentifier);
    expect(updated.outs.authType).toBe("exec");
  });
});

it("execCommand names the command the kubeconfig runs; credentials are never among its arguments", async () => {
  const config = rig.stackConfig(emu);
  const credentials = { accessKey: config["huaweicloud:accessKey"], secretKey: config["huaweicloud:secretKey"] };
  const withCredentials = {
    ...rig.inputsFor(emu).ucs,
    credentialMode: "exec",
    execCommand: "/opt/tools/pulumi-cloud-kubeconfig",
    credentials,
  };
  const { made } = await create("UcsClusterKubeconfig", withCredentials);
  const exec = (load(made.outs.kubeconfig) as { users: Array<{ user: Record<string, any> }> }).users[0].user.exec;
  expect(exec.command).toBe("/opt/tools/pulumi-cloud-kubeconfig");
  expect(JSON.stringify(exec)).not.toMatch(/accessKey|secretKey/);
  expectNoSecrets(made.outs.kubeconfig, { accessKey: credentials.accessKey, secretKey: credentials.secretKey });
});
