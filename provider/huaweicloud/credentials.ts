/**
 * Where Huawei Cloud credentials and settings come from: the resource's inputs, the stack config, then the
 * environment variables of the Terraform provider and the Huawei SDKs (README "Credentials"; docs/endpoints.md).
 * Pure: the caller passes the stack config and the environment in.
 *
 * Precedence is input > stack config > environment, per field. Credentials are the exception: the AK/SK pair
 * and its security token always come from one source together, never mixed. Every value is returned with where
 * it came from, so that a message can name the source (never the value).
 */
import { SettingsError } from "../errors";
import { registerSecretValues } from "../http/secret-values";
import { HUAWEI_SERVICES, type HuaweiService } from "./endpoints";
import type { HuaweiAkSkCredentials, HuaweiCredentials } from "./client";

/** Settings given directly (resource arguments or provider options). */
export interface HuaweiExplicitSettings {
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  authToken?: string;
  region?: string;
  projectId?: string;
  domainId?: string;
  cloud?: string;
  endpoints?: Partial<Record<HuaweiService, string>>;
}

export interface ResolveHuaweiInput {
  explicit?: HuaweiExplicitSettings;
  /** Stack config keys such as `huaweicloud:accessKey` (values as strings). */
  config?: Record<string, string | undefined>;
  /** The process environment. */
  env?: Record<string, string | undefined>;
}

/** The settings other than credentials, where each came from (names, never values). */
export interface HuaweiSettingValues {
  region?: string;
  projectId?: string;
  domainId?: string;
  cloud?: string;
  endpoints: Partial<Record<HuaweiService, string>>;
  /**
   * Where each value came from: `input region`, `stack config huaweicloud:region`, `environment variable
   * HW_REGION_NAME`. Keys are the setting names (`region`, `projectId`, `domainId`, `cloud`), `endpoints.<service>`
   * and, once credentials are resolved, `credentials.<field>` (`credentials.accessKey`, …).
   */
  sources: Record<string, string>;
}

/** Resolved settings. `source` names where the credentials came from, never their values. */
export interface ResolvedHuaweiSettings extends HuaweiSettingValues {
  credentials: HuaweiCredentials;
  /** e.g. `stack config (huaweicloud:accessKey, huaweicloud:secretKey)` */
  source: string;
}

/** A {@link SettingsError} about Huawei Cloud settings. */
export class HuaweiCredentialsError extends SettingsError {}

type Lookup = (name: string) => string | undefined;

/** One named place an AK/SK pair (and its token) and/or an auth token may be. */
interface CredentialPlace {
  label: string;
  /** Where one value of this place came from, e.g. `environment variable HW_ACCESS_KEY`. */
  origin: (name: string) => string;
  /** The name a message uses for a lookup name (inputs are nested under `credentials`). */
  shown?: (name: string) => string;
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  authToken?: string;
  /** A security token here without a pair is an error (explicit and config; env tokens are shared). */
  strictToken?: boolean;
  get: Lookup;
}

const ENV_FIELDS = {
  region: ["HW_REGION_NAME", "OS_REGION_NAME"],
  projectId: ["HW_PROJECT_ID", "OS_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"],
  domainId: ["HW_DOMAIN_ID", "OS_DOMAIN_ID", "OS_USER_DOMAIN_ID", "OS_PROJECT_DOMAIN_ID", "HUAWEICLOUD_SDK_DOMAIN_ID"],
  cloud: ["HW_CLOUD"],
};

/** The Huawei SDK's per-service endpoint variable (go-sdk `core/region/env_region.go`). */
export function sdkEndpointVariable(service: HuaweiService, region: string): string {
  return `HUAWEICLOUD_SDK_REGION_${service.toUpperCase()}_${region.toUpperCase().replace(/-/g, "_")}`;
}

const inputOrigin = (n: string) => `input ${n}`;
const configOrigin = (n: string) => `stack config ${n}`;
const envOrigin = (n: string) => `environment variable ${n}`;

/** Resolves credentials, region, project, domain, cloud and endpoint overrides. */
export function resolveHuaweiCredentials(input: ResolveHuaweiInput): ResolvedHuaweiSettings {
  const found = pickHuaweiCredentials(input);
  const values = resolveHuaweiSettingValues(input);
  return {
    ...values,
    credentials: found.credentials,
    source: found.source,
    sources: { ...values.sources, ...found.sources },
  };
}

