/**
 * Where Huawei Cloud credentials and settings come from (spec/users.md "Compatibility";
 * spec/vendor-apis.md §4 "Terraform / SDK credential env vars"). Pure: the caller passes the stack
 * config and the environment in.
 *
 * Precedence is explicit > stack config > environment, per field. Credentials are the exception: the
 * AK/SK pair and its security token always come from one source together, never mixed.
 */
import { registerSecretValues } from "../http/secret-values";
import { HUAWEI_SERVICES, type HuaweiService } from "./endpoints";
import type { HuaweiCredentials } from "./client";

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

/** Resolved settings. `source` names where the credentials came from, never their values. */
export interface ResolvedHuaweiSettings {
  credentials: HuaweiCredentials;
  /** e.g. `stack config (huaweicloud:accessKey, huaweicloud:secretKey)` */
  source: string;
  region?: string;
  projectId?: string;
  domainId?: string;
  cloud?: string;
  endpoints: Partial<Record<HuaweiService, string>>;
}

/** Credentials missing or incomplete. The message lists names of keys and variables, never values. */
export class HuaweiCredentialsError extends Error {
  readonly code: string;
  /** Every place looked, by name. */
  readonly lookedIn: string[];
  constructor(code: "CREDENTIALS_NOT_FOUND" | "CREDENTIALS_INCOMPLETE", message: string, lookedIn: string[]) {
    super(message);
    this.name = "HuaweiCredentialsError";
    this.code = code;
    this.lookedIn = lookedIn;
  }
}

type Lookup = (name: string) => string | undefined;

