/** Seed data: documented ids (emulator/README.md) in the vendors' shapes. */
import { EmulatorClock } from "./clock";
import { startKubeApiServer } from "./kube-api";
import { ClusterRecord, FleetRecord, TkeEndpoint } from "./state";

/** Seeded ids, returned in the handle and printed by the CLI. */
export const SEED = {
  ucs: {
    clusters: [
      { id: "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5", name: "ucs-attached-demo" },
      { id: "7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", name: "ucs-onprem-demo" },
    ],
    fleets: {
      federated: { id: "b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e", name: "fleet-federated" },
      plain: { id: "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f", name: "fleet-plain" },
    },
    endpointService: {
      id: "d3e4f5a6-b7c8-4d9e-8f1a-2b3c4d5e6f70",
      name: "cn-north-4.ucs-federation.d3e4f5a6-b7c8-4d9e-8f1a-2b3c4d5e6f70",
    },
    vpcId: "e4f5a6b7-c8d9-4e0f-9a1b-2c3d4e5f6a7b",
    subnetId: "f5a6b7c8-d9e0-4f1a-8b2c-3d4e5f6a7b8c",
  },
  cce: {
    region: "cn-north-4",
    publicCluster: { id: "0c1d2e3f-4a5b-11ef-9c6d-0255ac100b02", name: "cce-public" },
    privateCluster: { id: "1d2e3f4a-5b6c-11ef-8d7e-0255ac100b03", name: "cce-private" },
  },
  tke: {
    region: "ap-guangzhou",
    extranetCluster: { id: "cls-emu7pub1", name: "tke-public" },
    intranetCluster: { id: "cls-emu7int1", name: "tke-private" },
  },
};

export const KUBERNETES_VERSION = "v1.31.1";

export async function seedClusters(
  clock: EmulatorClock,
): Promise<{ clusters: ClusterRecord[]; fleets: FleetRecord[] }> {
  const kube = (name: string) => startKubeApiServer({ name, clock, gitVersion: KUBERNETES_VERSION });
  const clusters: ClusterRecord[] = [];
  // Each cluster's API server is named after it; started one after the other, in this order.
  const add = async (
    vendor: ClusterRecord["vendor"],
    seed: { id: string; name: string },
    region: string,
    more: Partial<ClusterRecord> = {},
  ) => {
    const kubernetesVersion = KUBERNETES_VERSION;
    clusters.push({ vendor, ...seed, region, ...more, kubernetesVersion, kube: await kube(seed.name) });
  };
  for (const c of SEED.ucs.clusters) await add("ucs", c, "cn-north-4");
  await add("cce", SEED.cce.publicCluster, SEED.cce.region, { publicIp: true });
  await add("cce", SEED.cce.privateCluster, SEED.cce.region, { publicIp: false });
  // Fresh endpoint objects per cluster: the TKE routes change them in place.
  const tke = (extranet: TkeEndpoint["status"]): Partial<ClusterRecord> => ({
    extranet: { status: extranet },
    intranet: { status: "Created" },
  });
  await add("tke", SEED.tke.extranetCluster, SEED.tke.region, tke("Created"));
  await add("tke", SEED.tke.intranetCluster, SEED.tke.region, tke("NotFound"));
  const since = clock.now();
  const gw = [
    {
      type: "VPCEP" as const,
      name: SEED.ucs.endpointService.name,
      id: SEED.ucs.endpointService.id,
      region: "cn-north-4",
    },
  ];
  const fleets: FleetRecord[] = [
    {
      ...SEED.ucs.fleets.federated,
      federation: {
        status: "Available",
        since,
        jobType: "CreateFederation",
        jobId: "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d",
      },
      connectGatewayEndpoints: gw,
      kube: await kube("fleet-federated"),
    },
    { ...SEED.ucs.fleets.plain, connectGatewayEndpoints: gw, kube: await kube("fleet-plain") },
  ];
  return { clusters, fleets };
}
