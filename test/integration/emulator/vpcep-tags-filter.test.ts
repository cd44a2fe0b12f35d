/**
 * VPC endpoints as the real VPCEP API treats them: the `endpoint_service_name` list filter is fuzzy and
 * case-insensitive (`vpc_id` and `id` stay exact); endpoints carry tags, set and removed by
 * BatchAddOrDeleteResourceTags (vpcep_06_0502: at most 20, key 1..36, value 0..43, create overwrites, delete
 * by key or key and value, deleting a missing tag succeeds) and returned by show and list; and
 * CreateFederationConnection answers the endpoint's id, ip and dnsNames.
 */
import { VpcEndpointRecord } from "../../../emulator";
import { useEmulator } from "../../support/emulator-fixture";
import { Res, huawei, ucs } from "./client";

const { emu, agent } = useEmulator({ clearFaultsAfterEach: true });

const pid = () => emu.credentials.huawei.projectId;
const vpcep = (method: string, path: string, body?: unknown, project = pid()): Promise<Res> =>
  huawei(emu, agent, method, emu.endpoints.vpcep("cn-north-4"), `/v1/${project}${path}`, {
    body,
    extraHeaders: { "x-project-id": pid() },
  });
const tagAction = (id: string, body: unknown, type = "endpoint") => vpcep("POST", `/${type}/${id}/tags/action`, body);
const tagsOf = async (id: string) => (await vpcep("GET", `/vpc-endpoints/${id}`)).json.tags;
const listIds = async (query: string) =>
  (await vpcep("GET", `/vpc-endpoints?${query}&limit=100`)).json.endpoints.map((e: { id: string }) => e.id).sort();

/** A VPC endpoint made through UCS CreateFederationConnection (the fleet's own service). */
async function connection(): Promise<Res> {
  const r = await ucs(emu, agent, "POST", `/v1/clustergroups/${emu.seed.ucs.fleets.federated.id}/connection`, {
    body: { projectID: pid(), vpcID: emu.seed.ucs.vpcId, subnetID: emu.seed.ucs.subnetId },
  });
  expect(r.status).toBe(201);
  return r;
}

describe("emulator: CreateFederationConnection answer", () => {
  it("answers 201 with the endpoint's id, ip and dnsNames (an array)", async () => {
    const r = await connection();
    const rec = emu.admin.liveVpcEndpoints().find((e) => e.id === r.json.id)!;
    expect(r.json).toEqual({ id: rec.id, ip: rec.ip, dnsNames: [] });
    expect(rec.fleetId).toBe(emu.seed.ucs.fleets.federated.id);
  });
});

describe("emulator: ListEndpoints filters", () => {
  let own: string;
  let others: Record<string, VpcEndpointRecord>;
  beforeAll(async () => {
    const service = emu.seed.ucs.endpointService;
    // A clean slate: only the endpoints made below are live.
    for (const e of emu.admin.liveVpcEndpoints()) emu.admin.deleteVpcEndpoint(e.id);
    own = (await connection()).json.id;
    const make = (endpointServiceName: string, vpcId = emu.seed.ucs.vpcId) =>
      emu.admin.createVpcEndpoint({ projectId: pid(), vpcId, endpointServiceName, endpointServiceId: "other-svc" });
    others = {
      longer: make(`${service.name}-shadow`),
      upper: make(service.name.toUpperCase()),
      unrelated: make("cn-north-4.some-other-service.0000"),
      elsewhere: make(service.name, "aaaaaaaa-0000-4000-8000-000000000000"),
    };
  });

  it("endpoint_service_name matches a substring, case-insensitively", async () => {
    const name = emu.seed.ucs.endpointService.name;
    const expected = [own, others.longer.id, others.upper.id, others.elsewhere.id].sort();
    expect(await listIds(`endpoint_service_name=${encodeURIComponent(name)}`)).toEqual(expected);
    // A middle part, in another case, still matches all of them; the unrelated service never does.
    expect(await listIds("endpoint_service_name=UCS-FEDERATION")).toEqual(expected);
    expect(await listIds("endpoint_service_name=some-OTHER")).toEqual([others.unrelated.id]);
    expect(await listIds("endpoint_service_name=no-such-service")).toEqual([]);
  });

  it("vpc_id and id stay exact", async () => {
    const vpc = emu.seed.ucs.vpcId;
    expect(await listIds(`vpc_id=${vpc.slice(0, 8)}`)).toEqual([]);
    expect(await listIds(`vpc_id=${vpc.toUpperCase()}`)).toEqual([]);
    expect(await listIds(`vpc_id=${vpc}`)).not.toContain(others.elsewhere.id);
    expect(await listIds(`id=${own.slice(0, 8)}`)).toEqual([]);
    expect(await listIds(`id=${own}`)).toEqual([own]);
  });
});