/** One named place an AK/SK pair (and its token) and/or an auth token may be. */
interface CredentialPlace {
  label: string;
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

/** Resolves credentials, region, project, domain, cloud and endpoint overrides. */
export function resolveHuaweiCredentials(input: ResolveHuaweiInput): ResolvedHuaweiSettings {
  const explicit = input.explicit || {};
  const fromExplicit: Lookup = (n) => clean((explicit as Record<string, unknown>)[n]);
  const fromConfig: Lookup = (n) => clean(input.config && input.config[n]);
  const fromEnv: Lookup = (n) => clean(input.env && input.env[n]);

  const places: CredentialPlace[] = [
    {
      label: "explicit arguments",
      accessKey: "accessKey",
      secretKey: "secretKey",
      securityToken: "securityToken",
      authToken: "authToken",
      strictToken: true,
      get: fromExplicit,
    },
    {
      label: "stack config",
      accessKey: "huaweicloud:accessKey",
      secretKey: "huaweicloud:secretKey",
      securityToken: "huaweicloud:securityToken",
      authToken: "huaweicloud:authToken",
      strictToken: true,
      get: fromConfig,
    },
    {
      label: "environment",
      accessKey: "HW_ACCESS_KEY",
      secretKey: "HW_SECRET_KEY",
      securityToken: "HW_SECURITY_TOKEN",
      get: fromEnv,
    },
    // Terraform falls back from HW_* to OS_*; the token variable is shared (tf provider.go).
    {
      label: "environment",
      accessKey: "OS_ACCESS_KEY",
      secretKey: "OS_SECRET_KEY",
      securityToken: "HW_SECURITY_TOKEN",
      get: fromEnv,
    },
    // Official SDK variables (go-sdk core/auth/provider/env_provider.go).
    {
      label: "environment",
      accessKey: "HUAWEICLOUD_SDK_AK",
      secretKey: "HUAWEICLOUD_SDK_SK",
      securityToken: "HUAWEICLOUD_SDK_SECURITY_TOKEN",
      get: fromEnv,
    },
    // Any AK/SK pair in the environment wins over an IAM token there.
    { label: "environment", authToken: "HW_AUTH_TOKEN", get: fromEnv },
  ];

  const found = pickCredentials(places);
  registerSecretValues(found.credentials, found.source); // redact() hides them in any vendor message
  const pick = (explicitName: keyof HuaweiExplicitSettings, configKey: string, envNames: string[]) =>
    fromExplicit(explicitName) || fromConfig(configKey) || firstOf(envNames, fromEnv);

  return {
    credentials: found.credentials,
    source: found.source,
    region: pick("region", "huaweicloud:region", ENV_FIELDS.region),
    projectId: pick("projectId", "huaweicloud:projectId", ENV_FIELDS.projectId),
    domainId: pick("domainId", "huaweicloud:domainId", ENV_FIELDS.domainId),
    cloud: pick("cloud", "huaweicloud:cloud", ENV_FIELDS.cloud),
    endpoints: resolveEndpointOverrides(explicit.endpoints, input.config && input.config["huaweicloud:endpoints"]),
  };
}

function pickCredentials(places: CredentialPlace[]): { credentials: HuaweiCredentials; source: string } {
  const incomplete = (p: CredentialPlace, present: string, missing: string) =>
    new HuaweiCredentialsError(
      "CREDENTIALS_INCOMPLETE",
      // Falling through to another source would pair a key with someone else's secret.
      `Huawei Cloud credentials incomplete in ${p.label}: ${present} is set but ${missing} is not`,
      lookedIn(places),
    );
  for (const p of places) {
    const ak = p.accessKey ? p.get(p.accessKey) : undefined;
    const sk = p.secretKey ? p.get(p.secretKey) : undefined;
    const token = p.securityToken ? p.get(p.securityToken) : undefined;
    if (ak && sk) {
      const names = [p.accessKey, p.secretKey].concat(token ? [p.securityToken] : []);
      return {
        credentials: token ? { accessKey: ak, secretKey: sk, securityToken: token } : { accessKey: ak, secretKey: sk },
        source: `${p.label} (${names.join(", ")})`,
      };
    }
    if (ak) throw incomplete(p, p.accessKey as string, p.secretKey as string);
    if (sk) throw incomplete(p, p.secretKey as string, p.accessKey as string);
    const authToken = p.authToken ? p.get(p.authToken) : undefined;
    if (authToken) return { credentials: { authToken }, source: `${p.label} (${p.authToken})` };
    if (token && p.strictToken) {
      throw incomplete(p, p.securityToken as string, `${p.accessKey} and ${p.secretKey}`);
    }
  }
  throw new HuaweiCredentialsError(
    "CREDENTIALS_NOT_FOUND",
    `No Huawei Cloud credentials found. Looked in: ${lookedIn(places).join("; ")}`,
    lookedIn(places),
  );
}

function lookedIn(places: CredentialPlace[]): string[] {
  return places.map((p) => {
    const parts: string[] = [];
    if (p.accessKey && p.secretKey) {
      parts.push(`${p.accessKey} + ${p.secretKey}` + (p.securityToken ? ` (+ ${p.securityToken})` : ""));
    }
    if (p.authToken) parts.push(p.authToken);
    return `${p.label} ${parts.join(" or ")}`;
  });
}

/**
 * Endpoint overrides: explicit map, else `huaweicloud:endpoints` (a JSON object service → URL).
 * Unknown services are refused so a typo does not silently fall back to the public endpoint.
 */
function resolveEndpointOverrides(
  explicit: Partial<Record<HuaweiService, string>> | undefined,
  configJson: string | undefined,
): Partial<Record<HuaweiService, string>> {
  let map: unknown = explicit;
  if (!map && clean(configJson)) {
    try {
      map = JSON.parse(configJson as string);
    } catch {
      throw new TypeError("huaweicloud:endpoints must be a JSON object mapping service name to URL");
    }
  }
  const out: Partial<Record<HuaweiService, string>> = {};
  if (!map) return out;
  if (typeof map !== "object" || Array.isArray(map)) {
    throw new TypeError("huaweicloud:endpoints must be a JSON object mapping service name to URL");
  }
  for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
    if (!(HUAWEI_SERVICES as readonly string[]).includes(key)) {
      throw new TypeError(`huaweicloud:endpoints has unknown service "${key}" (known: ${HUAWEI_SERVICES.join(", ")})`);
    }
    if (typeof value !== "string" || value === "") throw new TypeError(`huaweicloud:endpoints.${key} must be a URL`);
    out[key as HuaweiService] = value;
  }
  return out;
}

function firstOf(names: string[], get: Lookup): string | undefined {
  for (const n of names) {
    const v = get(n);
    if (v) return v;
  }
  return undefined;
}

function clean(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}
