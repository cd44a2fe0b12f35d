/**
 * Where Tencent Cloud credentials and settings come from: the resource's inputs, the stack config, then the
 * terraform-provider-tencentcloud environment variables (README "Credentials"; docs/endpoints.md). Pure: config
 * and env are passed in.
 *
 * Precedence is input > stack config > environment, per field; the SecretId/SecretKey pair and its token always
 * come from one source together. Every value is returned with where it came from (names, never values).
 */
import { SettingsError } from "../errors";
import { registerSecretValues } from "../http/secret-values";
import type { TencentCredentials } from "./client";

export interface TencentExplicitSettings {
  secretId?: string;
  secretKey?: string;
  securityToken?: string;
  region?: string;
  domain?: string;
  endpoint?: string;
}

export interface ResolveTencentInput {
  explicit?: TencentExplicitSettings;
  /** Stack config keys such as `tencentcloud:secretId`. */
  config?: Record<string, string | undefined>;
  env?: Record<string, string | undefined>;
}

/** The settings other than credentials, and where each came from. */
export interface TencentSettingValues {
  region?: string;
  /**
   * Root domain (`tencentcloud:domain`, `TENCENTCLOUD_DOMAIN`): the host is `tke.{domain}`, as the Tencent SDKs
   * build `{service}.{RootDomain}`; `intl.tencentcloudapi.com` and `{region}.tencentcloudapi.com` are the
   * international and region-specific hosts.
   */
  domain?: string;
  /** Full endpoint override (`tencentcloud:endpoint`). */
  endpoint?: string;
  /**
   * Where each value came from: `input region`, `stack config tencentcloud:domain`, `environment variable
   * TENCENTCLOUD_REGION`; once credentials are resolved also `credentials.secretId`, `credentials.secretKey`,
   * `credentials.securityToken`.
   */
  sources: Record<string, string>;
}

export interface ResolvedTencentSettings extends TencentSettingValues {
  credentials: TencentCredentials;
  /** e.g. `environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY)`: names, never values. */
  source: string;
}

/** A {@link SettingsError} about Tencent Cloud settings. */
export class TencentCredentialsError extends SettingsError {}

type Lookup = (name: string) => string | undefined;

interface Place {
  label: string;
  /** Where one value of this place came from, e.g. `environment variable TENCENTCLOUD_SECRET_ID`. */
  origin: (name: string) => string;
  /** The name a message uses for a lookup name (inputs are nested under `credentials`). */
  shown: (name: string) => string;
  secretId: string;
  secretKey: string;
  token: string;
  get: Lookup;
}

const inputOrigin = (n: string) => `input ${n}`;
const configOrigin = (n: string) => `stack config ${n}`;
const envOrigin = (n: string) => `environment variable ${n}`;
const asIs = (n: string) => n;

/** Resolves credentials, region, root domain and endpoint override. */
export function resolveTencentCredentials(input: ResolveTencentInput): ResolvedTencentSettings {
  const found = pickTencentCredentials(input);
  const values = resolveTencentSettingValues(input);
  return {
    ...values,
    credentials: found.credentials,
    source: found.source,
    sources: { ...values.sources, ...found.sources },
  };
}

export interface PickedTencentCredentials {
  credentials: TencentCredentials;
  /** e.g. `environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY)` */
  source: string;
  /** `credentials.<field>` → where that value came from, e.g. `stack config tencentcloud:secretId`. */
  sources: Record<string, string>;
}

