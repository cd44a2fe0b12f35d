/**
 * The settings of a resource: its own inputs, then the context's stack config (from `configure()`), then its
 * environment, resolved per call and checked with the inputs' rules.
 */
import type { z } from "zod";
import {
  HuaweiCredentialsError,
  pickHuaweiCredentials,
  resolveHuaweiCredentials,
  resolveHuaweiSettingValues,
  type HuaweiExplicitSettings,
  type ResolvedHuaweiSettings,
} from "../huaweicloud/credentials";
import {
  TencentCredentialsError,
  pickTencentCredentials,
  resolveTencentCredentials,
  resolveTencentSettingValues,
  type ResolvedTencentSettings,
  type TencentExplicitSettings,
} from "../tencentcloud/credentials";
import type { ProviderContext } from "./context";
import { cceClusterKubeconfigInputs, tkeClusterKubeconfigInputs, ucsClusterKubeconfigInputs } from "./inputs";
import type { CheckFailure, Inputs } from "./lifecycle";

/*
 * Settings from every source pass the rules of the inputs they stand for (inputs.ts): a region from
 * `huaweicloud:region` or `HW_REGION_NAME` must look like the `region` input, a project id like `projectId`, and
 * so on. Settings that are not inputs (the cloud or root domain, endpoint overrides) have rules of their own here.
 * Messages name the setting and where it came from (`stack config huaweicloud:region`, `environment variable
 * HW_REGION_NAME`, `input region`), never its value. Only the value that is used is judged: a variable that a
 * stack config key overrides is not read.
 */

/** TKE calls need a region (`X-TC-Region`): where it may be set. */
const TENCENT_REGION_MISSING =
  "no Tencent Cloud region: set the input `region`, stack config tencentcloud:region or environment variable " +
  "TENCENTCLOUD_REGION";

/** CCE, VPCEP and the regional IAM need a region: where it may be set. */
export const HUAWEI_REGION_MISSING =
  "no Huawei Cloud region: set the input `region`, stack config huaweicloud:region or environment variable " +
  "HW_REGION_NAME (or OS_REGION_NAME)";

/** One problem with one setting. `setting` is the resolver's name for it (`region`, `cloud`, `credentials`, …). */
interface SettingProblem {
  setting: string;
  source: string;
  message: string;
}

/** A rule: `undefined` when the value is acceptable, else what is wrong, phrased without the value. */
type Rule = (value: string) => string | undefined;

/** Runs an input's zod rule and phrases its first issue without the input's name (the caller names the source). */
function inputRule(schema: z.ZodType, inputName: string): Rule {
  return (value) => {
    const r = schema.safeParse(value);
    if (r.success) return undefined;
    const issue = r.error.issues[0];
    if (issue.message.startsWith(`${inputName} `)) return issue.message.slice(inputName.length + 1);
    if (issue.code === "too_big")
      return `must be at most ${String((issue as { maximum?: unknown }).maximum)} characters`;
    if (issue.code === "too_small") return "must not be empty";
    return "is not valid";
  };
}

const HW_CREDENTIALS = ucsClusterKubeconfigInputs.shape.credentials.unwrap().shape;
const TC_CREDENTIALS = tkeClusterKubeconfigInputs.shape.credentials.unwrap().shape;

const HUAWEI_RULES: Record<string, Rule> = {
  region: inputRule(cceClusterKubeconfigInputs.shape.region, "region"),
  projectId: inputRule(cceClusterKubeconfigInputs.shape.projectId, "projectId"),
  domainId: inputRule(ucsClusterKubeconfigInputs.shape.domainId, "domainId"),
  cloud: domainRule("myhuaweicloud.com"),
  "credentials.accessKey": inputRule(HW_CREDENTIALS.accessKey, "accessKey"),
  "credentials.secretKey": inputRule(HW_CREDENTIALS.secretKey, "secretKey"),
  "credentials.securityToken": inputRule(HW_CREDENTIALS.securityToken, "securityToken"),
  "credentials.authToken": inputRule(HW_CREDENTIALS.authToken, "authToken"),
};

