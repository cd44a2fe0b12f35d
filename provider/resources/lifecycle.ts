/**
 * The lifecycle every resource shares: check (zod, one failure per field), diff (identity replaces,
 * settings update, renewal decided here so a plain `pulumi up` renews), create/update (issue, normalize,
 * inspect, plain-JSON outputs), read (never mints), delete. Each resource file supplies only what its
 * vendor call needs (`KindImpl`).
 */
import type { ExecUser, PreparedKubeconfig } from "../kubeconfig";
import type { ProviderContext } from "./context";
import { COMMON_OUTPUTS, KINDS, clusterIdentifierOf, type ResourceKind } from "./kinds";
import { impersonationFailures } from "./inputs";

/** Pulumi's sentinel for values unknown during preview (sdk `runtime/rpc` `unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CheckFailure {
  property: string;
  reason: string;
}

export type Inputs = Record<string, any>;
export type Outputs = Record<string, any>;

/** What a resource's vendor call produced. */
export interface Issued {
  prepared: PreparedKubeconfig;
  /** Kind-specific outputs (`portId`, `vpcEndpointId`, …). */
  extra?: Record<string, string | number | boolean>;
}

/** What a resource supplies to the shared lifecycle; every step gets the provider's context. */
export interface KindImpl {
  kind: ResourceKind;
  /** Checks zod cannot express (time windows at `ctx.now()`, combinations, settings). */
  extraCheck?(ctx: ProviderContext, inputs: Inputs): CheckFailure[];
  /** Mints a credential. `previous` is set on update (renewal). */
  issue(ctx: ProviderContext, inputs: Inputs, previous?: Outputs): Promise<Issued>;
  /** For read: false only when the vendor says the cluster or fleet is gone. Never mints. */
  exists?(ctx: ProviderContext, outputs: Outputs): Promise<boolean>;
  /** For read, instead of `exists`: the outputs as the vendor now has them, `undefined` when gone. Never mints. */
  read?(ctx: ProviderContext, outputs: Outputs): Promise<Outputs | undefined>;
  /** Engine-internal inputs (`__…`) the kind needs in `issue`, kept through `check`. */
  hiddenInputs?: string[];
  /** For delete: cleanup of what create made (VPC endpoint, revocation). */
  destroy?(ctx: ProviderContext, outputs: Outputs): Promise<void>;
  /** Default renewal lead when `renewBeforeDays` is absent; `undefined` = renewal off. */
  defaultRenewBeforeMs?(lifetimeMs: number, inputs: Inputs): number | undefined;
}

/** Whether `v` is, or holds, a value unknown during preview. */
export function isUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(isUnknown);
  if (v && typeof v === "object") return Object.values(v).some(isUnknown);
  return false;
}

/** Inputs without the engine's own properties (`__provider`, …). */
export function userInputs(props: Inputs): Inputs {
  const out: Inputs = {};
  for (const [k, v] of Object.entries(props ?? {})) if (!k.startsWith("__") && v !== undefined) out[k] = v;
  return out;
}

/** `check`: one failure per problem, naming the field and what is allowed; nothing throws. */
export function checkInputs(
  impl: KindImpl,
  news: Inputs,
  ctx: ProviderContext,
): { inputs: Inputs; failures: CheckFailure[] } {
  const spec = KINDS[impl.kind];
  const raw = userInputs(news);
  const unknownKeys = new Set(Object.keys(raw).filter((k) => isUnknown(raw[k])));
  const parsed = spec.inputs.safeParse(raw);
  const failures: CheckFailure[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const top = issue.path.length ? String(issue.path[0]) : "";
      if (unknownKeys.has(top)) continue;
      if (issue.code === "unrecognized_keys") {
        for (const key of (issue as { keys?: string[] }).keys ?? []) {
          failures.push({ property: path(issue.path, key) || "(inputs)", reason: `unknown property "${key}"` });
        }
        continue;
      }
      failures.push({ property: path(issue.path) || "(inputs)", reason: issue.message });
    }
  }
  if (failures.length === 0) failures.push(...impersonationFailures(raw, unknownKeys));
  const hidden: Inputs = {};
  for (const key of impl.hiddenInputs ?? []) if (news && news[key] !== undefined) hidden[key] = news[key];
  if (failures.length === 0 && impl.extraCheck) {
    const seen = { ...raw, ...hidden };
    failures.push(...impl.extraCheck(ctx, seen).filter((f) => !unknownKeys.has(f.property)));
  }
  const inputs: Inputs = plain({ ...raw, ...hidden });
  // Known from the inputs, so known during preview (see clusterIdentifierOf).
  if (failures.length === 0 && !unknownKeys.has(spec.idInput) && !unknownKeys.has("endpoint")) {
    inputs.clusterIdentifier = clusterIdentifierOf(impl.kind, raw);
  }
  inputs[CHECKED_AT_KEY] = ctx.now().toISOString();
  return { inputs, failures };
}

