/**
 * Reading CCE ShowCluster `status.endpoints`: Huawei Cloud's `[{ url, type }]` (huaweicloud-sdk-go-v3
 * services/cce/v3/model ClusterEndpoints) and the one-key-per-entry form of the Open Telekom Cloud reference
 * ("Reading a Specified Cluster"). Anything else reads as "unknown", which must not block a request.
 */
import { cceClusterEndpoints } from "../../../provider/huaweicloud/cce";

const INTERNAL = "https://192.168.0.61:5443";
const EXTERNAL = "https://10.185.69.54:5443";

const cases: [string, unknown, ReturnType<typeof cceClusterEndpoints>][] = [
  [
    "Huawei Cloud, private cluster",
    { status: { phase: "Available", endpoints: [{ url: INTERNAL, type: "Internal" }] } },
    [{ type: "Internal", url: INTERNAL }],
  ],
  [
    "Huawei Cloud, cluster with an EIP",
    {
      status: {
        endpoints: [
          { url: INTERNAL, type: "Internal" },
          { url: EXTERNAL, type: "External" },
        ],
      },
    },
    [
      { type: "Internal", url: INTERNAL },
      { type: "External", url: EXTERNAL },
    ],
  ],
  [
    "Open Telekom Cloud reference form",
    { status: { endpoints: [{ Internal: INTERNAL }, { external: EXTERNAL }, { external_otc: "https://x.otc" }] } },
    [
      { type: "Internal", url: INTERNAL },
      { type: "External", url: EXTERNAL },
      { type: "external_otc", url: "https://x.otc" },
    ],
  ],
  ["no status", { kind: "Cluster" }, undefined],
  ["empty list (e.g. while the cluster is created)", { status: { endpoints: [] } }, undefined],
  ["not a list", { status: { endpoints: { url: INTERNAL } } }, undefined],
  ["entries of an unknown shape", { status: { endpoints: [{ address: INTERNAL }, null, 3] } }, undefined],
  ["not an object", "Cluster", undefined],
];

it.each(cases)("%s", (_name, body, expected) => {
  expect(cceClusterEndpoints(body)).toEqual(expected);
});