const TENCENT_RULES: Record<string, Rule> = {
  region: inputRule(tkeClusterKubeconfigInputs.shape.region, "region"),
  domain: domainRule("tencentcloudapi.com"),
  endpoint: endpointUrlRule,
  "credentials.secretId": inputRule(TC_CREDENTIALS.secretId, "secretId"),
  "credentials.secretKey": inputRule(TC_CREDENTIALS.secretKey, "secretKey"),
  "credentials.securityToken": inputRule(TC_CREDENTIALS.securityToken, "securityToken"),
};

/** Lower-case DNS labels, at least two, as a host name suffix. */
const DNS_DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function domainRule(example: string): Rule {
  return (value) =>
    DNS_DOMAIN.test(value)
      ? undefined
      : `must be a DNS domain (lower-case letters, digits and '-' in dot-separated labels) such as ${example}`;
}

/** Longest endpoint override accepted. */
const MAX_URL = 2048;

/**
 * Endpoint overrides: an https URL (a bare host means https) with a host, an optional port and path prefix, and
 * nothing else. Requests carry signed credentials, so plain http is refused (the emulator serves https too);
 * user info, a query or a fragment would change what is signed or where it goes.
 */
function endpointUrlRule(value: string): string | undefined {
  if (value.length > MAX_URL) return `must be at most ${MAX_URL} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(value)) return "must not contain whitespace or control characters";
  if (value.includes("\\")) return "must not contain a backslash";
  let url: URL;
  try {
    url = new URL(value.includes("://") ? value : `https://${value}`);
  } catch {
    return "must be an absolute https URL such as https://ucs.example.com";
  }
  if (url.protocol !== "https:") return "must be an https URL";
  if (url.hostname === "") return "must be an absolute https URL with a host";
  if (url.username || url.password) return "must not carry a user name or password";
  if (value.includes("?")) return "must not have a query";
  if (value.includes("#")) return "must not have a fragment";
  return undefined;
}

/** Each value under its `sources` key, judged by the rule for that key. */
function problemsOf(
  values: Record<string, string | undefined>,
  sources: Record<string, string>,
  ruleFor: (key: string) => Rule | undefined,
): SettingProblem[] {
  const out: SettingProblem[] = [];
  for (const key of Object.keys(sources)) {
    const value = values[key];
    const rule = ruleFor(key);
    const problem = typeof value === "string" && rule ? rule(value) : undefined;
    if (problem) out.push({ setting: key.split(".")[0], source: sources[key], message: `${sources[key]} ${problem}` });
  }
  return out;
}

type HuaweiParts = Partial<
  Pick<ResolvedHuaweiSettings, "credentials" | "endpoints" | "region" | "projectId" | "domainId" | "cloud">
> & {
  sources: Record<string, string>;
};

function huaweiProblems(s: HuaweiParts): SettingProblem[] {
  const c: Partial<Record<string, string>> = s.credentials ? { ...s.credentials } : {};
  const values: Record<string, string | undefined> = {
    region: s.region,
    projectId: s.projectId,
    domainId: s.domainId,
    cloud: s.cloud,
    "credentials.accessKey": c.accessKey,
    "credentials.secretKey": c.secretKey,
    "credentials.securityToken": c.securityToken,
    "credentials.authToken": c.authToken,
  };
  for (const [service, url] of Object.entries(s.endpoints || {})) values[`endpoints.${service}`] = url;
  return problemsOf(values, s.sources, (key) => (key.startsWith("endpoints.") ? endpointUrlRule : HUAWEI_RULES[key]));
}

type TencentParts = Partial<Pick<ResolvedTencentSettings, "credentials" | "region" | "domain" | "endpoint">> & {
  sources: Record<string, string>;
};

function tencentProblems(s: TencentParts): SettingProblem[] {
  const values: Record<string, string | undefined> = {
    region: s.region,
    domain: s.domain,
    endpoint: s.endpoint,
    "credentials.secretId": s.credentials && s.credentials.secretId,
    "credentials.secretKey": s.credentials && s.credentials.secretKey,
    // The client calls it `token`; the input (and so the source key) `securityToken`.
    "credentials.securityToken": s.credentials && s.credentials.token,
  };
  return problemsOf(values, s.sources, (key) => TENCENT_RULES[key]);
}