function path(p: readonly PropertyKey[], last?: string): string {
  const parts = p.map(String);
  if (last !== undefined) parts.push(last);
  return parts.join(".");
}

export interface DiffDecision {
  changes: boolean;
  replaces: string[];
  /** Why an update is planned. */
  reasons: string[];
}

/**
 * When `check` ran for these inputs (a hidden input, so user inputs and diffs ignore it). Renewal is due when
 * the inputs being applied were checked at or after `renewAt`, not when the clock says so: `up` and `preview`
 * check the program's inputs first, but `refresh` diffs the inputs stored at the last `up` without a check
 * (pulumi pkg/resource/deploy/step.go, RefreshStep.Apply: Read, then Diff(refreshed outputs, stored inputs)),
 * and those were checked before `renewAt`, or that `up` would have renewed. So refresh reports only what the
 * vendor says, and renewal stays with `up`.
 */
export const CHECKED_AT_KEY = "__checkedAt";

/** The check stamp of `news`; inputs without one (state from an older version) fall back to the clock. */
function checkedAt(news: Inputs, ctx: Pick<ProviderContext, "now">): number {
  const stamp = news && typeof news[CHECKED_AT_KEY] === "string" ? Date.parse(news[CHECKED_AT_KEY]) : NaN;
  return Number.isNaN(stamp) ? ctx.now().getTime() : stamp;
}

/** `diff`: identity replaces, settings update, credentials never diff, and renewal is due at `renewAt`. */
export function diffInputs(
  kind: ResourceKind,
  olds: Outputs,
  news: Inputs,
  ctx: Pick<ProviderContext, "now">,
): DiffDecision {
  const spec = KINDS[kind];
  const oldIn = inputsOf(kind, olds);
  const newIn = userInputs(news);
  const replaces: string[] = [];
  const reasons: string[] = [];
  const keys = new Set([...Object.keys(oldIn), ...Object.keys(newIn)]);
  const declared = Object.keys(spec.inputs.shape);
  for (const key of keys) {
    // Derived values (clusterIdentifier from check) follow the inputs they come from.
    if (spec.ignoreChanges.includes(key) || !declared.includes(key)) continue;
    if (stableJson(oldIn[key]) === stableJson(newIn[key]) && !isUnknown(newIn[key])) continue;
    if (spec.replaceOnChanges.includes(key)) replaces.push(key);
    else reasons.push(`${key} changed`);
  }
  const renewAt = typeof olds.renewAt === "string" && olds.renewAt ? Date.parse(olds.renewAt) : NaN;
  if (!Number.isNaN(renewAt) && checkedAt(news, ctx) >= renewAt) reasons.push(`renewal due since ${olds.renewAt}`);
  if (typeof olds.kubeconfig !== "string" || olds.kubeconfig === "") reasons.push("no kubeconfig in state");
  return { changes: replaces.length > 0 || reasons.length > 0, replaces, reasons };
}

/**
 * The inputs a resource was made from. Dynamic providers see only old outputs in diff and delete, and some
 * names are both an input (what was asked, e.g. `endpoint` left to its default) and an output (what was
 * resolved), so the outputs keep a copy of the inputs as given, without credentials (kept secret apart).
 */
export const INPUTS_KEY = "__inputs";

