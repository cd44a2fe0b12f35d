/**
 * Engine tier, `credentialMode: exec`: a UCS and a TKE kubeconfig in exec mode through the real CLI against the
 * emulator: `pulumi up`, kubectl reaching both clusters through the package's command (credentials from
 * kubectl's environment only), `preview --expect-no-changes`, `destroy`; no private key or token, in any
 * encoding, in the state export, the stack outputs or anything the CLI printed, and no vendor credential there.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { commandOnPath, privateKeysIn } from "../support/cli-command";
import * as stack from "../support/engine-stack";
import { createPulumiProject, type PulumiProject } from "../support/pulumi-cli";
import { collectText, expectNoSecrets } from "../support/secret-scan";

jest.setTimeout(300_000);

const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const kc = require("pulumi-cloud-kubeconfig");
const cfg = new pulumi.Config("demo");
const ucs = new kc.UcsClusterKubeconfig("ucs", { clusterId: cfg.require("ucsClusterId"), credentialMode: "exec" });
const tke = new kc.TkeClusterKubeconfig("tke", {
  clusterId: cfg.require("tkeClusterId"),
  endpoint: "extranet",
  credentialMode: "exec",
});
module.exports = { ucs: ucs.kubeconfig, tke: tke.kubeconfig, ucsAuthType: ucs.authType, ucsRenewAt: ucs.renewAt };
`;

const binDir = stack.requirePulumiCli();
const describeWithCli = binDir ? describe : describe.skip;

describeWithCli("credentialMode exec through the real pulumi CLI", () => {
  let emu: EmulatorHandle;
  let project: PulumiProject;
  const work = mkdtempSync(join(tmpdir(), "pck-e2e-exec-"));

  /** No private key anywhere in `text`, and no credential of the emulator. */
  const expectClean = (text: string) => {
    expect(privateKeysIn(text)).toEqual([]);
    expectNoSecrets(text, stack.credentialSecrets(emu));
  };

  beforeAll(async () => {
    emu = await startEmulator();
    project = await createPulumiProject({ binDir: binDir!, name: "pck-e2e-exec", program: PROGRAM });
    const { config, secretKeys } = stack.emulatorConfig(emu);
    config["demo:ucsClusterId"] = emu.seed.ucs.clusters[0].id;
    config["demo:tkeClusterId"] = emu.seed.tke.extranetCluster.id;
    await project.setConfig(config, secretKeys);
  });

  afterAll(async () => {
    if (project) expect(privateKeysIn(project.output())).toEqual([]);
    await stack.finishSuite(project, emu, {}, work);
  });

  it("up, kubectl through the command, preview without changes, destroy: no key or token anywhere", async () => {
    await project.run(["up", "--yes", "--skip-preview", "--non-interactive"]);
    const shown = await project.run(["stack", "output", "--show-secrets", "--json"], { showsSecrets: true });
    const outs = JSON.parse(shown.stdout);
    expectClean(shown.stdout);
    expect(outs).toMatchObject({ ucsAuthType: "exec", ucsRenewAt: "" });

    // State as stored: no credential of the vendor and no key. Decrypted: still no key (the stack config's
    // credentials are there, encrypted by Pulumi, as in any stack), and our resources hold no token.
    const { stdout: stored } = await project.run(["stack", "export"]);
    expectClean(stored);
    expectClean(collectText(JSON.parse(stored)));
    const { stdout: decrypted } = await project.run(["stack", "export", "--show-secrets"], { showsSecrets: true });
    expect(privateKeysIn(decrypted)).toEqual([]);
    const ours = JSON.parse(decrypted).deployment.resources.filter((r: { type: string }) =>
      r.type.startsWith("pulumi-nodejs:dynamic/"),
    );
    expect(ours).toHaveLength(2);
    for (const r of ours) expect(JSON.stringify(r.outputs.kubeconfig)).not.toMatch(/token:|client-key-data/);

    // kubectl on a machine with the command on PATH and the vendor credentials in its environment.
    const config = stack.emulatorConfig(emu).config;
    const kubectlEnv = {
      PATH: `${commandOnPath(join(work, "bin"))}${delimiter}${process.env.PATH}`,
      XDG_CACHE_HOME: join(work, "cache"),
      HW_ACCESS_KEY: config["huaweicloud:accessKey"],
      HW_SECRET_KEY: config["huaweicloud:secretKey"],
      TENCENTCLOUD_SECRET_ID: config["tencentcloud:secretId"],
      TENCENTCLOUD_SECRET_KEY: config["tencentcloud:secretKey"],
    };
    for (const name of ["ucs", "tke"]) {
      expect(await stack.kubectlVersion(outs[name], join(work, `${name}.yaml`), kubectlEnv)).toMatch(/^v1\./);
    }

    await project.run(["preview", "--expect-no-changes", "--non-interactive"]);
    await project.run(["destroy", "--yes", "--skip-preview", "--non-interactive"]);
  });
});
