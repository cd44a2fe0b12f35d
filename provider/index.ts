/**
 * Entry point the serialized `__provider` shims require at call time
 * (`require("pulumi-cloud-kubeconfig/provider")`). Thin: it adapts the shared lifecycle to Pulumi's
 * dynamic-provider interface and loads only the resource module a call needs.
 */
import { KINDS, type ResourceKind } from "./resources/kinds";
import {
  buildOutputs,
  checkInputs,
  diffInputs,
  stateView,
  type KindImpl,
  type Inputs,
  type Outputs,
} from "./resources/lifecycle";
import { configureContext, contextWith, type ProviderContext } from "./resources/context";
import { EFFECTIVE_KEY, effectiveSettings, movedSettings, withRecordedSettings } from "./resources/effective-settings";

export { NOW_ENV } from "./resources/clock";
/** See kubeconfig/merge-kubeconfigs.ts; loaded on first use (it brings the YAML library). */
export const mergeKubeconfigs: typeof import("./kubeconfig/merge-kubeconfigs").mergeKubeconfigs = (...args) =>
  (require("./kubeconfig/merge-kubeconfigs") as typeof import("./kubeconfig/merge-kubeconfigs")).mergeKubeconfigs(
    ...args,
  );
/** See kubeconfig/certificate-authority.ts; loaded on first use (it brings the YAML library). */
export const certificateAuthorityOf: typeof import("./kubeconfig/certificate-authority").certificateAuthorityOf = (
  kubeconfig,
) =>
  (
    require("./kubeconfig/certificate-authority") as typeof import("./kubeconfig/certificate-authority")
  ).certificateAuthorityOf(kubeconfig);
import { describeError } from "./resources/describe-error";
import { execUserOf } from "./resources/exec-credential";
import { CreatedButIncompleteError } from "./resources/created-but-incomplete";

export type { ResourceKind } from "./resources/kinds";

const loaders: Record<ResourceKind, () => KindImpl> = {
  UcsClusterKubeconfig: () => require("./resources/ucs-cluster-kubeconfig").ucsClusterKubeconfig,
  CceClusterKubeconfig: () => require("./resources/cce-cluster-kubeconfig").cceClusterKubeconfig,
  FleetFederationConnection: () => require("./resources/fleet-federation-connection").fleetFederationConnection,
  FleetFederationKubeconfig: () => require("./resources/fleet-federation-kubeconfig").fleetFederationKubeconfig,
  TkeClusterKubeconfig: () => require("./resources/tke-cluster-kubeconfig").tkeClusterKubeconfig,
};

/** `configure()`: the process's context reads this stack config (credentials, regions, endpoints) from now on. */
export async function configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
  configureContext((key) => req.config.get(key));
}

export interface DynamicProvider {
  check(olds: Inputs, news: Inputs): Promise<{ inputs: Inputs; failures: { property: string; reason: string }[] }>;
  diff(
    id: string,
    olds: Outputs,
    news: Inputs,
  ): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace?: boolean }>;
  create(inputs: Inputs): Promise<{ id: string; outs: Outputs }>;
  read(id: string, props: Outputs): Promise<{ id: string; props: Outputs }>;
  update(id: string, olds: Outputs, news: Inputs): Promise<{ outs: Outputs }>;
  delete(id: string, props: Outputs): Promise<void>;
}

/**
 * The dynamic-provider methods of one resource kind, every step in one context: the process's, with `parts`
 * replaced (a test's fixed clock, stack config, fake transport or warning sink).
 */
export function provider(kind: ResourceKind, parts?: Partial<ProviderContext>): DynamicProvider {
  const impl = (): KindImpl => loaders[kind]();
  const ctx = contextWith(parts);
  return {
    async check(_olds, news) {
      return checkInputs(impl(), news, ctx);
    },
    async diff(_id, olds, news) {
      const d = diffInputs(kind, olds, news, ctx);
      // Made elsewhere than the settings now say (stack config or environment changed): a replacement.
      for (const moved of movedSettings(olds, effectiveSettings(ctx, kind, news))) {
        if (!d.replaces.includes(moved)) d.replaces.push(moved);
        d.changes = true;
      }
      const deleteBeforeReplace = d.replaces.length > 0 && KINDS[kind].deleteBeforeReplace === true;
      return { changes: d.changes, replaces: d.replaces, ...(deleteBeforeReplace ? { deleteBeforeReplace } : {}) };
    },
    async create(inputs) {
      const i = impl();
      const issued = await wrap(kind, "create", () => i.issue(ctx, inputs)).catch((err) => {
        // A created-but-failed resource is recorded with these properties, and destroy/refresh load the
        // provider from them: the engine's server adds `__provider` only to successful results.
        if (err instanceof CreatedButIncompleteError) {
          if (inputs.__provider !== undefined) err.properties.__provider = inputs.__provider;
          err.properties[EFFECTIVE_KEY] = effectiveSettings(ctx, kind, inputs);
        }
        throw err;
      });
      const outs = buildOutputs(i, inputs, issued, execUserOf(kind, inputs, ctx));
      outs[EFFECTIVE_KEY] = effectiveSettings(ctx, kind, inputs);
      return { id: outs.clusterIdentifier, outs };
    },
    // Refresh and destroy act where the resource was made (recorded settings), not where config points now.
    async read(id, props) {
      const i = impl();
      const target = withRecordedSettings(stateView(kind, props));
      if (i.read) {
        const now = await wrap(kind, "read", () => i.read!(ctx, target));
        if (!now) return { id: "", props: {} };
        // Only what the vendor says: the settings filled in from the record stay out of the outputs.
        const out: Outputs = { ...now };
        for (const k of Object.keys(target)) if (!(k in props)) delete out[k];
        return { id, props: out };
      }
      if (i.exists && !(await wrap(kind, "read", () => i.exists!(ctx, target)))) return { id: "", props: {} };
      return { id, props };
    },
    async update(_id, olds, news) {
      const i = impl();
      const issued = await wrap(kind, "update", () => i.issue(ctx, news, olds));
      const outs = buildOutputs(i, { ...news }, issued, execUserOf(kind, news, ctx));
      outs[EFFECTIVE_KEY] = effectiveSettings(ctx, kind, news);
      return { outs };
    },
    async delete(_id, props) {
      const i = impl();
      if (i.destroy) await wrap(kind, "delete", () => i.destroy!(ctx, withRecordedSettings(stateView(kind, props))));
    },
  };
}

async function wrap<T>(kind: ResourceKind, step: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw describeError(kind, step, err);
  }
}
