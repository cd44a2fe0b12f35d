/**
 * The Huawei Cloud API objects a call needs, from, in order: the resource's own inputs (explicit credentials,
 * region, project, domain), the context's stack config and its environment, every value checked (settings.ts).
 * The client signs with the context's clock; vendor errors name the object asked for and where the credentials
 * came from.
 */
import type { RequestSpec } from "../http/types";
import { CceApi } from "../huaweicloud/cce";
import { HuaweiClient, type HuaweiCall, type HuaweiClientOptions } from "../huaweicloud/client";
import { HuaweiCredentialsError } from "../huaweicloud/credentials";
import { resolveHuaweiEndpoints, type HuaweiEndpoints } from "../huaweicloud/endpoints";
import { huaweiSubject } from "../huaweicloud/errors";
import { IamApi } from "../huaweicloud/iam";
import { UcsApi } from "../huaweicloud/ucs";
import { VpcepApi } from "../huaweicloud/vpcep";
import { inContext, transport } from "./clients";
import type { ProviderContext } from "./context";
import type { Inputs } from "./lifecycle";
import { HUAWEI_REGION_MISSING, resolveHuaweiSettings } from "./settings";

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
