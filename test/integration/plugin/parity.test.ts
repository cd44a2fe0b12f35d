/**
 * Parity of the two ways to run the resources: the same inputs through the dynamic provider (provider/index.ts,
 * configured from stack config) and through the provider plugin's calls (provider/plugin/native.ts, configured
 * from the plugin's configuration `cloud-kubeconfig:*`) against one emulator give the same checked inputs,
 * the same outputs (the credential itself aside), the same diff and renewal decisions and the same errors. The
 * plugin answers with its secret outputs marked secret, takes the owner identity from the URN, and reads a
 * resource the vendor says is gone as the empty id.
 */
import { load } from "js-yaml";
import { NOW_ENV, provider, type ResourceKind } from "../../../provider";
import { nativeProvider, SECRET_SIG, SIG_KEY, stackConfigOf, unwrapSecrets } from "../../../provider/plugin/native";
import { KINDS, packageToken, secretOutputNames } from "../../../provider/resources/kinds";
import * as rig from "../../support/reliability-harness";
import { rejectionOf } from "../../support/failures";
import { pluginConfig } from "../../support/plugin-config";

jest.setTimeout(120_000);

let emu: rig.EmulatorHandle;
rig.useEmulator({ configure: "never" }, (e) => (emu = e));
// One instant for both runs, so the times they record (`__checkedAt`, renewal) can be compared.
beforeAll(() => (process.env[NOW_ENV] = new Date().toISOString()));
afterAll(() => delete process.env[NOW_ENV]);

const dynamic = async (kind: ResourceKind) => {
  await rig.configureAt(emu);
  return provider(kind);
};
const native = async () => {
  await nativeProvider.configure(pluginConfig(rig.stackConfig(emu)).config);
  return nativeProvider;
};

/** The URN the engine gives a resource `name` of `kind` in project `reliability`, stack `test`. */
const urnOf = (kind: ResourceKind, name: string) => `urn:pulumi:test::reliability::${packageToken(kind)}::${name}`;

/** Outputs that belong to one credential (its key, its times) or to one vendor object (the endpoint made). */
const PER_CREDENTIAL = ["kubeconfig", "issuedAt", "expiresAt", "renewAt", "vpcEndpointId", "__effective"];
const withoutCredential = (o: rig.Props) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !PER_CREDENTIAL.includes(k)));

/** The CA of a single-context kubeconfig, read with the YAML library (empty when the endpoint skips TLS checks). */
const caOfKubeconfig = (kubeconfig: string): string =>
  (load(kubeconfig) as { clusters: { cluster: Record<string, string> }[] }).clusters[0].cluster[
    "certificate-authority-data"
  ] ?? "";

const CASES: Array<[ResourceKind, keyof ReturnType<typeof rig.inputsFor>, string]> = [
  ["UcsClusterKubeconfig", "ucs", "ucs"],
  ["CceClusterKubeconfig", "cce", "cce"],
  ["FleetFederationConnection", "connection", "connection"],
  ["FleetFederationKubeconfig", "federationKubeconfig", "fleet-kubeconfig"],
  ["TkeClusterKubeconfig", "tke", "tke"],
];

