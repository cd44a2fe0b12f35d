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
import {
  configOrigin,
  type CredentialPlace,
  credentialPlaces,
  type CredentialShape,
  envOrigin,
  FirstSetting,
  type FoundCredentials,
  inputOrigin,
  type Lookup,
  lookups,
  pickCredentials,
  type SettingsInput,
  withCredentials,
  type WithCredentials,
} from "../setting-sources";
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

export type ResolveHuaweiInput = SettingsInput<HuaweiExplicitSettings>;

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
export type ResolvedHuaweiSettings = WithCredentials<HuaweiSettingValues, HuaweiCredentials>;

/** A {@link SettingsError} about Huawei Cloud settings. */
export class HuaweiCredentialsError extends SettingsError {}

const ENV_FIELDS = {
  region: ["HW_REGION_NAME", "OS_REGION_NAME"],
  projectId: ["HW_PROJECT_ID", "OS_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"],
  domainId: ["HW_DOMAIN_ID", "OS_DOMAIN_ID", "OS_USER_DOMAIN_ID", "OS_PROJECT_DOMAIN_ID", "HUAWEICLOUD_SDK_DOMAIN_ID"],
  cloud: ["HW_CLOUD"],
};

/** The Huawei SDK's per-service endpoint variable (go-sdk `core/region/env_region.go`). */
function sdkEndpointVariable(service: HuaweiService, region: string): string {
  return `HUAWEICLOUD_SDK_REGION_${service.toUpperCase()}_${region.toUpperCase().replace(/-/g, "_")}`;
}

/** Resolves credentials, region, project, domain, cloud and endpoint overrides. */
export function resolveHuaweiCredentials(input: ResolveHuaweiInput): ResolvedHuaweiSettings {
  const found = pickHuaweiCredentials(input);
  return withCredentials(resolveHuaweiSettingValues(input), found);
}

/** The credentials alone: the AK/SK pair (with its token) or the IAM token, from the first place that has one. */
export function pickHuaweiCredentials(input: ResolveHuaweiInput): PickedHuaweiCredentials {
  const place = credentialPlaces(input);
  const fields = (accessKey: string, secretKey: string, securityToken: string, authToken?: string) => ({
    accessKey,
    secretKey,
    securityToken,
    authToken,
  });
  const places: CredentialPlace[] = [
    place.input(fields("accessKey", "secretKey", "securityToken", "authToken")),
    place.config(
      fields("huaweicloud:accessKey", "huaweicloud:secretKey", "huaweicloud:securityToken", "huaweicloud:authToken"),
    ),
    place.env(fields("HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_SECURITY_TOKEN")),
    // Terraform falls back from HW_* to OS_*; the token variable is shared (tf provider.go).
    place.env(fields("OS_ACCESS_KEY", "OS_SECRET_KEY", "HW_SECURITY_TOKEN")),
    // Official SDK variables (go-sdk core/auth/provider/env_provider.go).
    place.env(fields("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN")),
    // Any AK/SK pair in the environment wins over an IAM token there.
    place.env({ authToken: "HW_AUTH_TOKEN" }),
  ];

  const picked = pickCredentials("Huawei Cloud", HUAWEI_CREDENTIAL_SHAPE, places, HuaweiCredentialsError);
  const v = picked.values;
  const credentials: HuaweiCredentials = v.authToken
    ? { authToken: v.authToken }
    : v.securityToken
      ? { accessKey: v.accessKey, secretKey: v.secretKey, securityToken: v.securityToken }
      : { accessKey: v.accessKey, secretKey: v.secretKey };
  registerSecretValues(credentials, picked.source); // redact() hides them in any vendor message
  return { credentials, source: picked.source, sources: picked.sources };
}

/** An AK/SK pair with an optional security token, or an IAM token alone. */
const HUAWEI_CREDENTIAL_SHAPE: CredentialShape = {
  pair: ["accessKey", "secretKey"],
  token: "securityToken",
  alone: "authToken",
};

/**
 * The settings other than credentials, each from the first place that has it: input, stack config, environment.
 * Endpoint overrides are resolved per service: the explicit map, then `huaweicloud:endpoints` (a JSON object
 * service → URL, as the Terraform provider's `endpoints`), then the Huawei SDK's `HUAWEICLOUD_SDK_REGION_{SERVICE}_
 * {REGION}` variables. Values are returned as found; their rules are checked by the caller (provider/resources).
 */
export function resolveHuaweiSettingValues(input: ResolveHuaweiInput): HuaweiSettingValues {
  const { fromConfig, fromEnv } = lookups(input);
  const first = new FirstSetting(input, "huaweicloud");
  const region = first.pick("region", ENV_FIELDS.region);
  const projectId = first.pick("projectId", ENV_FIELDS.projectId);
  const domainId = first.pick("domainId", ENV_FIELDS.domainId);
  const cloud = first.pick("cloud", ENV_FIELDS.cloud);
  const endpoints = resolveEndpointOverrides(
    (input.explicit || {}).endpoints,
    fromConfig("huaweicloud:endpoints"),
    region,
    fromEnv,
  );
  const sources = first.sources;
  for (const service of Object.keys(endpoints.sources)) sources[`endpoints.${service}`] = endpoints.sources[service];
  return { region, projectId, domainId, cloud, endpoints: endpoints.values, sources };
}

export type PickedHuaweiCredentials = FoundCredentials<HuaweiCredentials>;

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
