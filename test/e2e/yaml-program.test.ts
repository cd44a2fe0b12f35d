/**
 * Engine tier, every language: the Pulumi YAML program of examples/yaml declares all five resources through the
 * provider plugin (scripts/pack-plugin.sh, installed with `pulumi plugin install --file` as a user would), run
 * by the real CLI and the real YAML language host (scripts/ensure-pulumi-yaml.sh) against the emulator, with the
 * UCS kubeconfig in a real kubernetes Provider: up, preview and refresh with no change and no credential minted,
 * renewal past renewAt as an in-place update that keeps the Provider, a state export holding no plaintext
 * secret, and destroy deleting the VPC endpoint the connection made. Credentials reach the plugin through the
 * provider's configuration (`cloud-kubeconfig:*`, secret).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { emulatorStackConfig } from "../../emulator/stack-config";
import { OWNER_TAG, markOf } from "../../provider/resources/vpc-endpoint-ownership";
import { REPO_ROOT } from "../support/build-dist";
import {
  credentialSecrets,
  finishSuite,
  installKubernetesPlugin,
  isCiphertext,
  kubectlVersion,
  packPlugin,
  pastRenewal,
  plannedOps,
  privateKeyOf,
  requireKubernetesPlugin,
  requirePulumiCli,
  requireYamlHost,
} from "../support/engine-stack";
import { pluginConfig } from "../support/plugin-config";
import { createPulumiProject, type PulumiProject } from "../support/pulumi-cli";
import { collectText, expectNoSecrets } from "../support/secret-scan";

jest.setTimeout(600_000);

const PROJECT = "cloud-kubeconfig-yaml";
const PROGRAM = readFileSync(join(REPO_ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8");
const VERSION: string = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).version;
const KINDS = [
  "UcsClusterKubeconfig",
  "CceClusterKubeconfig",
  "FleetFederationConnection",
  "FleetFederationKubeconfig",
  "TkeClusterKubeconfig",
];

const binDir = requirePulumiCli();
const yamlDir = binDir ? requireYamlHost() : undefined;
const k8sDir = yamlDir ? requireKubernetesPlugin("YAML program") : undefined;
const describeWithTools = binDir && yamlDir && k8sDir ? describe : describe.skip;

describeWithTools("a Pulumi YAML program through the provider plugin", () => {
  let emu: EmulatorHandle;
  let project: PulumiProject;
  let outs: Record<string, string>;
  const keys: Record<string, string> = {};
  const work = mkdtempSync(join(tmpdir(), "pck-yaml-"));
  let vpcEndpointsBefore: string[] = [];
  let timeEnv: Record<string, string> = {};

  const minted = () => Object.values(emu.state.issuanceCounts).reduce((a, b) => a + b, 0);

  async function stackOutputs(): Promise<Record<string, string>> {
    const r = await project.run(["stack", "output", "--show-secrets", "--json"], { showsSecrets: true, env: timeEnv });
    return JSON.parse(r.stdout);
  }

  beforeAll(async () => {
    const archive = packPlugin(join(work, "plugin"));
    emu = await startEmulator();
    vpcEndpointsBefore = emu.state.vpcEndpoints.filter((e) => !e.deletedAt).map((e) => e.id);
    project = await createPulumiProject({
      binDir: binDir!,
      pathDirs: [yamlDir!],
      name: PROJECT,
      files: { "Pulumi.yaml": PROGRAM },
    });
    await project.run(["plugin", "install", "resource", "cloud-kubeconfig", VERSION, "--file", archive]);
    await installKubernetesPlugin(project, k8sDir!);

    // What the TypeScript resources read from stack config, as the plugin's configuration.
    const stack: Record<string, string> = {
      ...emulatorStackConfig(emu),
      "huaweicloud:projectId": emu.credentials.huawei.projectId,
    };
    const { config, secretKeys } = pluginConfig(stack);
    const seed = emu.seed;
    Object.assign(config, {
      [`${PROJECT}:ucsClusterId`]: seed.ucs.clusters[0].id,
      [`${PROJECT}:cceClusterId`]: seed.cce.publicCluster.id,
      [`${PROJECT}:fleetId`]: seed.ucs.fleets.federated.id,
      [`${PROJECT}:projectId`]: emu.credentials.huawei.projectId,
      [`${PROJECT}:vpcId`]: seed.ucs.vpcId,
      [`${PROJECT}:subnetId`]: seed.ucs.subnetId,
      [`${PROJECT}:tkeClusterId`]: seed.tke.extranetCluster.id,
    });
    await project.setConfig(config, secretKeys);
  });

  afterAll(() => finishSuite(project, emu, keys, work));

  it("pulumi up creates the five resources and the kubernetes Provider, one credential each", async () => {
    const before = minted();
    const up = await project.run(["up", "--yes", "--skip-preview", "--non-interactive"]);
    expect(up.stdout).toMatch(/7 created/);
    expect(minted() - before).toBe(5);
    outs = await stackOutputs();
    keys["ucs private key"] = privateKeyOf(outs.ucsKubeconfig);
    expect(outs.tkeEndpoint).toBe("extranet");
    expect(outs.fleetKubeconfigContext).toBe("federation-team-b");
    const made = emu.state.vpcEndpoints.filter((e) => !e.deletedAt && !vpcEndpointsBefore.includes(e.id));
    expect(made.map((e) => e.id)).toEqual([outs.fleetVpcEndpointId]);
    // The identity the TypeScript class would give `fleet` in this project and stack, taken from the URN.
    expect(made[0].tags.find((t) => t.key === OWNER_TAG)?.value).toBe(
      markOf(`${PROJECT}/e2e/FleetFederationConnection/fleet`),
    );
  });

  it("the UCS kubeconfig from the stack output reaches its emulated cluster with kubectl", async () => {
    expect(await kubectlVersion(outs.ucsKubeconfig, join(work, "ucs.yaml"))).toMatch(/^v1\./);
  });

  it("the state holds every kubeconfig and the provider's credentials only as ciphertext", async () => {
    const r = await project.run(["stack", "export"]);
    const state = JSON.parse(r.stdout);
    const resources: { type: string; urn: string; inputs?: any; outputs?: any }[] = state.deployment.resources;
    const ours = resources.filter((res) => res.type.startsWith("cloud-kubeconfig:"));
    expect(ours.map((res) => res.type.split(":").pop()).sort()).toEqual([...KINDS].sort());
    for (const res of ours)
      expect({ urn: res.urn, secret: isCiphertext(res.outputs.kubeconfig) }).toEqual({ urn: res.urn, secret: true });
    const provider = resources.find((res) => res.type === "pulumi:providers:cloud-kubeconfig")!;
    expect(isCiphertext(provider.inputs.huaweicloudSecretKey)).toBe(true);
    expect(isCiphertext(provider.inputs.tencentcloudSecretKey)).toBe(true);
    expectNoSecrets(collectText(state), { ...credentialSecrets(emu), ...keys });
  });

  it("preview and refresh find no change and mint nothing", async () => {
    const before = minted();
    await project.run(["preview", "--expect-no-changes", "--non-interactive"]);
    await project.run(["refresh", "--yes", "--expect-no-changes", "--non-interactive"]);
    expect(minted()).toBe(before);
  });

  it("renewal past renewAt updates the kubeconfigs in place and keeps the kubernetes Provider", async () => {
    const o = await stackOutputs();
    timeEnv = pastRenewal(emu, [{ renewAt: o.ucsRenewAt, expiresAt: o.cceExpiresAt }]).env;
    const opsOf = await plannedOps(project, timeEnv);
    expect(opsOf("UcsClusterKubeconfig::ucs")).toEqual(["update"]);
    // In place: a replacement would replace everything the Provider manages.
    expect(opsOf("::ucsKubernetes")).toEqual(["update"]);
    await project.run(["up", "--yes", "--skip-preview", "--non-interactive"], { env: timeEnv });
    const renewed = await stackOutputs();
    keys["renewed ucs private key"] = privateKeyOf(renewed.ucsKubeconfig);
    expect(renewed.ucsRenewAt).not.toBe(o.ucsRenewAt);
    expect(renewed.ucsClusterIdentifier).toBe(o.ucsClusterIdentifier);
  });

  it("pulumi destroy removes everything, the connection's VPC endpoint included", async () => {
    await project.run(["destroy", "--yes", "--skip-preview", "--non-interactive"], { env: timeEnv });
    expect(emu.state.vpcEndpoints.find((e) => e.id === outs.fleetVpcEndpointId)?.deletedAt).toBeDefined();
  });
});
