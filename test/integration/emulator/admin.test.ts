/**
 * The in-process admin interface (`emu.admin`): another party makes a VPC endpoint (seen by the signed
 * VPCEP API with its tags) or deletes one out of band (then show, delete and tags answer 404 EndPoint.0005
 * and the list omits it); issuance counts and live endpoints are read without the API. Also: requests to a
 * path or host the gateway does not know answer 404 APIGW.0101 in the gateway shape.
 */
import { startEmulator } from "../../../emulator";
import { useEmulator } from "../../support/emulator-fixture";
import { Res, huawei, ucs } from "./client";

const { emu, agent } = useEmulator();

const pid = () => emu.credentials.huawei.projectId;
const project = () => ({ "x-project-id": pid() });
const domain = () => ({ "x-domain-id": emu.credentials.huawei.domainId });
const vpcep = (method: string, path: string, body?: unknown): Promise<Res> =>
  huawei(emu, agent, method, emu.endpoints.vpcep("cn-north-4"), `/v1/${pid()}${path}`, {
    body,
    extraHeaders: project(),
  });
const madeInConsole = (endpointServiceName: string) =>
  emu.admin.createVpcEndpoint({
    projectId: pid(),
    vpcId: emu.seed.ucs.vpcId,
    endpointServiceName,
    endpointServiceId: "f0f0f0f0-0000-4000-8000-000000000000",
    tags: [{ key: "made-by", value: "console" }],
  });

describe("emulator admin: VPC endpoints made and deleted by another party", () => {
  it("createVpcEndpoint makes an endpoint the API shows and lists, with its tags and no fleet", async () => {
    const name = emu.seed.ucs.endpointService.name.toUpperCase();
    const rec = madeInConsole(name);
    expect(rec).toMatchObject({
      projectId: pid(),
      vpcId: emu.seed.ucs.vpcId,
      endpointServiceName: name,
      status: "accepted",
      tags: [{ key: "made-by", value: "console" }],
    });
    expect(rec.fleetId).toBeUndefined();
    expect(rec.subnetId).toMatch(/^[0-9a-f-]{36}$/);
    expect(emu.admin.liveVpcEndpoints().map((e) => e.id)).toContain(rec.id);
    const shown = await vpcep("GET", `/vpc-endpoints/${rec.id}`);
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({ id: rec.id, endpoint_service_name: name, tags: rec.tags });
    const listed = await vpcep("GET", `/vpc-endpoints?endpoint_service_name=${encodeURIComponent(name)}`);
    expect(listed.json.endpoints.map((e: { id: string }) => e.id)).toContain(rec.id);
  });

  it("deleteVpcEndpoint removes it out of band: show, delete and tags answer 404 EndPoint.0005, the list omits it", async () => {
    const rec = madeInConsole("cn-north-4.console-made");
    const gone = emu.admin.deleteVpcEndpoint(rec.id);
    expect(gone.id).toBe(rec.id);
    expect(gone.deletedAt).toBeInstanceOf(Date);
    expect(emu.admin.liveVpcEndpoints().map((e) => e.id)).not.toContain(rec.id);
    const notFound = { error_code: "EndPoint.0005", error_msg: "The requested resource does not exist." };
    const show = await vpcep("GET", `/vpc-endpoints/${rec.id}`);
    expect([show.status, show.json]).toEqual([404, notFound]);
    const del = await vpcep("DELETE", `/vpc-endpoints/${rec.id}`);
    expect([del.status, del.json]).toEqual([404, notFound]);
    const tags = await vpcep("POST", `/endpoint/${rec.id}/tags/action`, { action: "delete", tags: [{ key: "k" }] });
    expect([tags.status, tags.json]).toEqual([404, notFound]);
    const list = await vpcep("GET", `/vpc-endpoints?limit=100`);
    expect(list.json.endpoints.map((e: { id: string }) => e.id)).not.toContain(rec.id);
    expect(() => emu.admin.deleteVpcEndpoint(rec.id)).toThrow(/no live VPC endpoint/);
  });

  it("createVpcEndpoint refuses missing fields, invalid tags and more than 20 tags", () => {
    const base = {
      projectId: pid(),
      vpcId: emu.seed.ucs.vpcId,
      endpointServiceName: "svc",
      endpointServiceId: "svc-id",
    };
    const before = emu.state.vpcEndpoints.length;
    expect(() => emu.admin.createVpcEndpoint({ ...base, vpcId: "" })).toThrow(/vpcId is required/);
    expect(() => emu.admin.createVpcEndpoint({ ...base, tags: [{ key: "a.b", value: "v" }] })).toThrow(/tag key/);
    const many = Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: "v" }));
    expect(() => emu.admin.createVpcEndpoint({ ...base, tags: many })).toThrow(/at most 20 tags/);
    expect(emu.state.vpcEndpoints.length).toBe(before);
  });
});

