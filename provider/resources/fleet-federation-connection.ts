/**
 * `FleetFederationConnection`: connects a UCS fleet's federation API server to a VPC. UCS
 * `CreateFederationConnection` makes the VPC endpoint and answers with its id; `DownloadFederationKubeconfig`
 * then issues the kubeconfig (and renews it later). UCS has no API to show or delete the connection, so the
 * endpoint is read, marked and deleted through the VPC endpoint API.
 *
 * Ownership is proven, never guessed: the id comes from the vendor's answer, or, when that answer was lost,
 * from the one endpoint that appeared between a listing before and a listing after the call. The endpoint is
 * marked with this resource's identity at once (vpc-endpoint-ownership.ts), so a process killed before the state
 * is written leaves an endpoint the next `pulumi up` recognizes. Anything else (unmarked endpoints, several
 * candidates) is an error that names the ids and says how to resolve it.
 */
import { matchesService, type EndpointService, type VpcEndpoint } from "../huaweicloud/vpcep";
import { huaweiApis, type HuaweiApis } from "./huawei-apis";
import { prepare } from "./common";
import type { ProviderContext } from "./context";
import { CreatedButIncompleteError } from "./created-but-incomplete";
import { PreconditionError } from "../errors";
import { DEFAULT_FEDERATION_VALIDITY_DAYS } from "./fleet-federation-kubeconfig";
import { KINDS } from "./kinds";
import { withKeyLock } from "./keyed-mutex";
import type { CheckFailure, Inputs, Issued, KindImpl, Outputs } from "./lifecycle";
import { INPUTS_KEY, credentialsOf, inputsAsGiven, plain } from "./lifecycle";
import { settingsFailures } from "./settings";
import { mayHaveTakenEffect, mintOnce } from "./side-effects";
import { markOf, ownerOf, ownerTag, userTag, usersOf } from "./vpc-endpoint-ownership";

/** Hidden input set by the SDK class (or, natively, from the URN): the resource's identity. */
const OWNER_INPUT = KINDS.FleetFederationConnection.ownerInput!;

interface Ownership {
  vpcEndpointId: string;
  /** This resource owns the endpoint: it deletes it on destroy when no other resource uses it. */
  owned: boolean;
}

/** The VPC endpoint service of the fleet's federation API server (`spec.connectGatewayEndpoints[]`). */
async function endpointService(apis: HuaweiApis, clusterGroupId: string): Promise<EndpointService> {
  const group = await apis.ucs.showClusterGroup(clusterGroupId);
  const spec = (group.spec ?? {}) as { connectGatewayEndpoints?: Array<{ type?: string; name?: string; id?: string }> };
  const gateway = (spec.connectGatewayEndpoints ?? []).find((e) => e && e.type === "VPCEP" && e.name);
  if (!gateway?.name) {
    throw new PreconditionError(
      `fleet ${clusterGroupId} has no VPCEP connect gateway endpoint; enable federation on the fleet first ` +
        "(UCS console, or EnableFederation) and wait until its Federation condition is Available",
    );
  }
  return { name: gateway.name, id: gateway.id || undefined };
}

/** The endpoints of exactly this service in exactly this VPC (the vendor's name filter is fuzzy). */
async function endpointsOf(apis: HuaweiApis, inputs: Inputs, service: EndpointService): Promise<VpcEndpoint[]> {
  const listed = await apis.vpcep.listEndpoints(inputs.projectId, {
    vpcId: inputs.vpcId,
    endpointServiceName: service.name,
  });
  return listed.filter((ep) => matchesService(ep, inputs.vpcId, service));
}

function ids(eps: VpcEndpoint[]): string {
  return eps.map((e) => e.id).join(", ");
}

function markOfInputs(inputs: Inputs): string {
  const identity = inputs[OWNER_INPUT];
  if (typeof identity !== "string" || identity === "") throw new PreconditionError(ownerCheck(inputs)[0].reason);
  return markOf(identity);
}

