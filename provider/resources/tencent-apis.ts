/** The TKE API object a call needs, from the same sources and with the same error context as huawei-apis.ts. */
import type { RequestSpec } from "../http/types";
import { TencentClient, type TencentCallOptions, type TencentClientOptions } from "../tencentcloud/client";
import { resolveTkeEndpoint } from "../tencentcloud/endpoints";
import { TkeApi } from "../tencentcloud/tke";
import { inContext, transport } from "./clients";
import type { ProviderContext } from "./context";
import type { Inputs } from "./lifecycle";
import { resolveTencentSettings } from "./settings";

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
