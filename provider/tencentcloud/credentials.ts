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
import {
  type CredentialPlace,
  credentialPlaces,
  type CredentialShape,
  FirstSetting,
  type FoundCredentials,
  pickCredentials,
  type SettingsInput,
  withCredentials,
  type WithCredentials,
} from "../setting-sources";
import type { TencentCredentials } from "./client";

export interface TencentExplicitSettings {
  secretId?: string;
  secretKey?: string;
  securityToken?: string;
  region?: string;
  domain?: string;
  endpoint?: string;
}

export type ResolveTencentInput = SettingsInput<TencentExplicitSettings>;

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

/** Resolved settings. `source` names where the credentials came from, never their values. */
export type ResolvedTencentSettings = WithCredentials<TencentSettingValues, TencentCredentials>;

/** A {@link SettingsError} about Tencent Cloud settings. */
export class TencentCredentialsError extends SettingsError {}

/** Resolves credentials, region, root domain and endpoint override. */
export function resolveTencentCredentials(input: ResolveTencentInput): ResolvedTencentSettings {
  const found = pickTencentCredentials(input);
  return withCredentials(resolveTencentSettingValues(input), found);
}

export type PickedTencentCredentials = FoundCredentials<TencentCredentials>;

/** The credentials alone: the SecretId/SecretKey pair (with its token) from the first place that has one. */
export function pickTencentCredentials(input: ResolveTencentInput): PickedTencentCredentials {
  const place = credentialPlaces(input);
  const fields = (secretId: string, secretKey: string, securityToken: string) => ({
    secretId,
    secretKey,
    securityToken,
  });
  const places: CredentialPlace[] = [
    place.input(fields("secretId", "secretKey", "securityToken")),
    place.config(fields("tencentcloud:secretId", "tencentcloud:secretKey", "tencentcloud:securityToken")),
    place.env(fields("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SECURITY_TOKEN"), true),
  ];
  const picked = pickCredentials("Tencent Cloud", TENCENT_CREDENTIAL_SHAPE, places, TencentCredentialsError);
  const v = picked.values;
  const credentials: TencentCredentials = v.securityToken
    ? { secretId: v.secretId, secretKey: v.secretKey, token: v.securityToken }
    : { secretId: v.secretId, secretKey: v.secretKey };
  registerSecretValues(credentials, picked.source); // redact() hides them in any vendor message
  return { credentials, source: picked.source, sources: picked.sources };
}

/** A SecretId/SecretKey pair with an optional security token. */
const TENCENT_CREDENTIAL_SHAPE: CredentialShape = { pair: ["secretId", "secretKey"], token: "securityToken" };

/**
 * Region, root domain and endpoint override, each from the first place that has it: input, stack config,
 * environment (terraform-provider-tencentcloud `TENCENTCLOUD_REGION`, `TENCENTCLOUD_DOMAIN`; the full endpoint
 * has no variable there). Values are returned as found; their rules are checked by the caller.
 */
export function resolveTencentSettingValues(input: ResolveTencentInput): TencentSettingValues {
  const first = new FirstSetting(input, "tencentcloud");
  return {
    region: first.pick("region", ["TENCENTCLOUD_REGION"]),
    domain: first.pick("domain", ["TENCENTCLOUD_DOMAIN"]),
    endpoint: first.pick("endpoint"),
    sources: first.sources,
  };
}