/** Makes a new endpoint and returns its id, proven from the answer or, if the answer was lost, by listing. */
async function createEndpoint(apis: HuaweiApis, inputs: Inputs, service: EndpointService): Promise<string> {
  const before = new Set((await endpointsOf(apis, inputs, service)).map((e) => e.id));
  try {
    const made = await apis.ucs.createFederationConnection(inputs.clusterGroupId, {
      projectID: inputs.projectId,
      vpcID: inputs.vpcId,
      subnetID: inputs.subnetId,
    });
    return made.id;
  } catch (err) {
    if (!mayHaveTakenEffect(err)) throw err;
    const cause = err instanceof Error ? err.message : String(err);
    let after: VpcEndpoint[];
    try {
      after = await endpointsOf(apis, inputs, service);
    } catch (listing) {
      throw new PreconditionError(
        `${cause}; CreateFederationConnection may have made a VPC endpoint in VPC ${inputs.vpcId}, and listing ` +
          `the endpoints to find it failed (${listing instanceof Error ? listing.message : String(listing)}). ` +
          "Run `pulumi up` again: it names any endpoint it finds and how to adopt it",
      );
    }
    const appeared = after.filter((e) => !before.has(e.id));
    if (appeared.length === 1) return appeared[0].id;
    if (appeared.length === 0) {
      throw new PreconditionError(
        `${cause}; no VPC endpoint to the fleet appeared in VPC ${inputs.vpcId}, nothing was made`,
      );
    }
    throw new PreconditionError(
      `${cause}; meanwhile ${appeared.length} VPC endpoints to the fleet appeared in VPC ${inputs.vpcId} ` +
        `(${ids(appeared)}) and which one this call made cannot be proven. Delete the ones nobody uses, or ` +
        "set `vpcEndpointId` (with `adoptVpcEndpoint: true` to own it) and run `pulumi up` again",
    );
  }
}

/** How long an unmarked endpoint gets to receive its mark: another stack marks its new endpoint right after making it. */
const MARK_SETTLE_MS = 1000;
const MARK_SETTLE_TRIES = 2;

/** {@link endpointsOf}, listed again briefly while an endpoint carries no owner mark yet. */
async function settledEndpointsOf(apis: HuaweiApis, inputs: Inputs, service: EndpointService): Promise<VpcEndpoint[]> {
  let eps = await endpointsOf(apis, inputs, service);
  for (let i = 0; i < MARK_SETTLE_TRIES && eps.some((e) => !ownerOf(e)); i++) {
    await new Promise((resolve) => setTimeout(resolve, MARK_SETTLE_MS));
    eps = await endpointsOf(apis, inputs, service);
  }
  return eps;
}

/** Decides which endpoint the connection uses and marks it; creates one only when none may be used. */
async function settleEndpoint(
  ctx: ProviderContext,
  apis: HuaweiApis,
  inputs: Inputs,
  service: EndpointService,
): Promise<Ownership> {
  const mark = markOfInputs(inputs);
  const project: string = inputs.projectId;
  if (inputs.vpcEndpointId) return useGivenEndpoint(ctx, apis, inputs, service, mark);

  const existing = await settledEndpointsOf(apis, inputs, service);
  const mine = existing.filter((e) => ownerOf(e) === mark);
  if (mine.length > 1) {
    throw new PreconditionError(
      `several VPC endpoints in VPC ${inputs.vpcId} carry this resource's owner mark (${ids(mine)}); delete all ` +
        "but one and run `pulumi up` again",
    );
  }
  if (mine.length === 1) {
    // Made and marked by an earlier attempt of this resource whose answer or state write was lost.
    return { vpcEndpointId: mine[0].id, owned: true };
  }
  const unmarked = existing.filter((e) => !ownerOf(e));
  if (unmarked.length > 0) {
    throw new PreconditionError(
      `VPC endpoint(s) ${ids(unmarked)} to fleet ${inputs.clusterGroupId} already exist in VPC ${inputs.vpcId} ` +
        "without an owner mark of this package: made in the console or by another tool, left by an interrupted " +
        "`pulumi up` of this resource, or being created right now by another stack (then run `pulumi up` again " +
        "in a minute: it will use that stack's endpoint). To use one without ever deleting it, set " +
        "`vpcEndpointId`; to own it (destroy deletes it), also set `adoptVpcEndpoint: true`; or delete them and " +
        "run `pulumi up` again",
    );
  }
  if (existing.length > 1) {
    throw new PreconditionError(
      `VPC endpoints ${ids(existing)} to fleet ${inputs.clusterGroupId} in VPC ${inputs.vpcId} belong to other ` +
        "resources; set `vpcEndpointId` to the one to use",
    );
  }
  if (existing.length === 1) {
    const shared = existing[0];
    await apis.vpcep.tagEndpoint(project, shared.id, "create", [userTag(mark)]);
    ctx.warn(
      `FleetFederationConnection: VPC endpoint ${shared.id} to fleet ${inputs.clusterGroupId} belongs to another ` +
        "resource; this one uses it and destroy will not delete it while others use it",
    );
    return { vpcEndpointId: shared.id, owned: false };
  }
  const id = await createEndpoint(apis, inputs, service);
  try {
    await apis.vpcep.tagEndpoint(project, id, "create", [ownerTag(mark)]);
  } catch (err) {
    throw incomplete(inputs, { vpcEndpointId: id, owned: true }, err);
  }
  return { vpcEndpointId: id, owned: true };
}