function inputsOf(kind: ResourceKind, outputs: Outputs): Inputs {
  const stored = outputs && outputs[INPUTS_KEY];
  const out: Inputs = {};
  if (stored && typeof stored === "object") Object.assign(out, stored);
  else {
    // State written without the copy: the echoed input names are the best we have.
    for (const n of Object.keys(KINDS[kind].inputs.shape)) if (outputs && outputs[n] !== undefined) out[n] = outputs[n];
  }
  if (outputs && outputs.credentials !== undefined) out.credentials = outputs.credentials;
  return out;
}

/**
 * What read and delete work from: the outputs over the inputs they were made from. The outputs hold each input
 * once (`__inputs`) rather than echoed at the top level; state written with the echo reads the same.
 */
export function stateView(kind: ResourceKind, outputs: Outputs): Outputs {
  return { ...inputsOf(kind, outputs), ...outputs };
}

/** The credentials input, the one input kept at the top level of the outputs (secret, never in `__inputs`). */
export function credentialsOf(inputs: Inputs): Outputs {
  return inputs && inputs.credentials !== undefined ? { credentials: inputs.credentials } : {};
}

/**
 * The copy of the inputs kept in the outputs: credentials are kept secret apart, and `clusterIdentifier` (which check
 * derives from the inputs) is an output already.
 */
export function inputsAsGiven(inputs: Inputs): Inputs {
  const { credentials: _credentials, clusterIdentifier: _derived, ...asGiven } = userInputs(inputs);
  return asGiven;
}

/**
 * Builds the full, plain-JSON output set of a create or update. With `exec` (credentialMode `exec`) the kubeconfig's
 * user runs that command instead of holding the issued credential, which goes nowhere: no key, no expiry and no
 * renewal in state.
 */
/** The kubeconfig writer (and its YAML library), loaded by the first create rather than by `check`. */
const serializer = () =>
  require("../kubeconfig/serialize-kubeconfig") as typeof import("../kubeconfig/serialize-kubeconfig");

export function buildOutputs(impl: KindImpl, inputs: Inputs, issued: Issued, exec?: ExecUser): Outputs {
  const p = issued.prepared;
  const renewAt = exec ? undefined : renewalTime(impl, inputs, p);
  const outs: Outputs = {
    ...credentialsOf(inputs),
    kubeconfig: serializer().withKubeconfigOptions(p.yaml, {
      exec,
      proxyUrl: inputs.proxyUrl,
      tlsServerName: inputs.tlsServerName,
      impersonate: { user: inputs.impersonateUser, uid: inputs.impersonateUid, groups: inputs.impersonateGroups },
    }),
    server: p.server,
    endpoint: p.endpoint,
    contextName: p.contextName,
    clusterIdentifier: clusterIdentifierOf(impl.kind, inputs),
    authType: exec ? "exec" : p.authType,
    issuedAt: (!exec && p.certificate?.notBefore) || "",
    expiresAt: (!exec && p.certificate?.notAfter) || "",
    renewAt: renewAt ?? "",
    ...(issued.extra ?? {}),
  };
  outs[INPUTS_KEY] = inputsAsGiven(inputs);
  for (const [k, o] of Object.entries(COMMON_OUTPUTS)) if (outs[k] === undefined && !o.fromKubeconfig) outs[k] = "";
  return plain(outs);
}

/** notAfter − renewBeforeDays (or the kind's default lead). Token users (no expiry) never renew by time. */
export function renewalTime(impl: KindImpl, inputs: Inputs, p: PreparedKubeconfig): string | undefined {
  if (!p.certificate) return undefined;
  const notAfter = Date.parse(p.certificate.notAfter);
  const notBefore = Date.parse(p.certificate.notBefore);
  const lifetime = Math.max(0, notAfter - notBefore);
  const lead =
    typeof inputs.renewBeforeDays === "number"
      ? inputs.renewBeforeDays * DAY_MS
      : impl.defaultRenewBeforeMs
        ? impl.defaultRenewBeforeMs(lifetime, inputs)
        : Math.floor(lifetime / 3);
  if (lead === undefined) return undefined;
  return new Date(Math.max(notBefore, notAfter - lead)).toISOString();
}

/** Outputs must be plain JSON: no undefined, Buffer, Date or Output (docs/pulumi-dynamic.md §1.3). */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

function stableJson(v: unknown): string {
  if (v === undefined) return "undefined";
  return JSON.stringify(sortDeep(v));
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
