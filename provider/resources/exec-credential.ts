/**
 * `credentialMode: exec`: the kubeconfig user that runs the package's command (`<execCommand> credential …`,
 * docs/cli.md) for the same cluster, endpoint and place as the resource. Its arguments are the inputs that
 * decide the credential (never `credentials`), the settings that locate the resource (region, project, account,
 * as recorded), and the non-secret settings the resource was made with (endpoint overrides, CA bundle, …), so
 * the command reaches the same API; the credentials come from the environment of the machine that runs it.
 */
import type { ExecUser } from "../kubeconfig";
import { SECRET_CONFIG_KEYS, STACK_CONFIG_KEYS, type ProviderContext } from "./context";
import { effectiveSettings } from "./effective-settings";
import { CLI_KINDS, cliKindOf, KINDS, type ResourceKind } from "./kinds";
import type { Inputs } from "./lifecycle";

export const DEFAULT_EXEC_COMMAND = "pulumi-cloud-kubeconfig";

/** Inputs that shape the kubeconfig or the mode, not the credential. */
const NOT_FOR_THE_CREDENTIAL = new Set([
  "credentials",
  "credentialMode",
  "execCommand",
  "contextName",
  "clusterName",
  "userName",
  "namespace",
  "renewBeforeDays",
  "proxyUrl",
  "tlsServerName",
  "impersonateUser",
  "impersonateUid",
  "impersonateGroups",
]);

/** The exec user of `kind` with `inputs`, or undefined in certificate mode. */
export function execUserOf(kind: ResourceKind, inputs: Inputs, ctx: ProviderContext): ExecUser | undefined {
  if (inputs.credentialMode !== "exec") return undefined;
  const cliKind = cliKindOf(kind);
  const accepts = new Set(Object.keys(KINDS[CLI_KINDS[cliKind]].inputs.shape));
  const given: Record<string, unknown> = { ...inputs };
  for (const [name, value] of Object.entries(effectiveSettings(ctx, kind, inputs))) given[name] ??= value;
  const args = ["credential", "--kind", cliKind];
  for (const [name, value] of Object.entries(given)) {
    if (name.startsWith("__") || NOT_FOR_THE_CREDENTIAL.has(name) || !accepts.has(name) || value === undefined)
      continue;
    args.push(`--${name}`, String(value));
  }
  const module = KINDS[kind].module;
  for (const key of STACK_CONFIG_KEYS) {
    const value = ctx.config[key];
    const ours = key.startsWith(`${module}:`) || key.startsWith("cloudkubeconfig:");
    if (value !== undefined && ours && !SECRET_CONFIG_KEYS.includes(key)) args.push("--config", `${key}=${value}`);
  }
  return { command: inputs.execCommand ?? DEFAULT_EXEC_COMMAND, args };
}