/** `vpcEndpointId` given: use exactly that endpoint; own it only with `adoptVpcEndpoint`. */
async function useGivenEndpoint(
  ctx: ProviderContext,
  apis: HuaweiApis,
  inputs: Inputs,
  service: EndpointService,
  mark: string,
): Promise<Ownership> {
  const id: string = inputs.vpcEndpointId;
  const ep = await apis.vpcep.findEndpoint(inputs.projectId, id);
  if (!ep) throw new PreconditionError(`vpcEndpointId ${id}: no such VPC endpoint in project ${inputs.projectId}`);
  if (!matchesService(ep, inputs.vpcId, service)) {
    throw new PreconditionError(
      `vpcEndpointId ${id} does not connect VPC ${inputs.vpcId} to fleet ${inputs.clusterGroupId}'s federation ` +
        `service (${service.name})`,
    );
  }
  const owner = ownerOf(ep);
  if (inputs.adoptVpcEndpoint === true) {
    if (owner && owner !== mark) {
      throw new PreconditionError(
        `vpcEndpointId ${id} is owned by another resource of this package; it cannot be adopted`,
      );
    }
    await apis.vpcep.tagEndpoint(inputs.projectId, id, "create", [ownerTag(mark)]);
    return { vpcEndpointId: id, owned: true };
  }
  if (owner === mark) return { vpcEndpointId: id, owned: true };
  await apis.vpcep.tagEndpoint(inputs.projectId, id, "create", [userTag(mark)]);
  ctx.warn(`FleetFederationConnection: VPC endpoint ${id} is used, not owned: destroy will not delete it`);
  return { vpcEndpointId: id, owned: false };
}

function resourceId(inputs: Inputs): string {
  return `ucs-federation:${inputs.clusterGroupId}:${inputs.vpcId}`;
}

/** The init failure that keeps a made endpoint in state, so `up` finishes it and `destroy` removes it. */
function incomplete(inputs: Inputs, own: Ownership, err: unknown): CreatedButIncompleteError {
  const why = err instanceof Error ? err.message : String(err);
  return new CreatedButIncompleteError(
    `${why}; VPC endpoint ${own.vpcEndpointId} is recorded in state: run \`pulumi up\` to finish or ` +
      "`pulumi destroy` to remove it",
    resourceId(inputs),
    plain({
      ...credentialsOf(inputs),
      // The inputs as given: the next diff compares inputs with inputs, and destroy finds the project in them.
      [INPUTS_KEY]: inputsAsGiven(inputs),
      [OWNER_INPUT]: inputs[OWNER_INPUT],
      kubeconfig: "",
      vpcEndpointId: own.vpcEndpointId,
      vpcEndpointCreated: own.owned,
    }),
    { cause: err },
  );
}

function issued(ctx: ProviderContext, inputs: Inputs, document: unknown, own: Ownership): Issued {
  return {
    prepared: prepare(ctx, "ucs-federation", document, inputs),
    extra: { vpcEndpointId: own.vpcEndpointId, vpcEndpointCreated: own.owned, [OWNER_INPUT]: inputs[OWNER_INPUT] },
  };
}

async function connect(ctx: ProviderContext, inputs: Inputs): Promise<Issued> {
  const apis = huaweiApis(inputs, ctx);
  const duration = inputs.validityDays ?? DEFAULT_FEDERATION_VALIDITY_DAYS;
  return withKeyLock(`${inputs.clusterGroupId}/${inputs.vpcId}`, async () => {
    const service = await endpointService(apis, inputs.clusterGroupId);
    const own = await settleEndpoint(ctx, apis, inputs, service);
    try {
      const document = await mintOnce(() => apis.ucs.downloadFederationKubeconfig(inputs.clusterGroupId, { duration }));
      return issued(ctx, inputs, document, own);
    } catch (err) {
      throw incomplete(inputs, own, err);
    }
  });
}