describe.each(CASES)("%s", (kind, inputsKey, name) => {
  const urn = urnOf(kind, name);
  const inputs = () => rig.inputsFor(emu)[inputsKey] as rig.Props;
  /** The program's inputs: the dynamic SDK adds `__owner` itself, the plugin takes it from the URN. */
  const programInputs = () => {
    const { __owner: _owner, ...rest } = inputs();
    return rest;
  };

  it("check, create, diff and renewal decide the same; only the credential differs", async () => {
    const d = await dynamic(kind);
    const dChecked = await d.check({}, inputs());
    const n = await native();
    const nChecked = await n.check(urn, {}, programInputs());
    expect(nChecked.failures).toEqual(dChecked.failures);
    expect(unwrapSecrets(nChecked.inputs)).toEqual(dChecked.inputs);

    await rig.configureAt(emu);
    const dMade = await d.create(dChecked.inputs);
    rig.clearVpcEndpoints(emu);
    await native();
    const nMade = await n.create(urn, nChecked.inputs);
    expect(nMade.id).toBe(dMade.id);
    const { certificateAuthorityData: nCa, ...nOuts } = unwrapSecrets(nMade.outs);
    expect(Object.keys(nOuts).sort()).toEqual(Object.keys(dMade.outs).sort());
    expect(withoutCredential(nOuts)).toEqual(withoutCredential(dMade.outs));
    // The dynamic state leaves the CA to the kubeconfig (the TypeScript class reads it there); the plugin's
    // answer carries it, as its schema declares.
    expect(dMade.outs).not.toHaveProperty("certificateAuthorityData");
    expect(nCa).toBe(caOfKubeconfig(nOuts.kubeconfig));
    // Secret outputs are marked secret in the plugin's answer, whatever the program's language.
    for (const o of secretOutputNames(kind).filter((o) => nMade.outs[o] !== undefined))
      expect({ o, sig: nMade.outs[o][SIG_KEY] }).toEqual({ o, sig: SECRET_SIG });

    // Unchanged inputs: no change either way; a changed identity input: the same replacement.
    const same = await n.diff(nMade.id, urn, nMade.outs, nChecked.inputs);
    expect(same).toEqual(await d.diff(dMade.id, dMade.outs, dChecked.inputs));
    expect(same.changes).toBe(false);
    const moved = { ...programInputs(), [KINDS[kind].idInput]: inputs()[KINDS[kind].idInput].replace(/.$/, "0") };
    const nMoved = await n.check(urn, {}, moved);
    await rig.configureAt(emu);
    const dMoved = await d.check({}, { ...moved, ...(KINDS[kind].ownerInput ? { __owner: inputs().__owner } : {}) });
    await native();
    const replaced = await n.diff(nMade.id, urn, nMade.outs, nMoved.inputs);
    expect(replaced).toEqual(await d.diff(dMade.id, dMade.outs, dMoved.inputs));
    expect(replaced.replaces).toContain(KINDS[kind].idInput);

    // Past renewAt (when the kind renews by default): the same in-place renewal.
    if (dMade.outs.renewAt) {
      const checkedAt = process.env[NOW_ENV]!;
      process.env[NOW_ENV] = new Date(Date.parse(dMade.outs.renewAt) + 60_000).toISOString();
      try {
        const nDue = await n.diff(nMade.id, urn, nMade.outs, (await n.check(urn, {}, programInputs())).inputs);
        await rig.configureAt(emu);
        const dDue = await d.diff(dMade.id, dMade.outs, (await d.check({}, inputs())).inputs);
        expect(nDue).toEqual(dDue);
        expect(nDue).toMatchObject({ changes: true, replaces: [] });
      } finally {
        process.env[NOW_ENV] = checkedAt;
      }
    }
  });

  it("bad inputs and a vendor's refusal give the same failures and errors", async () => {
    const withOwner = (i: rig.Props) => ({ ...i, ...(KINDS[kind].ownerInput ? { __owner: inputs().__owner } : {}) });
    const bad = { ...programInputs(), [KINDS[kind].idInput]: "not an id/.." };
    const n = await native();
    const nBad = await n.check(urn, {}, bad);
    const d = await dynamic(kind);
    const dBad = await d.check({}, withOwner(bad));
    expect(nBad.failures.length).toBeGreaterThan(0);
    expect(nBad.failures).toEqual(dBad.failures);

    // A well-formed id the vendor does not know: the same not-found error (request ids aside).
    const unknown = { ...programInputs(), [KINDS[kind].idInput]: inputs()[KINDS[kind].idInput].replace(/.$/, "0") };
    const dErr = await rejectionOf(d.create((await d.check({}, withOwner(unknown))).inputs));
    await native();
    const nErr = await rejectionOf(n.create(urn, (await n.check(urn, {}, unknown)).inputs));
    const normal = (m: string) => m.replace(/request id [^)\s]+/g, "request id …");
    expect(normal(nErr.message)).toBe(normal(dErr.message));
    expect(nErr.code).toBe(dErr.code);
  });
});

describe("the plugin's own rules", () => {
  it("reads a resource whose cluster the vendor no longer has as gone (the empty id)", async () => {
    const n = await native();
    const urn = urnOf("TkeClusterKubeconfig", "tke");
    const made = await n.create(urn, (await n.check(urn, {}, rig.inputsFor(emu).tke)).inputs);
    const gone = { ...made.outs, clusterId: "cls-00000000" };
    expect(await n.read(made.id, urn, gone)).toEqual({ id: "", props: {} });
    expect((await n.read(made.id, urn, made.outs)).id).toBe(made.id);
  });

  it("without credentials in its configuration, takes them from the same environment variables", async () => {
    const { "huaweicloud:accessKey": ak, "huaweicloud:secretKey": sk, ...rest } = rig.stackConfig(emu);
    const { "tencentcloud:secretId": id, "tencentcloud:secretKey": key, ...settings } = rest;
    const env = { HW_ACCESS_KEY: ak, HW_SECRET_KEY: sk, TENCENTCLOUD_SECRET_ID: id, TENCENTCLOUD_SECRET_KEY: key };
    Object.assign(process.env, env);
    try {
      await nativeProvider.configure(pluginConfig(settings).config);
      for (const [kind, key] of [
        ["UcsClusterKubeconfig", "ucs"],
        ["TkeClusterKubeconfig", "tke"],
      ] as const) {
        const urn = urnOf(kind, `${key}-env`);
        const made = await nativeProvider.create(
          urn,
          (await nativeProvider.check(urn, {}, rig.inputsFor(emu)[key])).inputs,
        );
        expect(made.id).toBe(unwrapSecrets(made.outs).clusterIdentifier);
      }
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
  });

  it("takes its configuration from variables or from arguments, secrets unwrapped, and ignores the rest", () => {
    const secret = { [SIG_KEY]: SECRET_SIG, value: "fake-secret-from-args" };
    expect(
      stackConfigOf(
        {
          "cloud-kubeconfig:huaweicloudRegion": "cn-north-4",
          "cloud-kubeconfig:unknownKey": "x",
          "other:caBundle": "y",
        },
        { huaweicloudSecretKey: secret, caBundle: "/ca.pem" },
      ),
    ).toEqual({
      "huaweicloud:region": "cn-north-4",
      "huaweicloud:secretKey": "fake-secret-from-args",
      "cloudkubeconfig:caBundle": "/ca.pem",
    });
  });

  it("refuses a type token that is not one of its resources, naming it", async () => {
    const n = await native();
    const err = await rejectionOf(n.check("urn:pulumi:test::reliability::cloud-kubeconfig:index:Other::x", {}, {}));
    expect(err.message).toContain("cloud-kubeconfig:index:Other");
  });
});
