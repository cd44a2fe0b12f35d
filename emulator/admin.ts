/**
 * The test-side admin interface: acts as another party on the vendor side (an endpoint made or deleted in
 * the console) and reads what the vendor did, without going through the signed API.
 */
import { EmulatorClock } from "./clock";
import { EmulatorState, VpcEndpointRecord } from "./state";
import {
  MAX_VPC_ENDPOINT_TAGS,
  NewVpcEndpoint,
  createVpcEndpoint,
  liveVpcEndpoints,
  markVpcEndpointDeleted,
  tagProblem,
} from "./vpc-endpoints";

export type { NewVpcEndpoint } from "./vpc-endpoints";

export interface EmulatorAdmin {
  /**
   * Creates an accepted VPC endpoint as another party would (e.g. in the console), possibly to a service
   * whose name merely contains a fleet's service name or differs in case. It has no `fleetId`. Throws on a
   * missing field, an invalid tag or more than 20 tags.
   */
  createVpcEndpoint(e: NewVpcEndpoint): VpcEndpointRecord;
  /**
   * Deletes a live endpoint out of band: afterwards VPCEP show/delete/tags answer 404 `EndPoint.0005` and
   * the list omits it. Returns its record; throws when no live endpoint has this id.
   */
  deleteVpcEndpoint(id: string): VpcEndpointRecord;
  /** A copy of the certificate issuance counts per cluster or fleet id. */
  issuanceCounts(): Record<string, number>;
  /** The endpoints not deleted (the state's own records). */
  liveVpcEndpoints(): VpcEndpointRecord[];
}

export function createAdmin(state: EmulatorState, clock: EmulatorClock): EmulatorAdmin {
  return {
    createVpcEndpoint: (e) => {
      for (const k of ["projectId", "vpcId", "endpointServiceName", "endpointServiceId"] as const) {
        if (typeof e[k] !== "string" || e[k] === "") throw new Error(`createVpcEndpoint: ${k} is required`);
      }
      const tags = e.tags || [];
      const problem = tags.map(tagProblem).find((p) => p !== undefined);
      if (problem) throw new Error(`createVpcEndpoint: ${problem}`);
      if (tags.length > MAX_VPC_ENDPOINT_TAGS || new Set(tags.map((t) => t.key)).size !== tags.length) {
        throw new Error(`createVpcEndpoint: at most ${MAX_VPC_ENDPOINT_TAGS} tags, each key once`);
      }
      return createVpcEndpoint(state, clock.now(), { ...e, fleetId: undefined });
    },
    deleteVpcEndpoint: (id) => {
      const e = liveVpcEndpoints(state).find((x) => x.id === id);
      if (!e) throw new Error(`deleteVpcEndpoint: no live VPC endpoint ${id}`);
      markVpcEndpointDeleted(e, clock.now());
      return e;
    },
    issuanceCounts: () => ({ ...state.issuanceCounts }),
    liveVpcEndpoints: () => liveVpcEndpoints(state),
  };
}