describe("emulator: VPC endpoint tags (BatchAddOrDeleteResourceTags)", () => {
  it("creates (204, no body), overwrites by key, deletes by key or key and value; show and list return them", async () => {
    const id = (await connection()).json.id as string;
    expect(await tagsOf(id)).toEqual([]);
    const created = await tagAction(id, {
      action: "create",
      tags: [
        { key: "owner", value: "stack-a" },
        { key: "env", value: "prod.eu" },
      ],
    });
    expect([created.status, created.text]).toEqual([204, ""]);
    expect(emu.state.calls[emu.state.calls.length - 1]).toMatchObject({
      service: "vpcep",
      operation: "BatchAddOrDeleteResourceTags",
      status: 204,
    });
    expect(await tagsOf(id)).toEqual([
      { key: "owner", value: "stack-a" },
      { key: "env", value: "prod.eu" },
    ]);
    await tagAction(id, { action: "create", tags: [{ key: "owner", value: "stack-b" }] });
    expect(await tagsOf(id)).toEqual([
      { key: "owner", value: "stack-b" },
      { key: "env", value: "prod.eu" },
    ]);
    const listed = await vpcep("GET", `/vpc-endpoints?id=${id}`);
    expect(listed.json.endpoints[0].tags).toEqual(await tagsOf(id));

    // Key and a different value: kept. Missing tags: success, nothing changes.
    expect((await tagAction(id, { action: "delete", tags: [{ key: "owner", value: "stack-a" }] })).status).toBe(204);
    expect((await tagAction(id, { action: "delete", tags: [{ key: "absent" }] })).status).toBe(204);
    expect(await tagsOf(id)).toHaveLength(2);
    await tagAction(id, { action: "delete", tags: [{ key: "owner", value: "stack-b" }, { key: "env" }] });
    expect(await tagsOf(id)).toEqual([]);
  });

  it("allows 20 tags per endpoint; the 21st fails with EndPoint.0016 and changes nothing", async () => {
    const id = (await connection()).json.id as string;
    const twenty = Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
    expect((await tagAction(id, { action: "create", tags: twenty })).status).toBe(204);
    // Overwriting an existing key does not count as a new tag.
    expect((await tagAction(id, { action: "create", tags: [{ key: "k0", value: "again" }] })).status).toBe(204);
    const over = await tagAction(id, { action: "create", tags: [{ key: "k20", value: "v" }] });
    expect([over.status, over.json.error_code]).toEqual([400, "EndPoint.0016"]);
    const tags = await tagsOf(id);
    expect(tags).toHaveLength(20);
    expect(tags[0]).toEqual({ key: "k0", value: "again" });
    const fresh = (await connection()).json.id as string;
    const batch = [...twenty, { key: "k20", value: "v" }];
    const tooMany = await tagAction(fresh, { action: "create", tags: batch });
    expect([tooMany.status, tooMany.json.error_code]).toEqual([400, "EndPoint.0016"]);
    expect(await tagsOf(fresh)).toEqual([]);
  });

  it.each([
    ["a key over 36 characters", "EndPoint.0002", { action: "create", tags: [{ key: "k".repeat(37), value: "v" }] }],
    ["an empty key", "EndPoint.0002", { action: "create", tags: [{ key: "", value: "v" }] }],
    ["a key with a dot", "EndPoint.0002", { action: "create", tags: [{ key: "a.b", value: "v" }] }],
    ["a value over 43 characters", "EndPoint.0002", { action: "create", tags: [{ key: "k", value: "v".repeat(44) }] }],
    ["a value with a space", "EndPoint.0002", { action: "create", tags: [{ key: "k", value: "a b" }] }],
    ["create without a value", "EndPoint.0002", { action: "create", tags: [{ key: "k" }] }],
    [
      "a key twice in one create",
      "EndPoint.0002",
      {
        action: "create",
        tags: [
          { key: "k", value: "1" },
          { key: "k", value: "2" },
        ],
      },
    ],
    ["delete with an empty key", "EndPoint.0002", { action: "delete", tags: [{ key: "" }] }],
    ["no tags array", "EndPoint.0002", { action: "create" }],
    ["an unknown action", "EndPoint.0007", { action: "update", tags: [] }],
    ["no action", "EndPoint.0007", { tags: [] }],
  ])("refuses %s with 400 %s", async (_name, code, body) => {
    const id = (await connection()).json.id as string;
    const r = await tagAction(id, body);
    expect([r.status, r.json.error_code]).toEqual([400, code]);
    expect(await tagsOf(id)).toEqual([]);
  });

  it("accepts the documented limits: 36-character key, 43-character value with '.', '_' and '-'", async () => {
    const id = (await connection()).json.id as string;
    const tag = { key: `${"k".repeat(34)}_-`, value: `${"v".repeat(40)}._-` };
    expect((await tagAction(id, { action: "create", tags: [tag] })).status).toBe(204);
    expect(await tagsOf(id)).toEqual([tag]);
  });

  it("refuses a body that is not an object (here a JSON string) with 400 EndPoint.0002", async () => {
    const id = (await connection()).json.id as string;
    const r = await huawei(
      emu,
      agent,
      "POST",
      emu.endpoints.vpcep("cn-north-4"),
      `/v1/${pid()}/endpoint/${id}/tags/action`,
      { body: "not json", extraHeaders: { "x-project-id": pid() } },
    );
    expect([r.status, r.json.error_code]).toEqual([400, "EndPoint.0002"]);
  });

  it("answers an unknown endpoint or endpoint service 404 EndPoint.0005, a foreign project 403 EndPoint.0004", async () => {
    const body = { action: "create", tags: [{ key: "k", value: "v" }] };
    const unknown = await tagAction("00000000-0000-4000-8000-000000000000", body);
    expect([unknown.status, unknown.json]).toEqual([
      404,
      { error_code: "EndPoint.0005", error_msg: "The requested resource does not exist." },
    ]);
    const service = await tagAction(emu.seed.ucs.endpointService.id, body, "endpoint_service");
    expect([service.status, service.json.error_code]).toEqual([404, "EndPoint.0005"]);
    const id = (await connection()).json.id as string;
    const foreign = await vpcep("POST", `/endpoint/${id}/tags/action`, body, "0".repeat(32));
    expect([foreign.status, foreign.json.error_code]).toEqual([403, "EndPoint.0004"]);
    expect(await tagsOf(id)).toEqual([]);
    // Any other resource type is a path the gateway does not know.
    const other = await tagAction(id, body, "vpc-endpoints");
    expect([other.status, other.json.error_code]).toEqual([404, "APIGW.0101"]);
  });

  it("takes faults by its operation name; after the side effect the tags are set although the answer is 500", async () => {
    const id = (await connection()).json.id as string;
    emu.faults.add({
      operation: "BatchAddOrDeleteResourceTags",
      phase: "after",
      status: 500,
      vendorCode: "EndPoint.0001",
    });
    const r = await tagAction(id, { action: "create", tags: [{ key: "owner", value: "stack-a" }] });
    expect([r.status, r.json.error_code]).toEqual([500, "EndPoint.0001"]);
    expect(await tagsOf(id)).toEqual([{ key: "owner", value: "stack-a" }]);
  });
});
