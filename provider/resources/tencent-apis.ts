/** The TKE API object a call needs, from the same sources and with the same error context as huawei-apis.ts. */
import { createHash } from "node:crypto";
import { Batcher } from "../http/batcher";
import type { RequestSpec } from "../http/types";
import { TencentClient, type TencentCallOptions, type TencentClientOptions } from "../tencentcloud/client";
import { resolveTkeEndpoint } from "../tencentcloud/endpoints";
import { DESCRIBE_CLUSTERS_MAX_LIMIT, TkeApi } from "../tencentcloud/tke";
import { inContext, transport } from "./clients";
import type { ProviderContext } from "./context";
import type { Inputs } from "./lifecycle";
import { resolveTencentSettings } from "./settings";

export interface TencentApis {
  tke: TkeApi;
  region: string;
  /** The TKE base URL calls go to. */
  endpoint: string;
  /** Which account the calls act as: a SHA-256 of the credentials, never the credentials themselves. */
  account: string;
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
  const { secretId, secretKey, token } = settings.credentials;
  const account = createHash("sha256")
    .update(JSON.stringify([secretId, secretKey, token ?? ""]))
    .digest("base64");
  return { tke: new TkeApi(client), region, endpoint, account };
}

/** How long a cluster lookup waits for others to share its `DescribeClusters` call. */
const LOOKUP_WINDOW_MS = 20;

/** The batchers of each transport (one per process in use; a test's own transport gets its own). */
const lookups = new WeakMap<object, Map<string, Batcher<boolean>>>();

/**
 * Whether TKE says cluster `clusterId` exists, asked together with the other lookups of the same account, region
 * and endpoint made within {@link LOOKUP_WINDOW_MS}: one `DescribeClusters` for up to 100 clusters (a refresh of
 * many resources costs a call per hundred, not one each). An id is gone only when the answer holds every match
 * (`TotalCount` no more than the clusters returned) and not that id; otherwise it is asked about alone.
 */
export function tkeClusterExists(inputs: Inputs, ctx: ProviderContext, clusterId: string): Promise<boolean> {
  const apis = tencentApis(inputs, ctx);
  const key = `${apis.endpoint} ${apis.region} ${apis.account}`;
  const owner = transport(ctx) as object;
  let byKey = lookups.get(owner);
  if (!byKey) lookups.set(owner, (byKey = new Map()));
  let batcher = byKey.get(key);
  if (!batcher) {
    batcher = new Batcher<boolean>({
      windowMs: LOOKUP_WINDOW_MS,
      maxBatch: DESCRIBE_CLUSTERS_MAX_LIMIT,
      run: async (ids) => {
        const found = await apis.tke.describeClusters(ids);
        const present = new Set(found.Clusters.map((c) => c.ClusterId));
        const answers = new Map<string, boolean>();
        // Cut short (more matches than returned) only matters for a batch: asked alone, an id gets this answer.
        const complete = found.TotalCount <= found.Clusters.length || ids.length === 1;
        for (const id of ids) {
          if (present.has(id)) answers.set(id, true);
          else if (complete) answers.set(id, false);
          else {
            const alone = await apis.tke.describeClusters([id]);
            answers.set(
              id,
              alone.Clusters.some((c) => c.ClusterId === id),
            );
          }
        }
        return answers;
      },
    });
    byKey.set(key, batcher);
  }
  return batcher.get(clusterId);
}
