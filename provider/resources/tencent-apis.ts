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
/** A batch within this long of the previous one for the same account means a refresh of many is under way. */
const REPEAT_MS = 5_000;
/** How long a listing of the account's clusters answers "present" for. */
const LISTING_TTL_MS = 30_000;
/** Accounts with more clusters than this are never listed: asking by ids costs less. */
const MAX_LISTED = 500;

/** The lookups of each transport (one per process in use; a test's own transport gets its own). */
const lookups = new WeakMap<object, Map<string, { answers: ClusterLookups; batcher: Batcher<boolean> }>>();

/**
 * Whether TKE says cluster `clusterId` exists, asked together with the other lookups of the same account, region
 * and endpoint made within {@link LOOKUP_WINDOW_MS}: one `DescribeClusters` for up to 100 clusters. The engine
 * sends only a few reads at a time (its parallelism), so when batches keep coming the account's clusters are
 * listed once (see {@link ClusterLookups}) and a refresh of many costs a call per hundred clusters of the account.
 */
export function tkeClusterExists(inputs: Inputs, ctx: ProviderContext, clusterId: string): Promise<boolean> {
  const apis = tencentApis(inputs, ctx);
  const key = `${apis.endpoint} ${apis.region} ${apis.account}`;
  const owner = transport(ctx) as object;
  let byKey = lookups.get(owner);
  if (!byKey) lookups.set(owner, (byKey = new Map()));
  let entry = byKey.get(key);
  if (!entry) {
    const answers = new ClusterLookups(apis);
    const batcher = new Batcher<boolean>({
      windowMs: LOOKUP_WINDOW_MS,
      maxBatch: DESCRIBE_CLUSTERS_MAX_LIMIT,
      run: (ids) => answers.answer(ids),
    });
    byKey.set(key, (entry = { answers, batcher }));
  }
  // Listed already: no call to wait for, so no window either.
  if (entry.answers.listedNow(clusterId)) return Promise.resolve(true);
  return entry.batcher.get(clusterId);
}

/**
 * The answers for one account, region and endpoint. A cluster is present when a listing of the account (at most
 * {@link LISTING_TTL_MS} old) or an answer about its id holds it; it is gone only when `DescribeClusters` asked
 * about its id answers completely without it, never because a listing lacks it.
 */
export class ClusterLookups {
  private lastBatchAt = -Infinity;
  private lastBatchSize = 0;
  private listing?: { at: number; present: Promise<Set<string> | undefined>; ids?: Set<string> };
  private tooMany = false;

  constructor(
    private readonly apis: Pick<TencentApis, "tke">,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  async answer(ids: string[]): Promise<Map<string, boolean>> {
    const at = this.clock();
    // Small batches in a row: the engine's parallelism, not the account, bounds them, so a listing pays off.
    const refreshing = at - this.lastBatchAt < REPEAT_MS && this.lastBatchSize < DESCRIBE_CLUSTERS_MAX_LIMIT;
    this.lastBatchAt = at;
    this.lastBatchSize = ids.length;
    const answers = new Map<string, boolean>();
    const listed = refreshing || this.freshListing(at) ? await this.listed(at) : undefined;
    const rest = listed ? ids.filter((id) => !listed.has(id)) : ids;
    for (const id of ids) if (listed && listed.has(id)) answers.set(id, true);
    if (rest.length === 0) return answers;
    for (const [id, exists] of await this.byIds(rest)) {
      answers.set(id, exists);
      // A cluster the listing lacks but TKE has: the listing is older than the cluster, so it is not used again.
      if (exists && listed) this.listing = undefined;
    }
    return answers;
  }

  /** Whether a finished listing young enough holds `id` (then it is present, with no call). */
  listedNow(id: string): boolean {
    const l = this.freshListing(this.clock());
    return l !== undefined && l.ids !== undefined && l.ids.has(id);
  }

  /** The listing, when one was started less than {@link LISTING_TTL_MS} before `at`. */
  private freshListing(at: number): ClusterLookups["listing"] {
    return this.listing !== undefined && at - this.listing.at < LISTING_TTL_MS ? this.listing : undefined;
  }

  /** The account's cluster ids from a listing young enough, made now if there is none. */
  private listed(at: number): Promise<Set<string> | undefined> {
    if (this.tooMany) return Promise.resolve(undefined);
    const fresh = this.freshListing(at);
    if (fresh) return fresh.present;
    const entry: NonNullable<ClusterLookups["listing"]> = {
      at,
      present: this.list().then(
        (ids) => (entry.ids = ids),
        () => undefined,
      ),
    };
    this.listing = entry;
    return entry.present;
  }

  /** Every cluster of the account in the region, a page of 100 per call; undefined for too large an account. */
  private async list(): Promise<Set<string> | undefined> {
    const present = new Set<string>();
    for (let offset = 0; ; offset += DESCRIBE_CLUSTERS_MAX_LIMIT) {
      const page = await this.apis.tke.listClusters(offset);
      if (page.TotalCount > MAX_LISTED) {
        this.tooMany = true;
        return undefined;
      }
      for (const c of page.Clusters) present.add(c.ClusterId);
      if (page.Clusters.length === 0 || offset + DESCRIBE_CLUSTERS_MAX_LIMIT >= page.TotalCount) return present;
    }
  }

  /** Asks about `ids` themselves; an id missing from a cut-short answer is asked about alone. */
  private async byIds(ids: string[]): Promise<Map<string, boolean>> {
    const found = await this.apis.tke.describeClusters(ids);
    const present = new Set(found.Clusters.map((c) => c.ClusterId));
    const answers = new Map<string, boolean>();
    // Cut short (more matches than returned) only matters for a batch: asked alone, an id gets this answer.
    const complete = found.TotalCount <= found.Clusters.length || ids.length === 1;
    for (const id of ids) {
      if (present.has(id)) answers.set(id, true);
      else if (complete) answers.set(id, false);
      else {
        const alone = await this.apis.tke.describeClusters([id]);
        answers.set(
          id,
          alone.Clusters.some((c) => c.ClusterId === id),
        );
      }
    }
    return answers;
  }
}
