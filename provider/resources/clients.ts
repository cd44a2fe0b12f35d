/**
 * Builds the vendor API objects a call needs from, in order: the resource's own inputs (explicit
 * credentials, region, project, domain), the context's stack config and its environment, every value checked
 * (settings.ts). The clients sign with the context's clock. Vendor errors name the object asked for and where
 * the credentials came from. Unless the context brings its own transport, calls share one transport (one
 * connection pool) per process per CA/timeout setting.
 */
import { existsSync, readFileSync } from "node:fs";
import { SettingsError } from "../errors";
import { getSharedTransport } from "../http/transport";
import type { RequestSpec } from "../http/types";
import { CceApi } from "../huaweicloud/cce";
import { HuaweiClient, type HuaweiCall, type HuaweiClientOptions, type TransportLike } from "../huaweicloud/client";
import { HuaweiCredentialsError } from "../huaweicloud/credentials";
import { resolveHuaweiEndpoints, type HuaweiEndpoints } from "../huaweicloud/endpoints";
import { withErrorContext } from "../http/errors";
import { huaweiSubject } from "../huaweicloud/errors";
import { IamApi } from "../huaweicloud/iam";
import { UcsApi } from "../huaweicloud/ucs";
import { VpcepApi } from "../huaweicloud/vpcep";
import { TencentClient, type TencentCallOptions, type TencentClientOptions } from "../tencentcloud/client";
import { resolveTkeEndpoint } from "../tencentcloud/endpoints";
import { TkeApi } from "../tencentcloud/tke";
import type { ProviderContext } from "./context";
import { HUAWEI_REGION_MISSING, resolveHuaweiSettings, resolveTencentSettings } from "./settings";
import type { Inputs } from "./lifecycle";

/** Environment variable with an extra PEM CA bundle (path or PEM text) for private endpoints and the emulator. */
const CA_BUNDLE_ENV = "CLOUD_KUBECONFIG_CA_BUNDLE";

/** What an untrusted-certificate error suggests (the transport stays vendor- and setting-neutral). */
const CA_BUNDLE_HINT = `if the server or a TLS-inspecting proxy uses a private CA, add that CA (PEM) with cloudkubeconfig:caBundle or ${CA_BUNDLE_ENV}`;

/** The context's transport, else the shared one for its CA bundle, request timeout and attempts. */
function transport(ctx: ProviderContext): TransportLike {
  if (ctx.transport) return ctx.transport;
  const { config, env } = ctx;
  const bundle = config["cloudkubeconfig:caBundle"] || env[CA_BUNDLE_ENV];
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
    throw new SettingsError(
      "INVALID_SETTING",
      `CA bundle file not found: ${path} (cloudkubeconfig:caBundle or ${CA_BUNDLE_ENV})`,
      ["cloudkubeconfig:caBundle", CA_BUNDLE_ENV],
      "caBundle",
    );
  return readFileSync(path, "utf8");
}

/** `spec` whose vendor errors also say which object was asked for and where the credentials came from. */
function inContext(spec: RequestSpec, subject: string | undefined, credentialsSource: string): RequestSpec {
  const interpret = spec.interpret;
  if (!interpret) return spec;
  return {
    ...spec,
    interpret: (raw) => {
      const err = interpret(raw);
      return err && withErrorContext(err, { subject, credentialsSource });
    },
  };
}

export interface HuaweiApis {
  endpoints: HuaweiEndpoints;
  ucs: UcsApi;
  cce: CceApi;
  vpcep: VpcepApi;
  /** The region (input, config or environment); errors name where to set it. */
  region(): string;
  /** The project id (input, config, environment, else IAM lookup by region, cached per process). */
  projectId(): Promise<string>;
}

/** A Huawei client whose errors say which object was asked for and where its credentials came from. */
class HuaweiClientInContext extends HuaweiClient {
  constructor(
    opts: HuaweiClientOptions,
    private readonly credentialsSource: string,
  ) {
    super(opts);
  }

  override buildRequest(call: HuaweiCall): RequestSpec {
    return inContext(super.buildRequest(call), huaweiSubject(call.service, call.path), this.credentialsSource);
  }
}

/**
 * The Huawei Cloud APIs for a resource in context `ctx`. Settings that break a rule throw here, naming the
 * setting and its source, as `check` reports them.
 */
export function huaweiApis(inputs: Inputs, ctx: ProviderContext): HuaweiApis {
  const settings = resolveHuaweiSettings(ctx, inputs);
  const endpoints = resolveHuaweiEndpoints({
    region: settings.region,
    cloud: settings.cloud,
    overrides: settings.endpoints,
  });
  const client = new HuaweiClientInContext(
    { credentials: settings.credentials, endpoints, transport: transport(ctx), now: ctx.now },
    settings.source,
  );
  const iam = new IamApi(client);
  const region = (): string => {
    if (!settings.region) {
      throw new HuaweiCredentialsError("SETTING_NOT_FOUND", HUAWEI_REGION_MISSING, [], "region");
    }
    return settings.region;
  };
  return {
    endpoints,
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
  /** The TKE base URL calls go to. */
  endpoint: string;
}

/** A Tencent client whose errors say which cluster was asked for and where its credentials came from. */
class TencentClientInContext extends TencentClient {
  constructor(
    opts: TencentClientOptions,
    private readonly credentialsSource: string,
  ) {
    super(opts);
  }

  override buildRequest(action: string, params: Record<string, unknown>, callOpts?: TencentCallOptions): RequestSpec {
    const id = typeof params.ClusterId === "string" ? params.ClusterId.slice(0, 128) : undefined;
    const subject = id ? `TKE cluster ${id}` : undefined;
    return inContext(super.buildRequest(action, params, callOpts), subject, this.credentialsSource);
  }
}

/** The TKE API for a resource; see {@link huaweiApis}. */
export function tencentApis(inputs: Inputs, ctx: ProviderContext): TencentApis {
  const settings = resolveTencentSettings(ctx, inputs);
  const region = settings.region as string; // resolveTencentSettings refuses a missing region
  const endpoint = resolveTkeEndpoint({ endpoint: settings.endpoint, domain: settings.domain });
  const client = new TencentClientInContext(
    { credentials: settings.credentials, endpoint, transport: transport(ctx), region, now: ctx.now },
    settings.source,
  );
  return { tke: new TkeApi(client), region, endpoint };
}