describe("emulator admin: reading what the vendor did", () => {
  it("issuanceCounts is a copy that follows the certificates minted", async () => {
    const id = emu.seed.ucs.clusters[0].id;
    const before = emu.admin.issuanceCounts();
    before[id] = 1000;
    expect(emu.admin.issuanceCounts()[id]).toBeUndefined();
    const r = await ucs(emu, agent, "POST", `/v1/clusters/${id}/kubeconfig`);
    expect(r.status).toBe(201);
    expect(emu.admin.issuanceCounts()[id]).toBe(1);
  });

  it("liveVpcEndpoints follows the API's deletions", async () => {
    const rec = madeInConsole("cn-north-4.to-delete");
    expect((await vpcep("DELETE", `/vpc-endpoints/${rec.id}`)).status).toBe(204);
    expect(emu.admin.liveVpcEndpoints().map((e) => e.id)).not.toContain(rec.id);
    expect(emu.state.vpcEndpoints.find((e) => e.id === rec.id)!.deletedAt).toBeInstanceOf(Date);
  });
});

describe("emulator: paths and hosts the gateway does not know", () => {
  const gatewayNotFound = (r: Res) => {
    expect(r.status).toBe(404);
    expect(r.json).toEqual({
      error_code: "APIGW.0101",
      error_msg: expect.stringMatching(/does not exist or has not been published/),
      request_id: r.headers["x-request-id"],
    });
  };

  it.each([
    ["UCS", () => ({ base: emu.endpoints.ucs, path: "/v2/nothing", headers: domain() })],
    ["CCE", () => ({ base: emu.endpoints.cce("cn-north-4"), path: `/api/v3/projects/${pid()}/x`, headers: project() })],
    ["IAM", () => ({ base: emu.endpoints.iam("cn-north-4"), path: "/v3/nothing", headers: {} })],
    [
      "VPCEP",
      () => ({ base: emu.endpoints.vpcep("cn-north-4"), path: `/v1/${pid()}/vpc-endpoints/a/b`, headers: project() }),
    ],
  ])("an unknown path on %s (signed) answers 404 APIGW.0101", async (_name, req) => {
    const q = req();
    gatewayNotFound(await huawei(emu, agent, "GET", q.base, q.path, { extraHeaders: q.headers }));
  });

  it("an unknown Huawei host prefix (a service the emulator does not stand in for) answers 404 APIGW.0101", async () => {
    const r = await huawei(emu, agent, "GET", `${emu.url}/ecs.cn-north-4.myhuaweicloud.com`, "/v1/servers");
    gatewayNotFound(r);
    expect(emu.state.calls[emu.state.calls.length - 1]).toMatchObject({ service: "unknown", status: 404 });
  });
});

describe("emulator: stop", () => {
  it("stops each kube API server once, however many cluster records share it", async () => {
    const own = await startEmulator();
    const seed = own.state.clusters[0];
    const kube = seed.kube;
    let stops = 0;
    seed.kube = { ...kube, stop: () => (stops++, kube.stop()) };
    // Copies of one record share its kube API server, as the benchmarks make them. Stopping it once per record
    // added a close listener per record to one server (MaxListenersExceededWarning in the benchmark's output).
    for (let i = 0; i < 20; i++) own.state.clusters.push({ ...seed, id: `${seed.id}-copy${i}` });
    await own.stop();
    expect(stops).toBe(1);
  });
});
