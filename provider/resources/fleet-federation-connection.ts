/**
 * `FleetFederationConnection`: UCS `POST /v1/clustergroups/{id}/cert` creates a VPC endpoint to the fleet's
 * federation API server and returns a kubeconfig, but not the endpoint's id (vendor-apis.md §3). We find the
 * endpoint through the VPC endpoint API (by VPC and the fleet's endpoint service), renew with
 * `POST .../kubeconfig` (never `/cert` again, which would make another endpoint) and delete the endpoint on
 * destroy. If anything fails after `/cert` succeeded, the error carries the resource's id and what is known,
 * so the engine records it and the next `up` or `destroy` cleans up: nothing is orphaned.
 */
import type { VpcEndpoint } from "../huaweicloud/vpcep";
import { huaweiApis, type HuaweiApis } from "./clients";
import { credentialsFailure, existsUnlessNotFound, prepare } from "./common";
import { withKeyLock } from "./keyed-mutex";
import type { Inputs, Issued, KindImpl, Outputs } from "./lifecycle";
import { DEFAULT_FEDERATION_VALIDITY_DAYS } from "./fleet-federation-kubeconfig";
import { plain, userInputs } from "./lifecycle";

/** The VPC endpoint service of the fleet's federation API server (`spec.connectGatewayEndpoints[]`). */
async function endpointServiceName(apis: HuaweiApis, clusterGroupId: string): Promise<string> {
  const group = await apis.ucs.showClusterGroup(clusterGroupId);
  const spec = (group.spec ?? {}) as { connectGatewayEndpoints?: Array<{ type?: string; name?: string }> };
  const gateway = (spec.connectGatewayEndpoints ?? []).find((e) => e && e.type === "VPCEP" && e.name);
  if (!gateway?.name) {
    throw new Error(
      `fleet ${clusterGroupId} has no VPCEP connect gateway endpoint; enable federation on the fleet first ` +
        "(UCS console, or EnableFederation) and wait until its Federation condition is Available",
    );
  }
  return gateway.name;
}

async function findEndpoints(apis: HuaweiApis, inputs: Inputs, service: string): Promise<VpcEndpoint[]> {
  return apis.vpcep.listEndpoints(inputs.projectId, { vpcId: inputs.vpcId, endpointServiceName: service });
}

function newest(endpoints: VpcEndpoint[]): VpcEndpoint | undefined {
  return [...endpoints].sort((a, b) => String(b.created_at ?? "").localeCompare(String(a.created_at ?? "")))[0];
}

/** Creates the connection (or adopts the endpoint a failed earlier attempt left in state). */
async function connect(inputs: Inputs, previous: Outputs | undefined): Promise<Issued> {
  const apis = huaweiApis(inputs);
  const duration = inputs.validityDays ?? DEFAULT_FEDERATION_VALIDITY_DAYS;
  return withKeyLock(`${inputs.clusterGroupId}/${inputs.vpcId}`, async () => {
    const service = await endpointServiceName(apis, inputs.clusterGroupId);
    const existing = await findEndpoints(apis, inputs, service);
    if (existing.length > 0) {
      // An endpoint to this fleet already exists in the VPC: use it instead of making a duplicate. It is ours
      // only if our own earlier, failed create made it.
      const document = await apis.ucs.downloadFederationKubeconfig(inputs.clusterGroupId, { duration });
      const created = previous?.vpcEndpointCreated === true;
      const ep = newest(existing)!;
      return {
        prepared: prepare("ucs-federation", document, inputs),
        extra: { vpcEndpointId: ep.id, vpcEndpointCreated: created },
      };
    }
    const document = await apis.ucs.createFederationCert(inputs.clusterGroupId, {
      projectID: inputs.projectId,
      vpcID: inputs.vpcId,
      subnetID: inputs.subnetId,
      duration,
    });
    // From here on a VPC endpoint exists: any failure must leave a record of it.
    try {
      const ep = newest(await findEndpoints(apis, inputs, service));
      if (!ep) throw new Error(`the VPC endpoint created by CreateFederationCert was not found in VPC ${inputs.vpcId}`);
      return {
        prepared: prepare("ucs-federation", document, inputs),
        extra: { vpcEndpointId: ep.id, vpcEndpointCreated: true },
      };
    } catch (err) {
      throw recordedFailure(inputs, err);
    }
  });
}

/** An error the dynamic-provider server turns into ErrorResourceInitFailed: the engine keeps the resource. */
function recordedFailure(inputs: Inputs, err: unknown): Error {
  const e = new Error(
    `${err instanceof Error ? err.message : String(err)}; the VPC endpoint was created and is recorded in state: ` +
      "run `pulumi up` to finish or `pulumi destroy` to remove it",
  ) as Error & Record<string, unknown>;
  e.id = `ucs-federation:${inputs.clusterGroupId}:${inputs.vpcId}`;
  e.properties = plain({ ...userInputs(inputs), kubeconfig: "", vpcEndpointId: "", vpcEndpointCreated: true });
  e.reasons = ["federation connection created but not completed"];
  return e;
}

export const fleetFederationConnection: KindImpl = {
  kind: "FleetFederationConnection",
  extraCheck: (inputs) => credentialsFailure("huaweicloud", inputs),
  async issue(inputs, previous) {
    if (previous && previous.vpcEndpointId) {
      // Renewal: a new certificate for the existing connection.
      const duration = inputs.validityDays ?? DEFAULT_FEDERATION_VALIDITY_DAYS;
      const document = await huaweiApis(inputs).ucs.downloadFederationKubeconfig(inputs.clusterGroupId, { duration });
      return {
        prepared: prepare("ucs-federation", document, inputs),
        extra: { vpcEndpointId: previous.vpcEndpointId, vpcEndpointCreated: previous.vpcEndpointCreated === true },
      };
    }
    return connect(inputs, previous);
  },
  exists: (outputs) => existsUnlessNotFound(() => huaweiApis(outputs).ucs.showClusterGroup(outputs.clusterGroupId)),
  async destroy(outputs) {
    if (outputs.deleteVpcEndpoint === false || outputs.vpcEndpointCreated !== true) return;
    const apis = huaweiApis(outputs);
    let id: string = outputs.vpcEndpointId;
    if (!id) {
      // A create that failed half-way recorded that it made an endpoint, but not which one.
      const service = await endpointServiceName(apis, outputs.clusterGroupId);
      id = newest(await findEndpoints(apis, outputs, service))?.id ?? "";
    }
    if (id) await apis.vpcep.deleteEndpoint(outputs.projectId, id);
  },
};
