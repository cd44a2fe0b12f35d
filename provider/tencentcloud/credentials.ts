/**
 * Where Tencent Cloud credentials and settings come from (spec/users.md "Compatibility";
 * spec/vendor-apis.md §5 terraform-provider-tencentcloud env vars). Pure: config and env are passed in.
 *
 * Precedence is explicit > stack config > environment, per field; the SecretId/SecretKey pair and its
 * token always come from one source together.
 */
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

export interface ResolvedTencentSettings {
  credentials: TencentCredentials;
  /** e.g. `environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY)`: names, never values. */
  source: string;
  region?: string;
  /** Root domain (`TENCENTCLOUD_DOMAIN`). */
  domain?: string;
  /** Full endpoint override (`tencentcloud:endpoint`). */
  endpoint?: string;
}

/** Credentials missing or incomplete. The message lists names of keys and variables, never values. */
export class TencentCredentialsError extends Error {
  readonly code: string;
  readonly lookedIn: string[];
  constructor(code: "CREDENTIALS_NOT_FOUND" | "CREDENTIALS_INCOMPLETE", message: string, lookedIn: string[]) {
    super(message);
    this.name = "TencentCredentialsError";
    this.code = code;
    this.lookedIn = lookedIn;
  }
}

type Lookup = (name: string) => string | undefined;

interface Place {
  label: string;
  secretId: string;
  secretKey: string;
  token: string;
  get: Lookup;
}

/** Resolves credentials, region, root domain and endpoint override. */
export function resolveTencentCredentials(input: ResolveTencentInput): ResolvedTencentSettings {
  const explicit = input.explicit || {};
  const fromExplicit: Lookup = (n) => clean((explicit as Record<string, unknown>)[n]);
  const fromConfig: Lookup = (n) => clean(input.config && input.config[n]);
  const fromEnv: Lookup = (n) => clean(input.env && input.env[n]);
  const places: Place[] = [
    {
      label: "explicit arguments",
      secretId: "secretId",
      secretKey: "secretKey",
      token: "securityToken",
      get: fromExplicit,
    },
    {
      label: "stack config",
      secretId: "tencentcloud:secretId",
      secretKey: "tencentcloud:secretKey",
      token: "tencentcloud:securityToken",
      get: fromConfig,
    },
    {
      label: "environment",
      secretId: "TENCENTCLOUD_SECRET_ID",
      secretKey: "TENCENTCLOUD_SECRET_KEY",
      token: "TENCENTCLOUD_SECURITY_TOKEN",
      get: fromEnv,
    },
  ];
  const looked = places.map((p) => `${p.label} ${p.secretId} + ${p.secretKey} (+ ${p.token})`);
  const incomplete = (p: Place, present: string, missing: string) =>
    new TencentCredentialsError(
      "CREDENTIALS_INCOMPLETE",
      // Falling through to another source would pair an id with someone else's key.
      `Tencent Cloud credentials incomplete in ${p.label}: ${present} is set but ${missing} is not`,
      looked,
    );

  let found: { credentials: TencentCredentials; source: string } | undefined;
  for (const p of places) {
    const id = p.get(p.secretId);
    const key = p.get(p.secretKey);
    const token = p.get(p.token);
    if (id && key) {
      const names = [p.secretId, p.secretKey].concat(token ? [p.token] : []);
      found = {
        credentials: token ? { secretId: id, secretKey: key, token } : { secretId: id, secretKey: key },
        source: `${p.label} (${names.join(", ")})`,
      };
      break;
    }
    if (id) throw incomplete(p, p.secretId, p.secretKey);
    if (key) throw incomplete(p, p.secretKey, p.secretId);
    if (token) throw incomplete(p, p.token, `${p.secretId} and ${p.secretKey}`);
  }
  if (!found) {
    throw new TencentCredentialsError(
      "CREDENTIALS_NOT_FOUND",
      `No Tencent Cloud credentials found. Looked in: ${looked.join("; ")}`,
      looked,
    );
  }
  registerSecretValues(found.credentials, found.source); // redact() hides them in any vendor message
  return {
    credentials: found.credentials,
    source: found.source,
    region: fromExplicit("region") || fromConfig("tencentcloud:region") || fromEnv("TENCENTCLOUD_REGION"),
    domain: fromExplicit("domain") || fromConfig("tencentcloud:domain") || fromEnv("TENCENTCLOUD_DOMAIN"),
    endpoint: fromExplicit("endpoint") || fromConfig("tencentcloud:endpoint"),
  };
}

function clean(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}
