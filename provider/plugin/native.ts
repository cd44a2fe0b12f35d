/**
 * The resources as a native Pulumi provider: the steps of provider/index.ts (the same check, diff, create, read,
 * update and delete the dynamic resources run) behind the calls of Pulumi's resource provider protocol, on plain
 * values. What the dynamic SDK does in the program is done here from what the engine sends: the owner identity
 * of a FleetFederationConnection comes from the URN, secret outputs are marked secret in the answer, and the
 * provider's configuration (`cloud-kubeconfig:<name>`) stands where the dynamic provider reads the stack config.
 * provider/plugin/server.ts speaks the gRPC.
 */
import { certificateAuthorityOf, configure, provider } from "../index";
import { providerConfigName, STACK_CONFIG_KEYS } from "../resources/context";
import { KINDS, kindOfToken, PACKAGE, secretOutputNames, type ResourceKind } from "../resources/kinds";
import { isUnknown, UNKNOWN, type Inputs, type Outputs } from "../resources/lifecycle";
import { InvalidInputError } from "../errors";

/** How Pulumi's wire format marks a secret: `{ [SIG_KEY]: SECRET_SIG, value }`. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

/** `v` with every secret replaced by its value. */
export function unwrapSecrets(v: unknown): any {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[SIG_KEY] === SECRET_SIG) return unwrapSecrets(o.value);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = unwrapSecrets(x);
    return out;
  }
  return v;
}

/** `props` with the kind's secret properties (present ones) marked secret. */
function markSecrets(kind: ResourceKind, props: Record<string, unknown>, names = secretOutputNames(kind)) {
  const out = { ...props };
  for (const n of names) if (out[n] !== undefined && out[n] !== null) out[n] = secret(out[n]);
  return out;
}

/** The parts of a resource URN: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:"))
    throw new InvalidInputError(`not a resource URN: ${urn}`);
  const types = parts[2].split("$");
  return {
    stack: parts[0].slice("urn:pulumi:".length),
    project: parts[1],
    type: types[types.length - 1],
    name: parts.slice(3).join("::"),
  };
}

function kindOf(urn: string): ResourceKind {
  const { type } = parseUrn(urn);
  const kind = kindOfToken(type);
  if (!kind) throw new InvalidInputError(`unknown resource type ${type} (this is the ${PACKAGE} provider)`);
  return kind;
}

/**
 * The provider's configuration as the stack config keys the resources read: `cloud-kubeconfig:huaweicloudAccessKey`
 * (a variable) or `huaweicloudAccessKey` (an argument, secrets unwrapped) is `huaweicloud:accessKey`.
 */
export function stackConfigOf(variables: Record<string, string>, args: Record<string, unknown> = {}) {
  const plainArgs = unwrapSecrets(args) as Record<string, unknown>;
  const config: Record<string, string> = {};
  for (const key of STACK_CONFIG_KEYS) {
    const name = providerConfigName(key);
    const fromArgs = plainArgs[name];
    const value = typeof fromArgs === "string" ? fromArgs : variables[`${PACKAGE}:${name}`];
    if (value !== undefined && value !== "" && value !== UNKNOWN) config[key] = value;
  }
  return config;
}

export interface CheckAnswer {
  inputs: Inputs;
  failures: { property: string; reason: string }[];
}

/**
 * `certificateAuthorityData`, which the dynamic state leaves to the kubeconfig (`fromKubeconfig`), read from it: the
 * plugin's schema declares it, and its programs have no class to read it.
 */
function withKubeconfigFacts(outs: Outputs): Outputs {
  if (typeof outs.kubeconfig !== "string" || outs.kubeconfig === "" || outs.certificateAuthorityData !== undefined) {
    return outs;
  }
  return { ...outs, certificateAuthorityData: certificateAuthorityOf(outs.kubeconfig) };
}

/** The provider protocol's resource calls, for every kind of the package. */
export const nativeProvider = {
  /** `Configure`: from now on the resources read this configuration where the dynamic ones read stack config. */
  async configure(variables: Record<string, string>, args?: Record<string, unknown>): Promise<void> {
    const config = stackConfigOf(variables, args);
    await configure({ config: { get: (key: string) => config[key] } });
  },

  async check(urn: string, olds: Inputs, news: Inputs): Promise<CheckAnswer> {
    const kind = kindOf(urn);
    const spec = KINDS[kind];
    const inputs: Inputs = unwrapSecrets(news);
    if (spec.ownerInput) {
      // The identity the SDK class gives in a TypeScript program: `<project>/<stack>/<kind>/<name>`.
      const { project, stack, name } = parseUrn(urn);
      inputs[spec.ownerInput] = `${project}/${stack}/${kind}/${name}`;
    }
    // In a preview, inputs from other resources may not be known yet: they are checked when they are.
    if (isUnknown(inputs)) return { inputs: markSecrets(kind, inputs, spec.secretInputs), failures: [] };
    const r = await provider(kind).check(unwrapSecrets(olds), inputs);
    return { inputs: markSecrets(kind, r.inputs, spec.secretInputs), failures: r.failures };
  },

  async diff(id: string, urn: string, olds: Outputs, news: Inputs) {
    return provider(kindOf(urn)).diff(id, unwrapSecrets(olds), unwrapSecrets(news));
  },

  async create(urn: string, inputs: Inputs): Promise<{ id: string; outs: Outputs }> {
    const kind = kindOf(urn);
    const r = await provider(kind).create(unwrapSecrets(inputs));
    return { id: r.id, outs: markSecrets(kind, withKubeconfigFacts(r.outs)) };
  },

  /** A resource the vendor says is gone has the empty id. */
  async read(id: string, urn: string, props: Outputs): Promise<{ id: string; props: Outputs }> {
    const kind = kindOf(urn);
    const r = await provider(kind).read(id, unwrapSecrets(props));
    return { id: r.id, props: r.id === "" ? {} : markSecrets(kind, withKubeconfigFacts(r.props)) };
  },

  async update(id: string, urn: string, olds: Outputs, news: Inputs): Promise<{ outs: Outputs }> {
    const kind = kindOf(urn);
    const r = await provider(kind).update(id, unwrapSecrets(olds), unwrapSecrets(news));
    return { outs: markSecrets(kind, withKubeconfigFacts(r.outs)) };
  },

  async delete(id: string, urn: string, props: Outputs): Promise<void> {
    await provider(kindOf(urn)).delete(id, unwrapSecrets(props));
  },

  /** The init failure's recorded properties, with the kind's secrets marked. */
  secretProperties(urn: string, props: Record<string, unknown>): Record<string, unknown> {
    return markSecrets(kindOf(urn), props);
  },
};