/** Renewal of a recorded connection whose endpoint still exists: a new certificate, the same endpoint. */
async function renew(ctx: ProviderContext, inputs: Inputs, previous: Outputs): Promise<Issued | undefined> {
  const apis = huaweiApis(inputs, ctx);
  const ep = await apis.vpcep.findEndpoint(inputs.projectId, previous.vpcEndpointId);
  if (!ep) return undefined;
  const own: Ownership = { vpcEndpointId: ep.id, owned: previous.vpcEndpointCreated === true };
  const mark = markOfInputs(inputs);
  // State written before endpoints were marked: mark what the state proves.
  if (own.owned && !ownerOf(ep)) await apis.vpcep.tagEndpoint(inputs.projectId, ep.id, "create", [ownerTag(mark)]);
  const duration = inputs.validityDays ?? DEFAULT_FEDERATION_VALIDITY_DAYS;
  const document = await mintOnce(() => apis.ucs.downloadFederationKubeconfig(inputs.clusterGroupId, { duration }));
  return issued(ctx, inputs, document, own);
}

function ownerCheck(inputs: Inputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  if (typeof inputs[OWNER_INPUT] !== "string" || inputs[OWNER_INPUT] === "") {
    failures.push({
      property: OWNER_INPUT,
      reason:
        "missing the resource identity that marks its VPC endpoint; declare FleetFederationConnection through " +
        "this package's class (it sets it)",
    });
  }
  if (inputs.adoptVpcEndpoint === true && !inputs.vpcEndpointId) {
    failures.push({ property: "adoptVpcEndpoint", reason: "adoptVpcEndpoint needs vpcEndpointId" });
  }
  return failures;
}

/** The mark of a recorded resource (state written before marks existed has none: the state alone proves). */
function recordedMark(outputs: Outputs): string | undefined {
  const identity = outputs[OWNER_INPUT];
  return typeof identity === "string" && identity ? markOf(identity) : undefined;
}

/** Whether the recorded resource owns the endpoint: its mark is the owner tag, or (no mark yet) state says so. */
function ownsEndpoint(ep: VpcEndpoint, outputs: Outputs): boolean {
  const mark = recordedMark(outputs);
  const owner = ownerOf(ep);
  if (mark && owner) return owner === mark;
  return outputs.vpcEndpointCreated === true;
}

export const fleetFederationConnection: KindImpl = {
  kind: "FleetFederationConnection",
  extraCheck: (ctx, inputs) => [...ownerCheck(inputs), ...settingsFailures(ctx, "huaweicloud", inputs)],
  hiddenInputs: [OWNER_INPUT],
  async issue(ctx, inputs, previous) {
    if (previous && previous.vpcEndpointId) {
      const renewed = await renew(ctx, inputs, previous);
      if (renewed) return renewed;
    }
    return connect(ctx, inputs);
  },
  async read(ctx, outputs) {
    const apis = huaweiApis(outputs, ctx);
    if (outputs.vpcEndpointId) {
      const ep = await apis.vpcep.findEndpoint(outputs.projectId, outputs.vpcEndpointId);
      // Never dropped while its endpoint lives, whatever the fleet answers. Ownership is what the marks say
      // now (it passes to a user when the owner is destroyed).
      if (ep) return { ...outputs, vpcEndpointCreated: ownsEndpoint(ep, outputs) };
      if (!(await apis.ucs.findClusterGroup(outputs.clusterGroupId))) return undefined;
      // The endpoint was deleted outside Pulumi: say so; the next `up` connects again.
      return { ...outputs, kubeconfig: "", vpcEndpointId: "", vpcEndpointCreated: false };
    }
    return (await apis.ucs.findClusterGroup(outputs.clusterGroupId)) ? outputs : undefined;
  },
  async destroy(ctx, outputs) {
    const id: string = outputs.vpcEndpointId;
    if (!id) return;
    const apis = huaweiApis(outputs, ctx);
    const project: string = outputs.projectId;
    const ep = await apis.vpcep.findEndpoint(project, id);
    if (!ep) return;
    const mark = recordedMark(outputs);
    const users = usersOf(ep).filter((u) => u !== mark);
    if (!ownsEndpoint(ep, outputs)) {
      if (mark) await apis.vpcep.tagEndpoint(project, id, "delete", [userTag(mark)]);
      return;
    }
    if (users.length > 0) {
      // Others still use it: hand ownership to one of them instead of cutting them off.
      const heir = users[0];
      await apis.vpcep.tagEndpoint(project, id, "create", [ownerTag(heir)]);
      await apis.vpcep.tagEndpoint(project, id, "delete", [userTag(heir)]);
      return;
    }
    if (outputs.deleteVpcEndpoint === false) {
      if (mark) await apis.vpcep.tagEndpoint(project, id, "delete", [ownerTag(mark)]);
      return;
    }
    try {
      await apis.vpcep.deleteEndpoint(project, id);
    } catch (err) {
      if (err instanceof Error) {
        err.message = `deleting VPC endpoint ${id}: ${err.message}; it stays recorded in state: run \`pulumi destroy\` again`;
      }
      throw err;
    }
  },
};