/** The resource's own inputs as the resolvers' explicit settings. */
function huaweiExplicit(inputs: Inputs): HuaweiExplicitSettings {
  const c = isPlainObject(inputs.credentials) ? inputs.credentials : {};
  return { ...c, region: inputs.region, projectId: inputs.projectId, domainId: inputs.domainId };
}

function tencentExplicit(inputs: Inputs): TencentExplicitSettings {
  const c: Record<string, unknown> = isPlainObject(inputs.credentials) ? inputs.credentials : {};
  return {
    secretId: c.secretId as string | undefined,
    secretKey: c.secretKey as string | undefined,
    securityToken: c.securityToken as string | undefined,
    region: inputs.region,
  };
}

function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Huawei Cloud settings for a resource (its inputs, the context's stack config, then its environment), every
 * value checked. Throws a {@link HuaweiCredentialsError} naming the setting and its source.
 */
export function resolveHuaweiSettings(ctx: ProviderContext, inputs: Inputs): ResolvedHuaweiSettings {
  const settings = resolveHuaweiCredentials({ explicit: huaweiExplicit(inputs), config: ctx.config, env: ctx.env });
  const problem = huaweiProblems(settings)[0];
  if (problem) throw new HuaweiCredentialsError("INVALID_SETTING", problem.message, [problem.source], problem.setting);
  return settings;
}

/** Tencent Cloud settings for a resource, every value checked. Throws a {@link TencentCredentialsError}. */
export function resolveTencentSettings(ctx: ProviderContext, inputs: Inputs): ResolvedTencentSettings {
  const settings = resolveTencentCredentials({ explicit: tencentExplicit(inputs), config: ctx.config, env: ctx.env });
  const problem = tencentProblems(settings)[0];
  if (problem) throw new TencentCredentialsError("INVALID_SETTING", problem.message, [problem.source], problem.setting);
  if (!settings.region) throw new TencentCredentialsError("SETTING_NOT_FOUND", TENCENT_REGION_MISSING, [], "region");
  return settings;
}

/**
 * The `check` property a setting's failure is reported on: the input that would override it where there is one
 * (`region`, `projectId`, `domainId`, `credentials`), else the stack config key that holds it, so `pulumi preview`
 * prints it next to something the user can set.
 */
const PROPERTY: Record<"huaweicloud" | "tencentcloud", Record<string, string>> = {
  huaweicloud: { cloud: "huaweicloud:cloud", endpoints: "huaweicloud:endpoints" },
  tencentcloud: { domain: "tencentcloud:domain", endpoint: "tencentcloud:endpoint" },
};

/**
 * Every problem with a resource's settings, as `check` failures: credentials missing or incomplete, and each
 * invalid value from any source. Nothing throws.
 */
export function settingsFailures(
  ctx: ProviderContext,
  vendor: "huaweicloud" | "tencentcloud",
  inputs: Inputs,
): CheckFailure[] {
  const { config, env } = ctx;
  const problems: SettingProblem[] = [];
  const failures: CheckFailure[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      const setting =
        err instanceof HuaweiCredentialsError || err instanceof TencentCredentialsError ? err.setting : "";
      const reason = err instanceof Error ? err.message : String(err);
      failures.push({ property: PROPERTY[vendor][setting] || setting || "credentials", reason });
      return undefined;
    }
  };
  if (vendor === "huaweicloud") {
    const input = { explicit: huaweiExplicit(inputs), config, env };
    const credentials = attempt(() => pickHuaweiCredentials(input));
    const values = attempt(() => resolveHuaweiSettingValues(input));
    if (credentials) problems.push(...huaweiProblems(credentials));
    if (values) problems.push(...huaweiProblems(values));
  } else {
    const input = { explicit: tencentExplicit(inputs), config, env };
    const credentials = attempt(() => pickTencentCredentials(input));
    const values = attempt(() => resolveTencentSettingValues(input));
    if (credentials) problems.push(...tencentProblems(credentials));
    if (values) problems.push(...tencentProblems(values));
    if (values && !values.region) failures.push({ property: "region", reason: TENCENT_REGION_MISSING });
  }
  for (const p of problems) failures.push({ property: PROPERTY[vendor][p.setting] || p.setting, reason: p.message });
  return failures;
}