/** The credentials alone: the SecretId/SecretKey pair (with its token) from the first place that has one. */
export function pickTencentCredentials(input: ResolveTencentInput): PickedTencentCredentials {
  const explicit = input.explicit || {};
  const fromExplicit: Lookup = (n) => clean((explicit as Record<string, unknown>)[n]);
  const fromConfig: Lookup = (n) => clean(input.config && input.config[n]);
  const fromEnv: Lookup = (n) => clean(input.env && input.env[n]);
  const inCredentials = (n: string) => `credentials.${n}`;
  const places: Place[] = [
    {
      label: "input",
      origin: (n) => inputOrigin(inCredentials(n)),
      shown: inCredentials,
      secretId: "secretId",
      secretKey: "secretKey",
      token: "securityToken",
      get: fromExplicit,
    },
    {
      label: "stack config",
      origin: configOrigin,
      shown: asIs,
      secretId: "tencentcloud:secretId",
      secretKey: "tencentcloud:secretKey",
      token: "tencentcloud:securityToken",
      get: fromConfig,
    },
    {
      label: "environment",
      origin: envOrigin,
      shown: asIs,
      secretId: "TENCENTCLOUD_SECRET_ID",
      secretKey: "TENCENTCLOUD_SECRET_KEY",
      token: "TENCENTCLOUD_SECURITY_TOKEN",
      get: fromEnv,
    },
  ];
  const looked = places.map(
    (p) => `${p.label} ${p.shown(p.secretId)} + ${p.shown(p.secretKey)} (+ ${p.shown(p.token)})`,
  );
  const incomplete = (p: Place, present: string, missing: string) =>
    new TencentCredentialsError(
      "CREDENTIALS_INCOMPLETE",
      // Falling through to another source would pair an id with someone else's key.
      `Tencent Cloud credentials incomplete in ${p.label}: ${present} is set but ${missing} is not`,
      looked,
    );

  let found: PickedTencentCredentials | undefined;
  for (const p of places) {
    const id = p.get(p.secretId);
    const key = p.get(p.secretKey);
    const token = p.get(p.token);
    if (id && key) {
      const fields: Array<[string, string]> = [
        ["secretId", p.secretId],
        ["secretKey", p.secretKey],
      ];
      if (token) fields.push(["securityToken", p.token]);
      const sources: Record<string, string> = {};
      for (const [field, name] of fields) sources[`credentials.${field}`] = p.origin(name);
      found = {
        credentials: token ? { secretId: id, secretKey: key, token } : { secretId: id, secretKey: key },
        source: `${p.label} (${fields.map(([, n]) => p.shown(n)).join(", ")})`,
        sources,
      };
      break;
    }
    if (id) throw incomplete(p, p.shown(p.secretId), p.shown(p.secretKey));
    if (key) throw incomplete(p, p.shown(p.secretKey), p.shown(p.secretId));
    if (token) throw incomplete(p, p.shown(p.token), `${p.shown(p.secretId)} and ${p.shown(p.secretKey)}`);
  }
  if (!found) {
    throw new TencentCredentialsError(
      "CREDENTIALS_NOT_FOUND",
      `No Tencent Cloud credentials found. Looked in: ${looked.join("; ")}`,
      looked,
    );
  }
  registerSecretValues(found.credentials, found.source); // redact() hides them in any vendor message
  return found;
}

/**
 * Region, root domain and endpoint override, each from the first place that has it: input, stack config,
 * environment (terraform-provider-tencentcloud `TENCENTCLOUD_REGION`, `TENCENTCLOUD_DOMAIN`; the full endpoint
 * has no variable there). Values are returned as found; their rules are checked by the caller.
 */
export function resolveTencentSettingValues(input: ResolveTencentInput): TencentSettingValues {
  const explicit = input.explicit || {};
  const sources: Record<string, string> = {};
  const pick = (name: "region" | "domain" | "endpoint", envName?: string): string | undefined => {
    const key = `tencentcloud:${name}`;
    const candidates: Array<[unknown, string]> = [
      [(explicit as Record<string, unknown>)[name], inputOrigin(name)],
      [input.config && input.config[key], configOrigin(key)],
    ];
    if (envName) candidates.push([input.env && input.env[envName], envOrigin(envName)]);
    for (const [raw, origin] of candidates) {
      const value = clean(raw);
      if (value) {
        sources[name] = origin;
        return value;
      }
    }
    return undefined;
  };
  return {
    region: pick("region", "TENCENTCLOUD_REGION"),
    domain: pick("domain", "TENCENTCLOUD_DOMAIN"),
    endpoint: pick("endpoint"),
    sources,
  };
}

function clean(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}
