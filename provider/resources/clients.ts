/**
 * Builds the vendor API objects a call needs from, in order: the resource's own inputs (explicit
 * credentials, region, project, domain), the stack config read in `configure()`, and the environment.
 * One shared transport (one connection pool) per process per CA/timeout setting.
 */
import { existsSync, readFileSync } from "node:fs";
import { getSharedTransport } from "../http/transport";
import type { HttpTransport } from "../http/transport";
import { CceApi } from "../huaweicloud/cce";
import { HuaweiClient } from "../huaweicloud/client";
import { resolveHuaweiCredentials, type ResolvedHuaweiSettings } from "../huaweicloud/credentials";
import { resolveHuaweiEndpoints, type HuaweiEndpoints } from "../huaweicloud/endpoints";
import { IamApi } from "../huaweicloud/iam";
import { UcsApi } from "../huaweicloud/ucs";
import { VpcepApi } from "../huaweicloud/vpcep";
import { TencentClient } from "../tencentcloud/client";
import { resolveTencentCredentials } from "../tencentcloud/credentials";
import { resolveTkeEndpoint } from "../tencentcloud/endpoints";
import { TkeApi } from "../tencentcloud/tke";
import { getStackConfig } from "./settings";
import { providerNow } from "./clock";
import type { Inputs } from "./lifecycle";

/** Environment variable with an extra PEM CA bundle (path or PEM text) for private endpoints and the emulator. */
export const CA_BUNDLE_ENV = "CLOUD_KUBECONFIG_CA_BUNDLE";

/** What an untrusted-certificate error suggests (the transport stays vendor- and setting-neutral). */
const CA_BUNDLE_HINT = `if the server or a TLS-inspecting proxy uses a private CA, add that CA (PEM) with cloudkubeconfig:caBundle or ${CA_BUNDLE_ENV}`;

function transport(): HttpTransport {
  const config = getStackConfig();
  const bundle = config["cloudkubeconfig:caBundle"] || process.env[CA_BUNDLE_ENV];
  const extraCaPem = bundle ? (bundle.includes("-----BEGIN") ? bundle : readCaFile(bundle)) : undefined;
  const timeout = Number(config["cloudkubeconfig:requestTimeoutMs"]) || undefined;
  const attempts = Number(config["cloudkubeconfig:maxAttempts"]) || undefined;
  return getSharedTransport({
    extraCaPem,
    requestTimeoutMs: timeout,
    retry: attempts ? { maxAttempts: attempts } : undefined,
    caBundleHint: CA_BUNDLE_HINT,
  });
}

function readCaFile(path: string): string {
  if (!existsSync(path))
    throw new Error(`CA bundle file not found: ${path} (cloudkubeconfig:caBundle or ${CA_BUNDLE_ENV})`);
  return readFileSync(path, "utf8");
}

export interface HuaweiApis {
  settings: ResolvedHuaweiSettings;
  endpoints: HuaweiEndpoints;
  iam: IamApi;
  ucs: UcsApi;
  cce: CceApi;
  vpcep: VpcepApi;
  /** The region (input, config or environment); errors name where to set it. */
  region(): string;
  /** The project id (input, config, environment, else IAM lookup by region, cached per process). */
  projectId(): Promise<string>;
}

export function huaweiApis(inputs: Inputs, now: () => Date = providerNow): HuaweiApis {
  const explicit = {
    ...(inputs.credentials ?? {}),
    region: inputs.region,
    projectId: inputs.projectId,
    domainId: inputs.domainId,
  };
  const settings = resolveHuaweiCredentials({ explicit, config: getStackConfig(), env: process.env });
  const endpoints = resolveHuaweiEndpoints({
    region: settings.region,
    cloud: settings.cloud,
    overrides: settings.endpoints,
  });
  const client = new HuaweiClient({ credentials: settings.credentials, endpoints, transport: transport(), now });
  const iam = new IamApi(client);
  const region = (): string => {
    if (!settings.region) {
      throw new Error("no Huawei Cloud region: set the resource's `region`, `huaweicloud:region` or HW_REGION_NAME");
    }
    return settings.region;
  };
  return {
    settings,
    endpoints,
    iam,
    ucs: new UcsApi(client, { domainId: settings.domainId, iam }),
    cce: new CceApi(client),
    vpcep: new VpcepApi(client),
    region,
    projectId: async () => settings.projectId || iam.keystoneListProjects(region()),
  };
}

export interface TencentApis {
  tke: TkeApi;
  region: string;
}

export function tencentApis(inputs: Inputs, now: () => Date = providerNow): TencentApis {
  const c = inputs.credentials ?? {};
  const explicit = {
    secretId: c.secretId,
    secretKey: c.secretKey,
    securityToken: c.securityToken,
    region: inputs.region,
  };
  const settings = resolveTencentCredentials({ explicit, config: getStackConfig(), env: process.env });
  if (!settings.region) {
    throw new Error(
      "no Tencent Cloud region: set the resource's `region`, `tencentcloud:region` or TENCENTCLOUD_REGION",
    );
  }
  const endpoint = resolveTkeEndpoint({
    endpoint: settings.endpoint,
    domain: settings.domain,
    region: settings.region,
  });
  const client = new TencentClient({
    credentials: settings.credentials,
    endpoint,
    transport: transport(),
    region: settings.region,
    now,
  });
  return { tke: new TkeApi(client), region: settings.region };
}