/** The credentials alone: the AK/SK pair (with its token) or the IAM token, from the first place that has one. */
export function pickHuaweiCredentials(input: ResolveHuaweiInput): PickedHuaweiCredentials {
  const explicit = input.explicit || {};
  const fromExplicit: Lookup = (n) => clean((explicit as Record<string, unknown>)[n]);
  const fromConfig: Lookup = (n) => clean(input.config && input.config[n]);
  const fromEnv: Lookup = (n) => clean(input.env && input.env[n]);
  const inCredentials = (n: string) => `credentials.${n}`;

  const places: CredentialPlace[] = [
    {
      label: "input",
      origin: (n) => inputOrigin(inCredentials(n)),
      shown: inCredentials,
      accessKey: "accessKey",
      secretKey: "secretKey",
      securityToken: "securityToken",
      authToken: "authToken",
      strictToken: true,
      get: fromExplicit,
    },
    {
      label: "stack config",
      origin: configOrigin,
      accessKey: "huaweicloud:accessKey",
      secretKey: "huaweicloud:secretKey",
      securityToken: "huaweicloud:securityToken",
      authToken: "huaweicloud:authToken",
      strictToken: true,
      get: fromConfig,
    },
    {
      label: "environment",
      origin: envOrigin,
      accessKey: "HW_ACCESS_KEY",
      secretKey: "HW_SECRET_KEY",
      securityToken: "HW_SECURITY_TOKEN",
      get: fromEnv,
    },
    // Terraform falls back from HW_* to OS_*; the token variable is shared (tf provider.go).
    {
      label: "environment",
      origin: envOrigin,
      accessKey: "OS_ACCESS_KEY",
      secretKey: "OS_SECRET_KEY",
      securityToken: "HW_SECURITY_TOKEN",
      get: fromEnv,
    },
    // Official SDK variables (go-sdk core/auth/provider/env_provider.go).
    {
      label: "environment",
      origin: envOrigin,
      accessKey: "HUAWEICLOUD_SDK_AK",
      secretKey: "HUAWEICLOUD_SDK_SK",
      securityToken: "HUAWEICLOUD_SDK_SECURITY_TOKEN",
      get: fromEnv,
    },
    // Any AK/SK pair in the environment wins over an IAM token there.
    { label: "environment", origin: envOrigin, authToken: "HW_AUTH_TOKEN", get: fromEnv },
  ];

  const found = pickCredentials(places);
  registerSecretValues(found.credentials, found.source); // redact() hides them in any vendor message
  return found;
}

/**
 * The settings other than credentials, each from the first place that has it: input, stack config, environment.
 * Endpoint overrides are resolved per service: the explicit map, then `huaweicloud:endpoints` (a JSON object
 * service → URL, as the Terraform provider's `endpoints`), then the Huawei SDK's `HUAWEICLOUD_SDK_REGION_{SERVICE}_
 * {REGION}` variables. Values are returned as found; their rules are checked by the caller (provider/resources).
 */
export function resolveHuaweiSettingValues(input: ResolveHuaweiInput): HuaweiSettingValues {
  const explicit = input.explicit || {};
  const fromExplicit: Lookup = (n) => clean((explicit as Record<string, unknown>)[n]);
  const fromConfig: Lookup = (n) => clean(input.config && input.config[n]);
  const fromEnv: Lookup = (n) => clean(input.env && input.env[n]);
  const sources: Record<string, string> = {};
  const pick = (name: "region" | "projectId" | "domainId" | "cloud", envNames: string[]): string | undefined => {
    const configKey = `huaweicloud:${name}`;
    const candidates: Array<[string | undefined, string]> = [
      [fromExplicit(name), inputOrigin(name)],
      [fromConfig(configKey), configOrigin(configKey)],
      ...envNames.map((n): [string | undefined, string] => [fromEnv(n), envOrigin(n)]),
    ];
    for (const [value, origin] of candidates) {
      if (value) {
        sources[name] = origin;
        return value;
      }
    }
    return undefined;
  };
  const region = pick("region", ENV_FIELDS.region);
  const projectId = pick("projectId", ENV_FIELDS.projectId);
  const domainId = pick("domainId", ENV_FIELDS.domainId);
  const cloud = pick("cloud", ENV_FIELDS.cloud);
  const endpoints = resolveEndpointOverrides(explicit.endpoints, fromConfig("huaweicloud:endpoints"), region, fromEnv);
  for (const service of Object.keys(endpoints.sources)) sources[`endpoints.${service}`] = endpoints.sources[service];
  return { region, projectId, domainId, cloud, endpoints: endpoints.values, sources };
}

export interface PickedHuaweiCredentials {
  credentials: HuaweiCredentials;
  /** e.g. `stack config (huaweicloud:accessKey, huaweicloud:secretKey)` */
  source: string;
  /** `credentials.<field>` → where that value came from, e.g. `environment variable HW_ACCESS_KEY`. */
  sources: Record<string, string>;
}

function pickCredentials(places: CredentialPlace[]): PickedHuaweiCredentials {
  const incomplete = (p: CredentialPlace, present: string, missing: string) =>
    new HuaweiCredentialsError(
      "CREDENTIALS_INCOMPLETE",
      // Falling through to another source would pair a key with someone else's secret.
      `Huawei Cloud credentials incomplete in ${p.label}: ${present} is set but ${missing} is not`,
      lookedIn(places),
    );
  for (const p of places) {
    const show = p.shown || ((n: string) => n);
    const ak = p.accessKey ? p.get(p.accessKey) : undefined;
    const sk = p.secretKey ? p.get(p.secretKey) : undefined;
    const token = p.securityToken ? p.get(p.securityToken) : undefined;
    if (ak && sk) {
      const fields: Array<[keyof HuaweiAkSkCredentials, string]> = [
        ["accessKey", p.accessKey as string],
        ["secretKey", p.secretKey as string],
      ];
      if (token) fields.push(["securityToken", p.securityToken as string]);
      return {
        credentials: token ? { accessKey: ak, secretKey: sk, securityToken: token } : { accessKey: ak, secretKey: sk },
        source: `${p.label} (${fields.map(([, n]) => show(n)).join(", ")})`,
        sources: originsOf(p, fields),
      };
    }
    if (ak) throw incomplete(p, show(p.accessKey as string), show(p.secretKey as string));
    if (sk) throw incomplete(p, show(p.secretKey as string), show(p.accessKey as string));
    const authToken = p.authToken ? p.get(p.authToken) : undefined;
    if (authToken) {
      return {
        credentials: { authToken },
        source: `${p.label} (${show(p.authToken as string)})`,
        sources: originsOf(p, [["authToken", p.authToken as string]]),
      };
    }
    if (token && p.strictToken) {
      throw incomplete(
        p,
        show(p.securityToken as string),
        `${show(p.accessKey as string)} and ${show(p.secretKey as string)}`,
      );
    }
  }
  throw new HuaweiCredentialsError(
    "CREDENTIALS_NOT_FOUND",
    `No Huawei Cloud credentials found. Looked in: ${lookedIn(places).join("; ")}`,
    lookedIn(places),
  );
}

function originsOf(p: CredentialPlace, fields: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, name] of fields) out[`credentials.${field}`] = p.origin(name);
  return out;
}

function lookedIn(places: CredentialPlace[]): string[] {
  return places.map((p) => {
    const show = p.shown || ((n: string) => n);
    const parts: string[] = [];
    if (p.accessKey && p.secretKey) {
      parts.push(
        `${show(p.accessKey)} + ${show(p.secretKey)}` + (p.securityToken ? ` (+ ${show(p.securityToken)})` : ""),
      );
    }
    if (p.authToken) parts.push(show(p.authToken));
    return `${p.label} ${parts.join(" or ")}`;
  });
}

const ENDPOINTS_KEY = "huaweicloud:endpoints";

/**
 * Endpoint overrides per service. The config value must be a JSON object with known service names and string
 * values: an unknown service is refused so a typo does not silently fall back to the public endpoint. Whether
 * each URL is acceptable is checked by the caller, which knows the rules and names `sources[service]`.
 */
function resolveEndpointOverrides(
  explicit: Partial<Record<HuaweiService, string>> | undefined,
  configJson: string | undefined,
  region: string | undefined,
  fromEnv: Lookup,
): { values: Partial<Record<HuaweiService, string>>; sources: Record<string, string> } {
  const values: Partial<Record<HuaweiService, string>> = {};
  const sources: Record<string, string> = {};
  const invalid = (message: string) =>
    new HuaweiCredentialsError("INVALID_SETTING", message, [configOrigin(ENDPOINTS_KEY)], "endpoints");
  let fromConfig: Record<string, unknown> = {};
  if (configJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(configJson);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw invalid(`${configOrigin(ENDPOINTS_KEY)} must be a JSON object mapping service name to URL`);
    }
    fromConfig = parsed as Record<string, unknown>;
    for (const key of Object.keys(fromConfig)) {
      if (!(HUAWEI_SERVICES as readonly string[]).includes(key)) {
        // The key is echoed only when it is a plain word; it is the user's own typo, never a credential.
        const shown = /^[A-Za-z0-9_-]{1,32}$/.test(key) ? `"${key}"` : "name";
        throw invalid(
          `${configOrigin(ENDPOINTS_KEY)} has unknown service ${shown} (known: ${HUAWEI_SERVICES.join(", ")})`,
        );
      }
    }
  }
  // Only a region that could name a variable is used to build the SDK's variable name.
  const envRegion = region && /^[A-Za-z0-9-]{1,64}$/.test(region) ? region : undefined;
  for (const service of HUAWEI_SERVICES) {
    const fromExplicit = explicit ? explicit[service] : undefined;
    const candidates: Array<[unknown, string]> = [
      [fromExplicit, inputOrigin(`endpoints.${service}`)],
      [fromConfig[service], configOrigin(`${ENDPOINTS_KEY}.${service}`)],
    ];
    if (envRegion) {
      const name = sdkEndpointVariable(service, envRegion);
      candidates.push([fromEnv(name), envOrigin(name)]);
    }
    for (const [value, origin] of candidates) {
      if (value === undefined) continue;
      if (typeof value !== "string" || value.trim() === "") {
        throw new HuaweiCredentialsError("INVALID_SETTING", `${origin} must be a URL string`, [origin], "endpoints");
      }
      values[service] = value.trim();
      sources[service] = origin;
      break;
    }
  }
  return { values, sources };
}

function clean(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}
